/**
 * An EOI's supporting documents in a real browser: the organisation's submitter follows the link
 * on the EOI's page, attaches a wrong file (refused on the form, naming it) and then two real
 * ones, finds them on the EOI's page, removes one attached by mistake and is told which went;
 * each page is scanned with axe.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from '../support/browser';
import { createRegion, eoiBody, type Region } from '../support/region';
import { SAMPLE_DOCUMENTS } from '../support/sample-documents';
import { startTestSystem, type TestSystem } from '../support/system';
import { EoiDocumentsPage, EoiPage } from './pages/eois';
import { signInByEmail } from './pages/sign-in';

jest.setTimeout(300_000);

describe('supporting documents of an EOI in a real browser', () => {
  let system: TestSystem;
  let region: Region;
  let browser: Browser;
  let eoiId: string;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system);
    eoiId = (await region.submitter.api.post('/api/eois', eoiBody(region))).body.id;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function signedIn(email: string, path: string, name: string): Promise<Page> {
    const { page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, email, path, name);
    return page;
  }

  it('attaches files from the EOI’s page, refuses a file that is not what it says, and removes one attached by mistake', async () => {
    const page = await signedIn(region.submitter.email, `/eois/${eoiId}`, 'eoi-documents-0-submitter');
    const eoi = await new EoiPage(page).arrived('eoi-documents-1-eoi');
    await eoi.loads(() => page.getByRole('link', { name: 'Attach supporting documents' }).click());
    const documents = await new EoiDocumentsPage(page).arrived('eoi-documents-2-empty');

    await documents.attach([{ name: 'Business case.pdf', mimeType: 'application/pdf', buffer: Buffer.from('just text') }]);
    await documents.arrived('eoi-documents-3-refused');
    expect(await documents.errorSummary.innerText()).toContain('“Business case.pdf”: the file is not a PDF');

    await documents.attach([
      { name: 'Job description.docx', mimeType: SAMPLE_DOCUMENTS.docx.type, buffer: SAMPLE_DOCUMENTS.docx.bytes },
      { name: 'Team photo.png', mimeType: 'image/png', buffer: SAMPLE_DOCUMENTS.png.bytes },
    ]);
    await eoi.arrived('eoi-documents-4-attached');
    expect(await eoi.banner.innerText()).toContain('Supporting documents attached');
    expect(await page.locator('#supporting-documents li a').allInnerTexts()).toEqual(['Job description.docx', 'Team photo.png']);

    await eoi.loads(() => page.getByRole('link', { name: 'Add or remove supporting documents' }).click());
    await documents.arrived('eoi-documents-5-listed');
    await documents.remove('Team photo.png');
    await documents.arrived('eoi-documents-6-removed');
    expect(await documents.banner.innerText()).toContain('“Team photo.png” was removed');
    expect(await documents.attached()).toEqual(['Job description.docx']);
  });
});
