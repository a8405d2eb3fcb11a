/**
 * An administrator sets up reference data in a real browser, from the home page: a university, a
 * programme it runs, an intake of that programme, an organisation, a training hub and a practice
 * of that hub. Refusals (a blank name, an EOI window that closes before it opens, an ODS code
 * taken) show the error summary linking to the field and write nothing. A CSV file is imported
 * only when every row is good; otherwise each bad row is listed by line and nothing is written.
 * A hub is renamed (a blank name refused). Regional staff cannot see the pages. Every page is scanned with axe and kept as a screenshot.
 */
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from '../support/browser';
import { startTestSystem, type TestSystem } from '../support/system';
import { HomePage } from './pages/home';
import { ImportPage, ReferenceFormPage, ReferenceListPage } from './pages/reference-data';
import { signInByEmail } from './pages/sign-in';

jest.setTimeout(300_000);

/** The API's clock, fixed so no date here depends on today. */
const NOW = new Date('2027-01-15T10:00:00Z');

describe('administrators set up reference data in a real browser', () => {
  let system: TestSystem;
  let browser: Browser;

  beforeAll(async () => {
    system = await startTestSystem({}, { now: () => NOW });
    for (const person of [
      { name: 'Ada Admin', email: 'ada.admin@example.nhs.uk', role: 'admin' },
      { name: 'Hal Staff', email: 'hal.staff@example.nhs.uk', role: 'hee_staff' },
    ]) {
      expect((await system.admin.post('/api/users', person)).status).toBe(201);
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  const items = async (path: string) => (await system.admin.get(path)).body.items as Record<string, unknown>[];

  it('adds a university, a programme, an intake, an organisation, a hub and a practice; refusals write nothing', async () => {
    const { context, page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, 'ada.admin@example.nhs.uk', '/', 'reference-data-0');
    const home = await new HomePage(page).arrived('reference-data-1-home');

    // A university: a blank name is refused, naming the field; then it is added.
    await home.section('administration').getByRole('link', { name: 'Universities' }).click();
    const universities = await new ReferenceListPage(page, 'Universities').arrived('reference-data-2-universities-empty');
    expect(await universities.rows()).toEqual([]);
    await universities.add('Add a university');
    const university = await new ReferenceFormPage(page, 'Add a university').arrived('reference-data-3-university-form');
    await university.send();
    await university.arrived('reference-data-4-university-blank');
    expect(await university.errors()).toEqual([['Enter a name', '#name']]);
    expect(await items('/api/universities')).toEqual([]);
    await university.type('Name', 'University of Northshire');
    await university.send();
    await universities.arrived('reference-data-5-university-added');
    expect(await universities.banner.innerText()).toContain('University added');
    expect(await universities.rows()).toEqual([['University of Northshire']]);
    const [northshire] = await items('/api/universities');

    // A programme run by it.
    await page.goto('/reference-data/programmes');
    const programmes = await new ReferenceListPage(page, 'Programmes').arrived('reference-data-6-programmes');
    await programmes.add('Add a programme');
    const programme = await new ReferenceFormPage(page, 'Add a programme').arrived('reference-data-7-programme-form');
    await programme.send();
    await programme.arrived('reference-data-8-programme-blank');
    expect(await programme.errors()).toEqual([
      ['Enter a name', '#name'],
      ['Select the role the programme trains for', '#role'],
      ['Select at least one university that runs it', '#universityIds'],
    ]);
    await programme.type('Name', 'Trainee Assistant Practitioner FdSc');
    await programme.choose('Trainee assistant practitioner');
    await programme.choose('University of Northshire');
    await programme.send();
    await programmes.arrived('reference-data-9-programme-added');
    expect(await programmes.rows()).toEqual([
      ['Trainee Assistant Practitioner FdSc', 'Trainee assistant practitioner', 'University of Northshire'],
    ]);
    const [fdsc] = await items('/api/programmes');
    expect(fdsc).toMatchObject({ universityIds: [northshire!.id] });

    // An intake of it: a window that closes before it opens is refused and nothing is written.
    await page.goto('/reference-data/intakes');
    const intakes = await new ReferenceListPage(page, 'Intakes').arrived('reference-data-10-intakes');
    await intakes.add('Add an intake');
    const intake = await new ReferenceFormPage(page, 'Add an intake').arrived('reference-data-11-intake-form');
    await intake.select('Programme', 'Trainee Assistant Practitioner FdSc');
    await intake.date('When does it start?', { day: '1', month: '9', year: '2027' });
    await intake.type('Funded places', '20');
    await intake.date('When do expressions of interest open?', { day: '1', month: '3', year: '2027' });
    await intake.date('When do they close?', { day: '28', month: '2', year: '2027' });
    await intake.choose('Primary care');
    await intake.send();
    await intake.arrived('reference-data-12-intake-closes-first');
    expect(await intake.errors()).toEqual([['The date expressions of interest close must be after the date they open', '#eoiClosesAt']]);
    expect(await page.getByLabel('Funded places').inputValue()).toBe('20');
    expect(await items('/api/intakes')).toEqual([]);
    await intake.date('When do they close?', { day: '31', month: '5', year: '2027' });
    await intake.send();
    await intakes.arrived('reference-data-13-intake-added');
    expect(await intakes.banner.innerText()).toContain('Trainee Assistant Practitioner FdSc, starting 2027-09-01');
    expect(await intakes.rows()).toEqual([['Trainee Assistant Practitioner FdSc', '2027-09-01', '20', '2027-03-01 to 2027-05-31']]);
    expect(await items('/api/intakes')).toEqual([
      expect.objectContaining({
        programmeId: fdsc!.id,
        startsOn: '2027-09-01',
        fundedPlaces: 20,
        // From the start of the opening day to the end of the closing day, in London (BST by then).
        eoiOpensAt: '2027-03-01T00:00:00.000Z',
        eoiClosesAt: '2027-05-31T22:59:59.000Z',
        priorityServiceTypes: ['primary_care'],
      }),
    ]);

    // An organisation that sends expressions of interest.
    await page.goto('/reference-data/organisations/new');
    const organisation = await new ReferenceFormPage(page, 'Add an organisation').arrived('reference-data-14-organisation-form');
    await organisation.type('Name', 'Northshire Community Trust');
    await organisation.type('ODS code', 'rx1');
    await organisation.choose('NHS trust');
    await organisation.choose('Integrated or community care');
    await organisation.send();
    const organisations = await new ReferenceListPage(page, 'Organisations').arrived('reference-data-15-organisation-added');
    expect(await organisations.rows()).toEqual([['Northshire Community Trust', 'RX1', 'NHS trust', 'Integrated or community care']]);

    // A hub, then a practice of it; a second practice with the same ODS code is refused in the API's words.
    await page.goto('/reference-data/hubs/new');
    const hub = await new ReferenceFormPage(page, 'Add a training hub').arrived('reference-data-16-hub-form');
    await hub.type('Name', 'Northshire Training Hub');
    await hub.type('Areas it covers (optional)', 'Northshire\nSouthdale\n');
    await hub.send();
    const hubs = await new ReferenceListPage(page, 'Training hubs').arrived('reference-data-17-hub-added');
    expect(await hubs.rows()).toEqual([['Northshire Training Hub', 'Northshire, Southdale', '36 months']]);

    await page.goto('/reference-data/practices/new');
    const practice = await new ReferenceFormPage(page, 'Add a GP practice').arrived('reference-data-18-practice-form');
    await practice.type('Name', 'Elm Tree Surgery');
    await practice.type('ODS code', 'E81001');
    await practice.choose('Yes', 'Is it a training practice?');
    await practice.select('Training hub (optional)', 'Northshire Training Hub');
    await practice.send();
    const practices = await new ReferenceListPage(page, 'GP practices').arrived('reference-data-19-practice-added');
    expect(await practices.rows()).toEqual([['Elm Tree Surgery', 'E81001', 'Yes', 'Northshire Training Hub']]);

    await practices.add('Add a GP practice');
    await practice.arrived('reference-data-20-practice-form-again');
    await practice.type('Name', 'Elm Tree Branch Surgery');
    await practice.type('ODS code', 'e81001');
    await practice.choose('No', 'Is it a training practice?');
    await practice.send();
    await practice.arrived('reference-data-21-practice-ods-taken');
    expect(await practice.errors()).toEqual([['Already registered', '#odsCode']]);
    expect((await items('/api/practices')).map((p) => p.name)).toEqual(['Elm Tree Surgery']);

    // The hub renamed: a blank name is refused and changes nothing; the practice shows the new name.
    await page.goto('/reference-data/hubs');
    await hubs.arrived('reference-data-22-hubs');
    await hubs.rename('Northshire Training Hub');
    const rename = await new ReferenceFormPage(page, 'Rename a training hub').arrived('reference-data-23-rename-hub');
    expect(await page.getByLabel('New name').inputValue()).toBe('Northshire Training Hub');
    await rename.type('New name', ' ');
    await rename.send('Save the new name');
    await rename.arrived('reference-data-24-rename-blank');
    expect(await rename.errors()).toEqual([['Enter the new name', '#name']]);
    expect((await items('/api/hubs')).map((h) => h.name)).toEqual(['Northshire Training Hub']);
    await rename.type('New name', 'Northshire and Southdale Training Hub');
    await rename.send('Save the new name');
    await hubs.arrived('reference-data-25-hub-renamed');
    expect(await hubs.banner.innerText()).toContain('Training hub renamed');
    expect(await hubs.rows()).toEqual([['Northshire and Southdale Training Hub', 'Northshire, Southdale', '36 months']]);
    await page.goto('/reference-data/practices');
    await practices.arrived('reference-data-26-practices-after-rename');
    expect(await practices.rows()).toEqual([['Elm Tree Surgery', 'E81001', 'Yes', 'Northshire and Southdale Training Hub']]);

    // The home page counts what was added.
    await page.goto('/');
    await home.arrived('reference-data-27-home-after');
    expect(await home.section('administration').getByRole('listitem').allInnerTexts()).toEqual(
      expect.arrayContaining(['Universities: 1', 'Programmes: 1', 'Intakes: 1', 'Organisations: 1', 'Training hubs: 1', 'GP practices: 1']),
    );
    await context.close();
  });

  it('imports a CSV file only when every row is good, listing each bad row by line first', async () => {
    const { context, page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, 'ada.admin@example.nhs.uk', '/', 'reference-data-import-0');
    const home = await new HomePage(page).arrived('reference-data-import-1-home');
    await home.section('administration').getByRole('link', { name: 'Import reference data from a CSV file' }).click();
    const importing = await new ImportPage(page).arrived('reference-data-import-2-form');

    // A file of universities: both created; the same file again skips both.
    const universitiesCsv = { name: 'universities.csv', csv: 'name\nWestmoor University\nEastfield University\n' };
    await importing.upload('Universities', universitiesCsv);
    const universities = await new ReferenceListPage(page, 'Universities').arrived('reference-data-import-3-imported');
    expect(await universities.banner.innerText()).toContain('Imported 2 universities');
    expect(await universities.rows()).toEqual(expect.arrayContaining([['Eastfield University'], ['Westmoor University']]));
    await page.goto('/reference-data/import');
    await importing.arrived('reference-data-import-4-form-again');
    await importing.upload('Universities', universitiesCsv);
    await universities.arrived('reference-data-import-5-imported-again');
    expect(await universities.banner.innerText()).toContain('Imported 0 universities');
    expect(await universities.banner.innerText()).toContain('2 were there already');
    expect((await items('/api/universities')).filter((u) => /Westmoor|Eastfield/.test(String(u.name)))).toHaveLength(2);

    // One good row among bad ones: every problem is listed by line, and not even the good row is written.
    const programmesBefore = await items('/api/programmes');
    await page.goto('/reference-data/import');
    await importing.arrived('reference-data-import-6-form-programmes');
    await importing.upload('Programmes', {
      name: 'programmes.csv',
      csv: [
        'name,role,universities',
        'MSc Advanced Clinical Practice,advanced_practitioner,Westmoor University',
        'BSc Nursing Associate,assistant_practitioner,Nowhere',
        'Practitioner Certificate,wizard,Westmoor University',
      ].join('\n'),
    });
    await importing.arrived('reference-data-import-7-problems');
    const problems = await importing.problems();
    expect(problems.map(([, href]) => href)).toEqual(['#file', '#file']);
    expect(problems[0]![0]).toBe('Line 3: universityIds.0: no university with id or name "Nowhere"');
    expect(problems[1]![0]).toMatch(/^Line 4: role: /);
    expect(await page.locator('#file-error').innerText()).toContain('The file has 2 problems');
    expect(await items('/api/programmes')).toEqual(programmesBefore);

    // The file corrected goes in whole.
    await importing.upload('Programmes', {
      name: 'programmes.csv',
      csv: [
        'name,role,universities',
        'MSc Advanced Clinical Practice,advanced_practitioner,Westmoor University',
        'BSc Nursing Associate,assistant_practitioner,Eastfield University;Westmoor University',
      ].join('\n'),
    });
    const programmes = await new ReferenceListPage(page, 'Programmes').arrived('reference-data-import-8-programmes');
    expect(await programmes.banner.innerText()).toContain('Imported 2 programmes');
    expect(await programmes.rows()).toEqual(
      expect.arrayContaining([
        ['BSc Nursing Associate', 'Assistant practitioner', 'Eastfield University, Westmoor University'],
        ['MSc Advanced Clinical Practice', 'Advanced practitioner', 'Westmoor University'],
      ]),
    );
    await context.close();
  });

  it('regional staff cannot see the reference data pages', async () => {
    const { context, page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, 'hal.staff@example.nhs.uk', '/reference-data/universities', 'reference-data-staff-0');
    expect(await page.locator('h1').innerText()).toBe('You cannot see this page');
    const hub = (await system.admin.post('/api/hubs', { name: 'Westmoor Training Hub' })).body;
    for (const path of ['/reference-data/intakes/new', '/reference-data/import', `/reference-data/hubs/${hub.id}/rename`]) {
      await page.goto(path);
      expect(await page.locator('h1').innerText()).toBe('You cannot see this page');
    }
    await page.goto('/');
    expect(await new HomePage(page).section('administration').count()).toBe(0);
    await context.close();
  });
});
