/** Correcting a spoke application's named administrator or educationalist: who may, when, and what it changes. */
import type { Actor } from '../../domain/roles';
import { applyPeopleCorrection, checkPeopleCorrection, PeopleCorrectionBody, spokeView } from '../../domain/spoke-accreditation';
import { admin, ctx, lead, manager, openApplication, otherLead, settings, staff } from './fixtures/spoke';

const T0 = new Date('2027-01-04T09:00:00Z');
const T1 = new Date('2027-01-05T09:00:00Z');

const otherManager: Actor = { userId: 'u-pm2', role: 'practice_manager', name: 'Pia', practiceId: 'p2' };
const submitter: Actor = { userId: 'u-org', role: 'org_submitter', name: 'Orla', organisationId: 'o1' };

const open = () => openApplication(T0);

describe('who may correct the named people, and when', () => {
  it('lets the practice, its hub, HEE staff and admins correct an open application, suspended included', () => {
    const s = open();
    for (const actor of [manager, lead, staff, admin]) expect(checkPeopleCorrection(s, actor)).toBeUndefined();
    s.status = 'SUSPENDED';
    expect(checkPeopleCorrection(s, manager)).toBeUndefined();
  });

  it('refuses other roles and people outside the practice or hub with 403', () => {
    const s = open();
    expect(checkPeopleCorrection(s, submitter)).toMatchObject({
      status: 403,
      detail: 'The org_submitter role cannot correct the named people',
    });
    expect(checkPeopleCorrection(s, otherManager)).toMatchObject({ status: 403, detail: 'This spoke application is outside your scope' });
    expect(checkPeopleCorrection(s, otherLead)).toMatchObject({ status: 403, allowedActions: [] });
  });

  it.each(['WITHDRAWN', 'REJECTED', 'LAPSED'] as const)('refuses a %s application with 409 naming the state', (status) => {
    const s = open();
    s.status = status;
    expect(checkPeopleCorrection(s, staff)).toEqual({
      status: 409,
      detail: `Cannot correct the named people: the application is ${status}`,
      state: status,
      allowedActions: [],
    });
  });

  it('reads a strict body naming the field at fault', () => {
    expect(PeopleCorrectionBody.safeParse({ role: 'administrator', name: 'Amy', email: 'amy@p1.nhs.uk' }).success).toBe(true);
    const bad = PeopleCorrectionBody.safeParse({ role: 'administrator', name: 'Amy', email: 'not an address' });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['email']);
    expect(PeopleCorrectionBody.safeParse({ role: 'manager', name: 'Amy', email: 'amy@p1.nhs.uk' }).success).toBe(false);
    expect(
      PeopleCorrectionBody.safeParse({ role: 'administrator', name: 'Amy', email: 'amy@p1.nhs.uk', status: 'ACCREDITED' }).success,
    ).toBe(false);
  });
});

describe('applying a correction', () => {
  it('replaces the person, keeps the status, records history and audit, tells the new person and re-addresses old mail', () => {
    const s = open();
    const effects = applyPeopleCorrection(s, lead, { role: 'administrator', name: 'Amy New', email: 'amy@p1.nhs.uk' }, T1, ctx, 'req-1');
    const view = spokeView(s, settings);
    expect(view).toMatchObject({ status: 'AWAITING_EVIDENCE', administrator: { name: 'Amy New', email: 'amy@p1.nhs.uk' } });
    expect(view.educationalist).toEqual({ name: 'Ed', email: 'ed@p1.nhs.uk' });
    expect(view.history.at(-1)).toMatchObject({
      action: 'people',
      fromStatus: 'AWAITING_EVIDENCE',
      toStatus: 'AWAITING_EVIDENCE',
      actor: { userId: 'u-hl' },
      comment: 'Administrator: Ann <ann@p1.nhs.uk> replaced by Amy New <amy@p1.nhs.uk>',
    });
    expect(effects.audit).toEqual([
      expect.objectContaining({
        action: 'spoke.people',
        requestId: 'req-1',
        after: {
          status: 'AWAITING_EVIDENCE',
          administrator: { from: { name: 'Ann', email: 'ann@p1.nhs.uk' }, to: { name: 'Amy New', email: 'amy@p1.nhs.uk' } },
        },
      }),
    ]);
    expect(effects.notices).toHaveLength(1);
    expect(effects.notices[0]).toMatchObject({
      audience: [{ kind: 'address', email: 'amy@p1.nhs.uk', name: 'Amy New' }],
      headline: 'You are named on a spoke application',
    });
    expect(effects.notices[0]!.lines).toEqual([
      expect.stringContaining('Farnworth Surgery now names you as the practice-based administrator'),
      'Correction from Hal Lead, Bolton Training Hub: “Amy New <amy@p1.nhs.uk>”',
    ]);
    expect(effects.readdress).toEqual([{ from: 'ann@p1.nhs.uk', to: 'amy@p1.nhs.uk', actor: lead, requestId: 'req-1' }]);
  });

  it('re-addresses nothing when only the name changes, or the other named person still has the old address', () => {
    const s = open();
    expect(
      applyPeopleCorrection(s, manager, { role: 'educationalist', name: 'Edward', email: 'ED@p1.nhs.uk' }, T1, ctx).readdress,
    ).toBeUndefined();
    s.administrator = { name: 'Ann', email: 'shared@p1.nhs.uk' };
    s.educationalist = { name: 'Ed', email: 'shared@p1.nhs.uk' };
    const effects = applyPeopleCorrection(s, manager, { role: 'educationalist', name: 'Eve', email: 'eve@p1.nhs.uk' }, T1, ctx);
    expect(effects.readdress).toBeUndefined();
    expect(s.educationalist.email).toBe('eve@p1.nhs.uk');
  });

  it('gives each correction its own notice key, so a second correction is emailed too', () => {
    const s = open();
    const first = applyPeopleCorrection(s, manager, { role: 'administrator', name: 'Amy', email: 'amy@p1.nhs.uk' }, T1, ctx);
    const second = applyPeopleCorrection(s, manager, { role: 'administrator', name: 'Abe', email: 'abe@p1.nhs.uk' }, T1, ctx);
    expect(first.notices[0]!.key).not.toBe(second.notices[0]!.key);
  });
});
