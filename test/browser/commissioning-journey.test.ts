/**
 * An expression of interest from the organisation's first page to ENROLLED, done entirely in a
 * real browser by the three people who take part, each signed in by an email link caught in the
 * test SMTP server, against real servers (Temporal, database, SMTP). Every page reached is
 * checked with axe and kept as a screenshot. Run with JavaScript and without it: every page
 * must work either way.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from '../support/browser';
import { createRegion, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import {
  AmendPage,
  CandidateOutcomePage,
  CandidatePage,
  CheckAnswersPage,
  ConfirmationPage,
  ContactQuestionPage,
  DeclarationsQuestionPage,
  EoiPage,
  FundingDecisionPage,
  IntakeQuestionPage,
  PlacesQuestionPage,
  ReviewPage,
  UniversityQuestionPage,
} from './pages/eois';
import { HomePage } from './pages/home';
import { signInByEmail } from './pages/sign-in';

// A journey of some forty pages on a shared 2-core machine: every step waits on an event.
jest.setTimeout(900_000);

describe.each([
  { javaScript: true, run: 'with JavaScript' },
  { javaScript: false, run: 'without JavaScript' },
])('an expression of interest to enrolled in the browser, $run', ({ javaScript, run }) => {
  let system: TestSystem;
  let region: Region;
  let browser: Browser;
  const shot = (name: string) => `eoi-journey${javaScript ? '' : '-no-js'}-${name}`;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system, { fundedPlaces: 10 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function person(email: string, path: string, name: string): Promise<Page> {
    const { page } = await openPage(browser, system.baseUrl, { javaScriptEnabled: javaScript });
    await signInByEmail(page, system.smtp, email, path, shot(name));
    return page;
  }

  /** The link to the EOI's page in the latest email to `email` whose subject matches. */
  async function linkInEmail(email: string, subject: RegExp): Promise<string> {
    const messages = await system.smtp.waitFor(1, (m) => m.to.includes(email) && subject.test(m.subject));
    const link = /Details: (\S+)/.exec(messages[messages.length - 1]!.text)?.[1];
    expect(link).toMatch(new RegExp(`^${system.baseUrl}/eois/eoi_`));
    return link!;
  }

  it(`is sent, reviewed, amended, funded, recruited and confirmed by the three roles (${run})`, async () => {
    // The organisation starts one from its home page, answering one question at a time.
    const org = await person(region.submitter.email, '/', 'org');
    await (await new HomePage(org).arrived(shot('org-home'))).startEoi();
    const intake = await new IntakeQuestionPage(org).arrived(shot('1-intake'));
    await intake.choose(/MSc Advanced Practice, starting/);
    await intake.submit();

    const university = await new UniversityQuestionPage(org).arrived(shot('2-university'));
    await university.submit();
    await university.arrived(shot('2-university-error'));
    expect(await university.errors()).toEqual(['Select the university']);
    await university.choose(region.university.name);
    await university.submit();

    const places = await new PlacesQuestionPage(org).arrived(shot('3-places'));
    await places.choose('Integrated or community care');
    await places.fill('Pathway (optional)', 'mental health');
    await places.fill('How many places are you asking for?', 'two');
    await places.submit();
    await places.arrived(shot('3-places-error'));
    expect(await places.errors()).toEqual(['Enter how many places you are asking for, from 1 to 500']);
    await places.fill('How many places are you asking for?', '3');
    await places.submit();

    const contact = await new ContactQuestionPage(org).arrived(shot('4-contact'));
    await contact.fill('Full name', 'Cara Contact');
    await contact.fill('Email address', 'cara.contact@northshire.nhs.uk');
    await contact.submit();
    await new DeclarationsQuestionPage(org).arrived(shot('5-declarations'));

    // Leaving half-way loses nothing: the home page offers to continue where they left off.
    await org.goto('/');
    const orgHome = await new HomePage(org).arrived(shot('5-home-not-sent'));
    expect(await orgHome.section('not-sent-yet').locator('tbody tr').count()).toBe(1);
    await orgHome.loads(() => org.getByRole('link', { name: /^Continue the expression of interest for MSc Advanced Practice/ }).click());
    const declarations = await new DeclarationsQuestionPage(org).arrived(shot('5-declarations-continued'));
    await declarations.confirm(/job description and person specification/);
    await declarations.confirm(/HR arrangements/);
    await declarations.submit();
    await declarations.arrived(shot('5-declarations-error'));
    expect(await declarations.errors()).toEqual(['Confirm a banded post is guaranteed on qualification']);
    await declarations.confirm(/banded post/);
    await declarations.submit();

    const check = await new CheckAnswersPage(org).arrived(shot('6-check-answers'));
    expect(await check.answer('Places asked for').textContent()).toContain('3');
    await check.change('places asked for');
    const change = await new PlacesQuestionPage(org).arrived(shot('6-change-places'));
    await change.fill('How many places are you asking for?', '2');
    await change.submit();
    await check.arrived(shot('6-check-answers-changed'));
    expect(await check.answer('Places asked for').textContent()).toContain('2');
    expect(await check.answer('University').textContent()).toContain(region.university.name);
    await check.send();

    const sent = await new EoiPage(org).arrived(shot('7-sent'));
    expect(await sent.banner.textContent()).toContain('Expression of interest sent');
    expect(await sent.state.textContent()).toContain('University reviewing');
    const eoiId = sent.id;
    const eoiPath = `/eois/${eoiId}`;
    await org.goto('/');
    expect(await (await orgHome.arrived(shot('7-home-sent'))).section('not-sent-yet').count()).toBe(0);

    // The university's email links the EOI's page; after signing in the reviewer lands on it.
    const reviewLink = await linkInEmail(region.reviewer.email, /needs your review/);
    expect(reviewLink).toBe(`${system.baseUrl}${eoiPath}`);
    const uni = await person(region.reviewer.email, eoiPath, 'uni');
    const uniEoi = await new EoiPage(uni).arrived(shot('8-university-eoi'));
    await uniEoi.act('Review this expression of interest');
    const review = await new ReviewPage(uni).arrived(shot('8-review'));
    await review.choose('Ask for changes');
    await review.submit('Record the review');
    await review.arrived(shot('8-review-error'));
    expect(await review.errors()).toEqual(['Enter a comment']);
    await review.fill('Comment', 'Please name the supervising consultant.');
    await review.submit('Record the review');
    expect(await (await uniEoi.arrived(shot('8-changes-requested'))).state.textContent()).toContain('Changes requested');

    // The organisation amends it.
    await org.goto(eoiPath);
    const orgEoi = await new EoiPage(org).arrived(shot('9-org-changes-requested'));
    expect(await orgEoi.history()).toContain('University asked for changes');
    await orgEoi.act('Amend this expression of interest');
    const amend = await new AmendPage(org).arrived(shot('9-amend'));
    await amend.fill('What did you change? (optional)', 'Supervisor: Dr Ade');
    await amend.submit('Send the changes');
    expect(await (await orgEoi.arrived(shot('9-amended'))).state.textContent()).toContain('University reviewing');

    // The university supports it.
    await uni.goto(`${eoiPath}/review`);
    const again = await new ReviewPage(uni).arrived(shot('10-review-again'));
    await again.choose('Support it');
    await again.fill('Comment', 'Strong case.');
    await again.submit('Record the review');
    expect(await (await uniEoi.arrived(shot('10-supported'))).state.textContent()).toContain('Awaiting funding decision');

    // Regional staff see it waiting for them, with the intake's places beside the decision.
    const staff = await person(region.staff.email, '/', 'staff');
    const staffHome = await new HomePage(staff).arrived(shot('11-staff-home'));
    expect((await staffHome.actionRows()).map((row) => row[0])).toEqual(['Make the funding decision']);
    await staff.getByRole('link', { name: 'Make the funding decision' }).click();
    const staffEoi = await new EoiPage(staff).arrived(shot('11-staff-eoi'));
    await staffEoi.act('Make the funding decision');
    const decision = await new FundingDecisionPage(staff).arrived(shot('11-funding-decision'));
    expect(await decision.capacity('Free').textContent()).toContain('10');
    await decision.choose('Fund it');
    await decision.fill('How many places?', '2');
    await decision.fill('Comment', 'Two places this year.');
    await decision.submit('Record the decision');
    const funded = await staffEoi.arrived(shot('11-funded'));
    expect(await funded.state.textContent()).toContain('Funded');
    expect(await funded.detail('Places funded').textContent()).toContain('2');

    // The organisation puts two candidates forward.
    await org.goto(eoiPath);
    for (const [name, role] of [
      ['Ada Trainee', 'Staff nurse'],
      ['Ben Trainee', 'Paramedic'],
    ]) {
      await (await orgEoi.arrived(shot(`12-funded-${name}`))).act('Put a candidate forward');
      const candidate = await new CandidatePage(org).arrived(shot(`12-candidate-${name}`));
      await candidate.fill('Full name', name!);
      await candidate.fill('Email address', `${name!.split(' ')[0]!.toLowerCase()}@northshire.nhs.uk`);
      await candidate.fill('Current role', role!);
      await candidate.submit('Put the candidate forward');
    }
    expect((await (await orgEoi.arrived(shot('12-candidates'))).candidates()).map((row) => row.slice(0, 3))).toEqual([
      ['Ada Trainee', 'Staff nurse', 'Waiting for the university'],
      ['Ben Trainee', 'Paramedic', 'Waiting for the university'],
    ]);

    // The university records that both accepted.
    for (const name of ['Ada Trainee', 'Ben Trainee']) {
      await uni.goto(eoiPath);
      await (await uniEoi.arrived(shot(`13-university-${name}`))).candidateLink('Record outcome', name);
      const outcome = await new CandidateOutcomePage(uni).arrived(shot(`13-outcome-${name}`));
      await outcome.choose('Accepted a place');
      await outcome.submit('Record the outcome');
    }

    // The organisation returns a confirmation of support for each: every place is confirmed.
    for (const name of ['Ada Trainee', 'Ben Trainee']) {
      await org.goto(eoiPath);
      await (await orgEoi.arrived(shot(`14-org-${name}`))).candidateLink('Return confirmation of support', name);
      const confirmation = await new ConfirmationPage(org).arrived(shot(`14-confirmation-${name}`));
      await confirmation.fill('Who signed the confirmation of support?', 'Dr Ama Boateng, Chief Nurse');
      await confirmation.submit('Return the confirmation of support');
    }
    const enrolled = await orgEoi.arrived(shot('15-enrolled'));
    expect(await enrolled.state.textContent()).toContain('Enrolled');
    expect(await enrolled.history()).toEqual(
      expect.arrayContaining(['Expression of interest sent', 'Supported by the university', 'Funded', 'Confirmation of support returned']),
    );
    const stored = await system.db.prisma.eoi.findUniqueOrThrow({ where: { id: eoiId } });
    expect(stored).toMatchObject({ status: 'ENROLLED', allocatedPlaces: 2, placesRequested: 2 });
  });
});
