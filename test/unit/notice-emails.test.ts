import { confirmationDueAt } from '../../domain/reference-data';
import { formatDue, type Notice, renderNotice } from '../../domain/notifications';

const notice = (overrides: Partial<Notice> = {}): Notice => ({
  key: 'eoi_a:3:funded-organisation',
  audience: [{ kind: 'organisation', organisationId: 'org_1' }],
  subjectType: 'eoi',
  subjectId: 'eoi_a',
  subjectLabel: 'EOI eoi_a (Royal Infirmary, MSc Advanced Practice starting 2027-04-30)',
  headline: 'Your expression of interest is funded',
  action: 'Return a confirmation of support for each successful candidate',
  dueAt: confirmationDueAt('2027-04-30'),
  ...overrides,
});

describe('due dates in emails', () => {
  it('names a date-only deadline by its date, the day it is due in London', () => {
    expect(formatDue(confirmationDueAt('2027-04-30'))).toBe('Friday 2 April 2027');
    const email = renderNotice(notice(), ['org@example.nhs.uk'], 'https://trainflow.example');
    expect(email.subject).toContain('(due Friday 2 April 2027)');
    expect(email.text).toContain('by Friday 2 April 2027.');
  });

  it('gives the time and its zone when a deadline has a time of day', () => {
    expect(formatDue('2027-08-20T16:00:00Z')).toBe('Friday 20 August 2027 at 17:00 BST');
    expect(formatDue('2027-12-03T17:00:00Z')).toBe('Friday 3 December 2027 at 17:00 GMT');
  });
});

describe('links in emails', () => {
  it('ends with the absolute address of the subject’s page, from PUBLIC_URL', () => {
    const eoi = renderNotice(notice(), ['org@example.nhs.uk'], 'https://trainflow.example/');
    expect(eoi.text).toContain('Details: https://trainflow.example/eois/eoi_a');
    expect(eoi.html).toContain('Details: https://trainflow.example/eois/eoi_a');
    const spoke = renderNotice(
      notice({ subjectType: 'spoke_application', subjectId: 'spoke_b' }),
      ['pm@example.nhs.uk'],
      'http://127.0.0.1:3000',
    );
    expect(spoke.text).toContain('Details: http://127.0.0.1:3000/spoke-applications/spoke_b');
  });

  it('never links the JSON API, even for a notice queued by a workflow started before pages existed', () => {
    const old = renderNotice(notice({ link: '/api/eois/eoi_a' }), ['org@example.nhs.uk'], 'https://trainflow.example');
    expect(old.text).not.toContain('/api/');
    expect(old.text).toContain('https://trainflow.example/eois/eoi_a');
    const test = renderNotice(notice({ subjectType: 'test', subjectId: 'x' }), ['a@example.nhs.uk'], 'https://trainflow.example');
    expect(test.text).not.toContain('Details:');
  });
});
