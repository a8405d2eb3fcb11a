import { noEffects, recordTransition, soonestDeadline, type DeadlineRecord } from '../../domain/process';
import { type Actor, isInScope, ROLES } from '../../domain/roles';

const actor = (role: Actor['role'], scope: Partial<Actor> = {}): Actor => ({ userId: `usr_${role}`, role, name: role, ...scope });

describe('who a process concerns (isInScope), the one rule for EOIs and spoke applications', () => {
  const eoi = { organisationId: 'org_1', universityId: 'uni_1' };
  const spoke = { practiceId: 'prac_1', hubId: 'hub_1' };

  it('puts admins and HEE staff inside every scope', () => {
    for (const role of ['admin', 'hee_staff'] as const) {
      expect(isInScope(actor(role), eoi)).toBe(true);
      expect(isInScope(actor(role), spoke)).toBe(true);
    }
  });

  it('puts a scoped role inside only the subjects that name its own record', () => {
    expect(isInScope(actor('org_submitter', { organisationId: 'org_1' }), eoi)).toBe(true);
    expect(isInScope(actor('org_submitter', { organisationId: 'org_2' }), eoi)).toBe(false);
    expect(isInScope(actor('university_reviewer', { universityId: 'uni_1' }), eoi)).toBe(true);
    expect(isInScope(actor('hub_lead', { hubId: 'hub_1' }), spoke)).toBe(true);
    expect(isInScope(actor('practice_manager', { practiceId: 'prac_2' }), spoke)).toBe(false);
    // A hub lead is not concerned by an EOI, nor an organisation by a spoke application.
    expect(isInScope(actor('hub_lead', { hubId: 'hub_1' }), eoi)).toBe(false);
    expect(isInScope(actor('org_submitter', { organisationId: 'org_1' }), spoke)).toBe(false);
  });

  it('never puts a scoped user bound to nothing inside a subject that names nothing either', () => {
    for (const role of ROLES.filter((r) => r !== 'admin' && r !== 'hee_staff')) {
      expect(isInScope(actor(role), {})).toBe(false);
    }
  });
});

describe('recording a change (recordTransition), the same for both processes', () => {
  const at = new Date('2027-03-01T10:00:00Z');
  const who = actor('hee_staff');

  it('numbers the change, adds a history entry and an audit entry keyed <seq>:<action>', () => {
    const s = { status: 'A' as 'A' | 'B', seq: 4, history: [] };
    const effects = noEffects();
    const from = recordTransition(s, effects, 'spoke', { actor: who, action: 'approval', to: 'B', at, comment: 'ok', requestId: 'req_1' });
    expect(from).toBe('A');
    expect(s).toEqual({
      status: 'B',
      seq: 5,
      history: [
        {
          at: at.toISOString(),
          actor: { userId: who.userId, role: 'hee_staff', name: 'hee_staff' },
          action: 'approval',
          fromStatus: 'A',
          toStatus: 'B',
          comment: 'ok',
          requestId: 'req_1',
        },
      ],
    });
    expect(effects.audit).toEqual([
      {
        key: '5:approval',
        actor: who,
        action: 'spoke.approval',
        comment: 'ok',
        requestId: 'req_1',
        before: { status: 'A' },
        after: { status: 'B' },
      },
    ]);
  });

  it('opens a process from no status, with more for the audit entry when given', () => {
    const s = { status: 'A' as const, seq: 0, history: [] as { fromStatus: string | null }[] };
    const effects = noEffects();
    recordTransition(s as never, effects, 'eoi', { actor: who, action: 'submitted', to: 'A', at, opening: true, after: { x: 1 } });
    expect(s.history[0]!.fromStatus).toBeNull();
    expect(effects.audit[0]).toEqual({ key: '1:submitted', actor: who, action: 'eoi.submitted', after: { status: 'A', x: 1 } });
  });
});

describe('the soonest deadline', () => {
  const deadline = (key: string, dueAt: string): DeadlineRecord => ({ key, action: key, owner: 'o', ownerRole: 'hee_staff', dueAt });

  it('is the one due first, whatever the order given, and none when nothing waits', () => {
    const list = [deadline('b', '2027-05-02T00:00:00Z'), deadline('a', '2027-05-01T23:00:00+01:00'), deadline('c', '2027-06-01T00:00:00Z')];
    expect(soonestDeadline(list)?.key).toBe('a');
    expect(list.map((d) => d.key)).toEqual(['b', 'a', 'c']);
    expect(soonestDeadline([])).toBeUndefined();
  });
});
