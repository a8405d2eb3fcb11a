/**
 * The fair-share pages in a real browser: regional staff reach the report from their home page,
 * read the chart and its table (those furthest below their fair share first), filter it, enter
 * and upload figures (a refused form shows its error summary and saves nothing); an organisation
 * sees its own rows and its trend. Every page visited passes axe and leaves a screenshot.
 */
import type { Browser, Page } from 'playwright-core';
import { createFairShareProviders, enterFairShareFigures, type FairShareRegion } from '../e2e/fixtures/fair-share-region';
import { launchBrowser, openPage } from '../support/browser';
import { startTestSystem, type TestSystem } from '../support/system';
import { FairShareReportPage, FairShareTrendPage, FiguresPage, UploadPage } from './pages/fair-share';
import { HomePage } from './pages/home';
import { signInByEmail } from './pages/sign-in';

// Browser journeys on a shared 2-core machine: each step waits on events, but a journey is long.
jest.setTimeout(300_000);

describe('fair share pages', () => {
  let system: TestSystem;
  let region: FairShareRegion;
  let browser: Browser;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createFairShareProviders(system);
    await enterFairShareFigures(system, region);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function signedIn(email: string, name: string): Promise<Page> {
    const { page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, email, '/', name);
    await new HomePage(page).arrived(`${name}-home`);
    return page;
  }

  it('regional staff: from the home page to the chart and its table, ordered by ratio, and filtered', async () => {
    const page = await signedIn(region.emails.staff, 'fair-share-staff');
    await new HomePage(page).section('fair-share').getByRole('link', { name: 'Fair-share report, 2025-26' }).click();
    const report = await new FairShareReportPage(page).arrived('fair-share-report-physiotherapy');

    // The chart is one image with a title and a description; its figures are in the table.
    await report.chart.waitFor();
    expect(await report.chart.locator('title').textContent()).toBe(
      'Physiotherapy, 2025-26: expected and offered placement weeks by provider',
    );
    expect(await report.chart.locator('desc').textContent()).toContain(
      'of 6 providers, those furthest below their fair share first: 2 at or above their fair share, 1 amber, 2 red, 1 with no fair share to compare',
    );
    expect(await report.chart.locator('rect').count()).toBe(12);
    expect(await report.rows()).toEqual([
      { provider: region.org.eastfield.name, cells: ['20', '240', '0', '0.00', 'Red'] },
      { provider: region.org.hillview.name, cells: ['10', '120', '90', '0.75', 'Red'] },
      { provider: region.org.riverside.name, cells: ['25', '300', '250', '0.83', 'Amber'] },
      { provider: region.org.parkside.name, cells: ['5', '60', '60', '1.00', 'Green'] },
      { provider: region.org.northgate.name, cells: ['40', '480', '500', '1.04', 'Green'] },
      { provider: region.org.westway.name, cells: ['0', '0', '12', 'No fair share', '–'] },
    ]);
    // The chart draws the providers in the table's order.
    const labels = await report.chart.locator('g > text[text-anchor="end"]').allTextContents();
    expect(labels).toEqual([
      region.org.eastfield.name,
      region.org.hillview.name,
      region.org.riverside.name,
      region.org.parkside.name,
      region.org.northgate.name,
      region.org.westway.name,
    ]);

    await report.show({ profession: 'Occupational therapy', kind: 'NHS trust' });
    await report.arrived('fair-share-report-ot-trusts');
    expect((await report.rows()).map((r) => [r.provider, r.cells[1], r.cells[3]])).toEqual([
      [region.org.northgate.name, '178.57', '0.84'],
      [region.org.riverside.name, '107.14', '1.00'],
      [region.org.eastfield.name, '142.86', '1.05'],
    ]);

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /Download the report as a spreadsheet/ }).click();
    const csv = await download;
    expect(csv.suggestedFilename()).toBe('trainflow-fair-share-2025-26.csv');
    await page.context().close();
  });

  it('regional staff: a refused form shows the error summary and saves nothing; a good one updates the report', async () => {
    const page = await signedIn(region.emails.staff, 'fair-share-enter');
    await page.goto('/fair-share/2025-26/figures/offered-weeks?profession=physiotherapy');
    const form = await new FiguresPage(page, 'Offered placement weeks: physiotherapy').arrived('fair-share-offered-form');
    const eastfield = `${region.org.eastfield.name} (${region.org.eastfield.odsCode})`;
    await form.fill(eastfield, 'ten');
    await form.save();
    await form.arrived('fair-share-offered-form-refused');
    expect(await form.errorSummary.innerText()).toContain(`Enter weeks for ${region.org.eastfield.name}`);
    expect((await region.hee.get('/api/fair-share/periods/2025-26/report?profession=physiotherapy')).body.rows[0].offeredWeeks).toBe(0);

    // A number no region has: the API's own limit, on the page too.
    await form.fill(eastfield, '99999999999');
    await form.save();
    await form.arrived('fair-share-offered-form-too-big');
    expect(await form.errorSummary.innerText()).toContain(`${region.org.eastfield.name}`);
    expect((await region.hee.get('/api/fair-share/periods/2025-26/report?profession=physiotherapy')).body.rows[0].offeredWeeks).toBe(0);

    await form.fill(eastfield, '200');
    await form.save();
    const report = await new FairShareReportPage(page).arrived('fair-share-report-saved');
    expect(await report.banner.innerText()).toContain('Figures saved');
    // 200 of Eastfield's 240 is 0.83: amber now, second from the top.
    expect((await report.rows())[1]).toEqual({ provider: region.org.eastfield.name, cells: ['20', '240', '200', '0.83', 'Amber'] });
    await page.context().close();
  });

  it('regional staff: an uploaded file with a bad line is refused whole, every line named', async () => {
    const page = await signedIn(region.emails.staff, 'fair-share-upload');
    await page.goto('/fair-share/2025-26/upload');
    const upload = await new UploadPage(page).arrived('fair-share-upload');
    const odsOf = (key: keyof FairShareRegion['org']) => region.org[key].odsCode;
    await upload.upload(
      'Workforce',
      'workforce.csv',
      [
        'organisation,profession,wte',
        `${odsOf('hillview')},physiotherapy,11`,
        'Nowhere Trust,physiotherapy,2',
        `${odsOf('parkside')},physiotherapy,-1`,
      ].join('\n'),
    );
    await upload.arrived('fair-share-upload-refused');
    const summary = await upload.errorSummary.innerText();
    expect(summary).toContain('Line 3, organisation: no organisation "Nowhere Trust"');
    expect(summary).toMatch(/Line 4, wte: /);
    expect((await region.hee.get('/api/fair-share/periods/2025-26/workforce')).body.rows).toContainEqual({
      organisationId: region.org.hillview.id,
      profession: 'physiotherapy',
      wte: 10,
    });

    await upload.upload('Workforce', 'workforce.csv', ['organisation,profession,wte', `${odsOf('hillview')},physiotherapy,10`].join('\n'));
    await new FairShareReportPage(page).arrived('fair-share-upload-saved');
    await page.context().close();
  });

  it('an organisation sees its own rows and the region’s totals, and its trend across the years', async () => {
    const page = await signedIn(region.emails.submitter.northgate, 'fair-share-organisation');
    await new HomePage(page).section('fair-share').getByRole('link', { name: 'Fair-share report, 2025-26' }).click();
    const report = await new FairShareReportPage(page).arrived('fair-share-report-organisation');
    expect(await report.rows()).toEqual([{ provider: region.org.northgate.name, cells: ['40', '480', '500', '1.04', 'Green'] }]);
    expect(await page.locator('main').innerText()).not.toContain(region.org.riverside.name);
    expect(await page.getByRole('link', { name: 'Enter workforce in physiotherapy' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Your fair share across the years' }).click();
    const trend = await new FairShareTrendPage(page, region.org.northgate.name).arrived('fair-share-trend');
    const rows = await trend.rows();
    expect(rows.slice(0, 2)).toEqual([
      ['50', '400', '300', '0.75', 'Red'],
      ['40', '480', '500', '1.04', 'Green'],
    ]);
    expect(await page.locator('figure.app-chart svg[role="img"]').count()).toBe(4); // physiotherapy, OT, SLT, podiatry

    await page.goto(`/fair-share/organisations/${region.org.riverside.id}`);
    expect(await page.locator('h1').innerText()).toBe('Page not found');
    await page.goto('/fair-share/2025-26/figures/workforce');
    expect(await page.locator('h1').innerText()).toBe('You cannot see this page');
    await page.context().close();
  });

  it('an organisation enters its own offered weeks; weeks with no workforce figure are pointed out, to it and to regional staff', async () => {
    const page = await signedIn(region.emails.submitter.parkside, 'fair-share-parkside');
    await new HomePage(page).section('fair-share').getByRole('link', { name: 'Fair-share report, 2025-26' }).click();
    const report = await new FairShareReportPage(page).arrived('fair-share-report-parkside');
    await report.show({ profession: 'Occupational therapy' });
    await report.arrived('fair-share-report-parkside-ot');
    expect(await page.locator('main').innerText()).toContain(
      'Your organisation has no workforce figure in occupational therapy for 2025-26.',
    );
    expect(await report.withoutWorkforce.innerText()).toContain('Your organisation offers placement weeks in occupational therapy');
    expect(await report.withoutWorkforce.locator('li').allInnerTexts()).toEqual([`${region.org.parkside.name}: 30 weeks`]);

    await page.getByRole('link', { name: 'Enter your offered placement weeks' }).click();
    const form = await new FiguresPage(page, 'Offered placement weeks').arrived('fair-share-parkside-offered-form');
    // Only its own figures, one box per profession: no other provider is on the form.
    expect(await page.locator('main').innerText()).not.toContain(region.org.northgate.name);
    await form.fill('Physiotherapy', '-5');
    await form.save();
    await form.arrived('fair-share-parkside-offered-refused');
    expect(await form.errorSummary.innerText()).toContain('Physiotherapy');
    const physiotherapy = async () =>
      (await region.hee.get('/api/fair-share/periods/2025-26/report?profession=physiotherapy')).body.rows.find(
        (row: { organisationId: string }) => row.organisationId === region.org.parkside.id,
      );
    expect(await physiotherapy()).toMatchObject({ offeredWeeks: 60 });

    await form.fill('Physiotherapy', '72');
    await form.save();
    await report.arrived('fair-share-parkside-offered-saved');
    expect(await report.banner.innerText()).toContain('Figures saved');
    // 72 of a fair share of 60 is 1.20.
    expect(await report.rows()).toEqual([{ provider: region.org.parkside.name, cells: ['5', '60', '72', '1.20', 'Green'] }]);
    expect(await physiotherapy()).toMatchObject({ offeredWeeks: 72, ratio: 1.2, rag: 'green' });
    await page.context().close();

    // Regional staff see the same gap, with the way to close it.
    const staff = await signedIn(region.emails.staff, 'fair-share-staff-gap');
    await staff.goto('/fair-share/2025-26?profession=occupational_therapy');
    const staffReport = await new FairShareReportPage(staff).arrived('fair-share-report-staff-ot-gap');
    expect(await staffReport.withoutWorkforce.locator('li').allInnerTexts()).toEqual([`${region.org.parkside.name}: 30 weeks`]);
    await staffReport.withoutWorkforce.getByRole('link', { name: 'Enter workforce in occupational therapy' }).click();
    await new FiguresPage(staff, 'Workforce: occupational therapy').arrived('fair-share-staff-ot-workforce');
    await staff.context().close();
  });
});
