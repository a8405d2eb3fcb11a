/**
 * Evidence files in a real browser: the practice manager attaches two files to a criterion from
 * its answer page, sees them listed, removes the one attached by mistake with its "Remove" button
 * (a plain form) and is told which file went; each page is scanned with axe.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from '../support/browser';
import { SAMPLE_DOCUMENTS } from '../support/sample-documents';
import { createSpokeApplicant } from '../support/spoke-applicant';
import { startTestSystem, type TestSystem } from '../support/system';
import { signInByEmail } from './pages/sign-in';
import { EvidenceAnswerPage, SpokeApplicationPage } from './pages/spoke';

jest.setTimeout(300_000);

describe('evidence files in a real browser', () => {
  let system: TestSystem;
  let browser: Browser;
  let applicationId: string;
  let criterion: { code: string; title: string };
  const practiceName = 'Astley Bridge Surgery';

  beforeAll(async () => {
    system = await startTestSystem();
    const applicant = await createSpokeApplicant(system, {
      practiceName,
      manager: { name: 'Pru Manager', email: 'pru@astley.nhs.uk' },
      administrator: { name: 'Ann Admin', email: 'ann@astley.nhs.uk' },
      educationalist: { name: 'Dr Eve', email: 'eve@astley.nhs.uk' },
    });
    applicationId = applicant.application.id;
    criterion = applicant.application.criteria[0]!;
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

  it('attaches files to a criterion and removes the wrong one, saying so', async () => {
    const page = await signedIn('pru@astley.nhs.uk', `/spoke-applications/${applicationId}`, 'documents-0-manager');
    const application = await new SpokeApplicationPage(page, practiceName).arrived('documents-1-application');
    await application.openTask(criterion.title);
    const answer = await new EvidenceAnswerPage(page, criterion.title).arrived('documents-2-answer');
    await answer.fill('Our teaching timetable and plan.');
    await answer.attach([
      { name: 'Timetable.pdf', mimeType: 'application/pdf', buffer: SAMPLE_DOCUMENTS.pdf.bytes },
      { name: 'Holiday photo.png', mimeType: 'image/png', buffer: SAMPLE_DOCUMENTS.png.bytes },
    ]);
    await answer.loads(() => answer.save());
    await application.arrived('documents-3-attached');
    await application.openTask(criterion.title);
    await answer.arrived('documents-4-answer-with-files');
    expect(await answer.attached()).toEqual(['Timetable.pdf', 'Holiday photo.png']);

    await answer.remove('Holiday photo.png');
    await answer.arrived('documents-5-removed');
    expect(await answer.banner.innerText()).toContain('“Holiday photo.png” was removed');
    expect(await answer.attached()).toEqual(['Timetable.pdf']);
    // The statement typed before is still there.
    expect(await page.getByLabel('How does the practice meet this criterion?').inputValue()).toBe('Our teaching timetable and plan.');
  });
});
