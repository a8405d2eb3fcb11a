import {
  calendarEvent,
  csvRecord,
  csvSafe,
  DeadlineListQuery,
  type DeadlineRow,
  deadlineScope,
  deadlineStatus,
  deadlineWhere,
  isAllowedWithin,
  londonDate,
  matchesDeadline,
  toDeadlineItem,
} from '../../domain/deadlines';
import {
  buildDigest,
  type DigestNames,
  type DigestRecipient,
  digestKey,
  digestWeekOf,
  isEmptyDigest,
  renderDigest,
} from '../../domain/digest';
import type { Actor } from '../../domain/roles';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2027-02-01T07:00:00Z'); // a Monday, 07:00 in London (GMT)

function row(overrides: Partial<DeadlineRow> & { dueInDays: number }): DeadlineRow {
  const { dueInDays, ...rest } = overrides;
  const subjectId = rest.subjectId ?? `eoi_${Math.abs(dueInDays * 10).toString(36)}`;
  const key = rest.key ?? 'review';
  return {
    id: `${subjectId}:${key}`,
    subjectType: 'eoi',
    subjectId,
    key,
    action: 'Review the expression of interest',
    owner: 'University of Northshire',
    ownerRole: 'university_reviewer',
    dueAt: new Date(now.getTime() + dueInDays * DAY),
    organisationId: 'org-1',
    universityId: 'uni-1',
    intakeId: 'intake-1',
    hubId: null,
    practiceId: null,
    ...rest,
  };
}

const staff: Actor = { userId: 'u1', role: 'hee_staff', name: 'Hana' };
const submitter: Actor = { userId: 'u2', role: 'org_submitter', name: 'Olu', organisationId: 'org-1' };
const otherSubmitter: Actor = { userId: 'u3', role: 'org_submitter', name: 'Rae', organisationId: 'org-2' };
const reviewer: Actor = { userId: 'u4', role: 'university_reviewer', name: 'Uma', universityId: 'uni-1' };
const lead: Actor = { userId: 'u5', role: 'hub_lead', name: 'Hal', hubId: 'hub-1' };
const manager: Actor = { userId: 'u6', role: 'practice_manager', name: 'Pat', practiceId: 'prac-1' };

describe('deadline status', () => {
  it('is overdue once the due instant has passed, due until then (the instant itself is still due)', () => {
    expect(deadlineStatus('2027-02-01T06:59:59.999Z', now)).toBe('overdue');
    expect(deadlineStatus('2027-02-01T07:00:00Z', now)).toBe('due');
    expect(deadlineStatus(new Date('2027-03-01T00:00:00Z'), now)).toBe('due');
  });
});

describe('the deadline list query', () => {
  const parse = (query: Record<string, string>) => DeadlineListQuery.safeParse(query);

  it('takes an ISO 8601 duration for within, up to P5Y', () => {
    expect(parse({ within: 'P30D' }).success).toBe(true);
    expect(parse({ within: 'P2W' }).success).toBe(true);
    expect(parse({ within: 'P5Y' }).success).toBe(true);
    expect(isAllowedWithin('P5Y1D')).toBe(false);
    expect(isAllowedWithin('P61M')).toBe(false);
    for (const bad of ['30 days', 'P', 'PT', '-P1D', 'P1.5D', 'P6Y', 'P99999999D']) {
      const result = parse({ within: bad });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.path).toEqual(['within']);
    }
  });

  it('refuses unknown statuses and unknown fields', () => {
    expect(parse({ status: 'late' }).success).toBe(false);
    expect(parse({ owner: 'me' }).success).toBe(false);
    expect(parse({ status: 'overdue', intakeId: 'intake-1' }).data).toMatchObject({ status: 'overdue', intakeId: 'intake-1', limit: 50 });
  });
});

describe('deadline scope and filters', () => {
  const rows = [
    row({ dueInDays: -3, subjectId: 'eoi_a' }),
    row({ dueInDays: 5, subjectId: 'eoi_b', organisationId: 'org-2', universityId: 'uni-2', intakeId: 'intake-2' }),
    row({ dueInDays: 40, subjectId: 'eoi_c' }),
    row({
      dueInDays: 2,
      subjectType: 'spoke_application',
      subjectId: 'spk_a',
      key: 'evidence',
      organisationId: null,
      universityId: null,
      intakeId: null,
      hubId: 'hub-1',
      practiceId: 'prac-1',
    }),
    row({
      dueInDays: 9,
      subjectType: 'spoke_application',
      subjectId: 'spk_b',
      key: 'hub-review',
      organisationId: null,
      universityId: null,
      intakeId: null,
      hubId: 'hub-2',
      practiceId: 'prac-2',
    }),
  ];
  const visible = (actor: Actor, filters = {}) =>
    rows
      .filter((r) => matchesDeadline(deadlineWhere(actor, filters, now), r))
      .map((r) => r.subjectId)
      .sort();

  it('gives each role its own subjects, and HEE staff everything', () => {
    expect(visible(staff)).toEqual(['eoi_a', 'eoi_b', 'eoi_c', 'spk_a', 'spk_b']);
    expect(visible({ ...staff, role: 'admin' })).toHaveLength(5);
    expect(visible(submitter)).toEqual(['eoi_a', 'eoi_c']);
    expect(visible(otherSubmitter)).toEqual(['eoi_b']);
    expect(visible(reviewer)).toEqual(['eoi_a', 'eoi_c']);
    expect(visible(lead)).toEqual(['spk_a']);
    expect(visible(manager)).toEqual(['spk_a']);
  });

  it('lets the scope win over a filter naming someone else, and a user without a scope see nothing', () => {
    expect(visible(submitter, { organisationId: 'org-2' })).toEqual([]);
    expect(visible(reviewer, { universityId: 'uni-2' })).toEqual([]);
    expect(visible(lead, { hubId: 'hub-2' })).toEqual([]);
    expect(visible({ userId: 'x', role: 'org_submitter', name: 'No org' })).toEqual([]);
    expect(deadlineScope({ role: 'hub_lead' })).toEqual({ hubId: '-' });
    expect(visible(staff, { organisationId: 'org-2' })).toEqual(['eoi_b']);
    expect(visible(staff, { intakeId: 'intake-1' })).toEqual(['eoi_a', 'eoi_c']);
    expect(visible(staff, { hubId: 'hub-2' })).toEqual(['spk_b']);
    expect(visible(staff, { subjectType: 'spoke_application' })).toEqual(['spk_a', 'spk_b']);
  });

  it('filters by status against now and by within as a horizon that keeps overdue ones', () => {
    expect(visible(staff, { status: 'overdue' })).toEqual(['eoi_a']);
    expect(visible(staff, { status: 'due' })).toEqual(['eoi_b', 'eoi_c', 'spk_a', 'spk_b']);
    expect(visible(staff, { within: 'P7D' })).toEqual(['eoi_a', 'eoi_b', 'spk_a']);
    expect(visible(staff, { within: 'P7D', status: 'due' })).toEqual(['eoi_b', 'spk_a']);
    expect(visible(staff, { within: 'P1M', status: 'due' })).toEqual(['eoi_b', 'spk_a', 'spk_b']);
  });

  it('answers items with a computed status', () => {
    expect(toDeadlineItem(rows[0]!, now)).toEqual({
      id: 'eoi_a:review',
      subjectType: 'eoi',
      subjectId: 'eoi_a',
      key: 'review',
      action: 'Review the expression of interest',
      owner: 'University of Northshire',
      ownerRole: 'university_reviewer',
      dueAt: '2027-01-29T07:00:00.000Z',
      status: 'overdue',
      intakeId: 'intake-1',
    });
  });
});

describe('CSV cells', () => {
  it('prefixes cells a spreadsheet would run as a formula with an apostrophe', () => {
    expect(csvSafe('=HYPERLINK("http://evil")')).toBe(`'=HYPERLINK("http://evil")`);
    expect(csvSafe('+1')).toBe("'+1");
    expect(csvSafe('-2+3')).toBe("'-2+3");
    expect(csvSafe('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvSafe('\t=1')).toBe("'\t=1");
    expect(csvSafe('Royal Infirmary')).toBe('Royal Infirmary');
    expect(csvSafe('a=b')).toBe('a=b');
    const item = toDeadlineItem(row({ dueInDays: 1, owner: '=cmd|"/c calc"!A1' }), now);
    expect(csvRecord(item)).toEqual(['eoi', item.subjectId, 'Review the expression of interest', `'=cmd|"/c calc"!A1`, item.dueAt, 'due']);
  });
});

describe('calendar events', () => {
  it('fall on the Europe/London day the deadline is due, all day, with a UID that does not depend on the date', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    const summer = row({ dueInDays: 0, subjectId: 'eoi_s', key: 'confirmation', dueAt: new Date('2027-06-30T23:30:00Z') });
    const event = calendarEvent(summer, now, { publicUrl: 'https://trainflow.example', subjectName: 'Royal Infirmary' });
    expect(event).toMatchObject({
      uid: 'eoi_s:confirmation@trainflow',
      date: '2027-07-01',
      endDate: '2027-07-02',
      summary: 'Review the expression of interest: EOI eoi_s (Royal Infirmary)',
      url: 'https://trainflow.example/eois/eoi_s',
    });
    expect(event.description).toContain('Owner: University of Northshire.');
    expect(event.description).toContain('Due: Thursday 1 July 2027, 00:30 (Europe/London).');
    const moved = calendarEvent({ ...summer, dueAt: new Date('2027-07-14T09:00:00Z') }, now, { publicUrl: 'https://trainflow.example' });
    expect(moved.uid).toBe(event.uid);
    expect(moved.date).toBe('2027-07-14');
    expect(londonDate(new Date('2027-01-31T23:30:00Z'))).toBe('2027-01-31'); // GMT in winter
  });
});

describe('the weekly digest', () => {
  it('belongs to the week of the Monday (Europe/London) the schedule fired in', () => {
    expect(digestWeekOf(new Date('2027-02-01T07:00:00Z'))).toBe('2027-02-01');
    expect(digestWeekOf(new Date('2027-02-01T07:00:05Z'))).toBe('2027-02-01');
    expect(digestWeekOf(new Date('2027-02-07T23:59:00Z'))).toBe('2027-02-01');
    expect(digestWeekOf(new Date('2027-02-08T00:00:00Z'))).toBe('2027-02-08');
    // Monday 00:30 BST is still Sunday in UTC: the London date decides.
    expect(digestWeekOf(new Date('2027-06-27T23:30:00Z'))).toBe('2027-06-28');
    expect(digestKey('2027-02-01', 'usr_1')).toBe('digest:2027-02-01:usr_1');
  });

  it('lists for HEE staff, and nobody else, the agreements waiting for their countersignature, even with no deadlines', () => {
    const waiting = [{ applicationId: 'spk_9', practiceName: 'Leigh Family Practice', signedAt: '2027-01-20T10:00:00.000Z' }];
    const heeStaff: DigestRecipient = { userId: 'u1', name: 'Hana', email: 'hana@hee.nhs.uk', role: 'hee_staff' };
    const hubLead: DigestRecipient = { userId: 'u5', name: 'Hal', email: 'hal@hub.nhs.uk', role: 'hub_lead', hubId: 'hub-1' };
    const empty = { intakes: {}, hubs: {}, subjects: {} };
    const digest = buildDigest(heeStaff, [], now, empty, 'https://trainflow.example', waiting);
    expect(digest.countersignatures).toEqual([
      { ...waiting[0], link: 'https://trainflow.example/spoke-applications/spk_9/agreement-countersignature' },
    ]);
    expect(isEmptyDigest(digest)).toBe(false);
    const email = renderDigest(heeStaff, digest, '2027-02-01');
    expect(email.subject).toContain('0 overdue, 0 due in the next 14 days, 1 agreement to countersign');
    expect(email.text).toContain('== Agreements waiting for your countersignature (1) ==');
    expect(email.text).toContain('- Leigh Family Practice: signed by the practice on Wednesday 20 January 2027.');
    expect(email.html).toContain('<a href="https://trainflow.example/spoke-applications/spk_9/agreement-countersignature">Countersign</a>');
    const theirs = buildDigest(hubLead, [], now, empty, 'https://trainflow.example', waiting);
    expect(theirs.countersignatures).toEqual([]);
    expect(isEmptyDigest(theirs)).toBe(true);
    expect(renderDigest(heeStaff, buildDigest(heeStaff, [], now, empty, 'https://trainflow.example'), '2027-02-01').text).not.toContain(
      'countersignature',
    );
  });

  const names: DigestNames = {
    intakes: {
      'intake-1': 'MSc Advanced Practice, intake starting 2027-03-01',
      'intake-2': 'BSc Nursing Associate, intake starting 2027-04-01',
    },
    hubs: { 'hub-1': 'Wigan Training Hub', 'hub-2': 'Bolton Training Hub' },
    subjects: { eoi_a: 'Northshire Community Trust', spk_a: 'Leigh Family Practice' },
  };
  const spoke = (dueInDays: number, subjectId: string, hubId: string) =>
    row({
      dueInDays,
      subjectType: 'spoke_application',
      subjectId,
      key: 'hub-review',
      action: 'Review the evidence',
      owner: 'Wigan Training Hub',
      ownerRole: 'hub_lead',
      organisationId: null,
      universityId: null,
      intakeId: null,
      hubId,
      practiceId: 'prac-1',
    });
  const rows = [
    row({ dueInDays: -2, subjectId: 'eoi_a' }),
    row({ dueInDays: 3, subjectId: 'eoi_b', intakeId: 'intake-2' }),
    row({ dueInDays: 13.9, subjectId: 'eoi_c' }),
    row({ dueInDays: 14, subjectId: 'eoi_far' }),
    spoke(-9, 'spk_a', 'hub-1'),
    spoke(1, 'spk_b', 'hub-2'),
    spoke(30, 'spk_far', 'hub-1'),
  ];
  const heeStaff: DigestRecipient = { userId: 'usr_s', name: 'Hana Staff', email: 'hana@hee.nhs.uk', role: 'hee_staff' };
  const hubLead: DigestRecipient = { userId: 'usr_l', name: 'Hal Lead', email: 'hal@wigan.nhs.uk', role: 'hub_lead', hubId: 'hub-1' };
  const shape = (groups: ReturnType<typeof buildDigest>['overdue']) => groups.map((g) => [g.label, g.items.map((i) => i.subjectId)]);

  it('gives HEE staff everything overdue and due in the next 14 days, EOIs by intake then spoke applications by hub', () => {
    const digest = buildDigest(heeStaff, rows, now, names, 'https://tf.example');
    expect(shape(digest.overdue)).toEqual([
      ['MSc Advanced Practice, intake starting 2027-03-01', ['eoi_a']],
      ['Wigan Training Hub', ['spk_a']],
    ]);
    expect(shape(digest.dueSoon)).toEqual([
      ['BSc Nursing Associate, intake starting 2027-04-01', ['eoi_b']],
      ['MSc Advanced Practice, intake starting 2027-03-01', ['eoi_c']],
      ['Bolton Training Hub', ['spk_b']],
    ]);
    expect(digest.overdue[0]!.items[0]).toMatchObject({
      label: 'EOI eoi_a (Northshire Community Trust)',
      status: 'overdue',
      link: 'https://tf.example/eois/eoi_a',
    });
  });

  it('gives a hub lead only their hub’s spoke applications', () => {
    const digest = buildDigest(hubLead, rows, now, names, 'https://tf.example');
    expect(shape(digest.overdue)).toEqual([['Wigan Training Hub', ['spk_a']]]);
    expect(shape(digest.dueSoon)).toEqual([]);
    expect(isEmptyDigest(buildDigest({ ...hubLead, hubId: 'hub-3' }, rows, now, names, 'https://tf.example'))).toBe(true);
  });

  it('renders a plain email naming each subject, action, owner and due date, keyed by recipient and week', () => {
    const digest = buildDigest(heeStaff, rows, now, names, 'https://tf.example');
    const email = renderDigest(heeStaff, digest, '2027-02-01');
    expect(email).toMatchObject({
      key: 'digest:2027-02-01:usr_s',
      to: ['hana@hee.nhs.uk'],
      subjectType: 'digest',
      subjectId: '2027-02-01',
    });
    expect(email.subject).toBe('Trainflow deadlines, week of Monday 1 February 2027: 2 overdue, 3 due in the next 14 days');
    expect(email.text).toContain('== Overdue (2) ==');
    expect(email.text).toContain(
      '- Review the expression of interest: EOI eoi_a (Northshire Community Trust). Owner: University of Northshire; ' +
        'was due Saturday 30 January 2027, 07:00 (2 days ago).\n  https://tf.example/eois/eoi_a',
    );
    expect(email.text).toContain('== Due in the next 14 days (3) ==');
    expect(email.text.indexOf('Overdue')).toBeLessThan(email.text.indexOf('BSc Nursing Associate'));
    expect(email.text).not.toContain('eoi_far');
    expect(email.html).toContain('<h3>Wigan Training Hub</h3>');
  });
});
