import { assertMayCreate, createRoles, mayCreate, readRoles, readScope, withinScope } from '../../api/auth/reference-scope';
import type { Actor } from '../../domain/roles';

const actor = (role: Actor['role'], scope: Partial<Actor> = {}): Actor => ({ userId: `u-${role}`, name: role, role, ...scope });

describe('reference data access rules', () => {
  it('states the roles of each kind', () => {
    expect(readRoles('organisation')).toEqual(['admin', 'org_submitter', 'university_reviewer', 'hee_staff']);
    expect(readRoles('practice')).toEqual(['admin', 'hee_staff', 'hub_lead', 'practice_manager']);
    expect(readRoles('intake')).toHaveLength(6);
    expect(createRoles('criteriaSet')).toEqual(['admin', 'hub_lead']);
    for (const kind of ['organisation', 'university', 'programme', 'intake', 'hub', 'practice'] as const) {
      expect(createRoles(kind)).toEqual(['admin']);
    }
  });

  it('narrows scoped roles to their own records and leaves regional roles unfiltered', () => {
    expect(readScope('organisation', actor('org_submitter', { organisationId: 'org_1' }))).toEqual({ id: 'org_1' });
    expect(readScope('organisation', actor('university_reviewer', { universityId: 'uni_1' }))).toEqual({});
    expect(readScope('practice', actor('hub_lead', { hubId: 'hub_1' }))).toEqual({ hubId: 'hub_1' });
    expect(readScope('practice', actor('practice_manager', { practiceId: 'prac_1' }))).toEqual({ id: 'prac_1' });
    expect(readScope('practice', actor('hee_staff'))).toEqual({});
  });

  it('combines with a request filter by AND, so a requested id cannot widen the scope', () => {
    expect(withinScope('organisation', actor('org_submitter', { organisationId: 'org_1' }), { id: 'org_2' })).toEqual({
      AND: [{ id: 'org_2' }, { id: 'org_1' }],
    });
  });

  it('refuses roles outside a kind, and scoped roles that carry no scope', () => {
    expect(() => readScope('organisation', actor('hub_lead', { hubId: 'hub_1' }))).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => readScope('practice', actor('org_submitter', { organisationId: 'o' }))).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => readScope('organisation', actor('org_submitter'))).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('lets a hub lead create criteria sets for their own hub only', () => {
    const lead = actor('hub_lead', { hubId: 'hub_1' });
    expect(() => assertMayCreate('criteriaSet', lead, { hubId: 'hub_1' })).not.toThrow();
    expect(() => assertMayCreate('criteriaSet', lead, { hubId: 'hub_2' })).toThrow(
      expect.objectContaining({ status: 403, errors: [{ path: 'body.hubId', message: 'not your hub' }] }),
    );
    expect(() => assertMayCreate('criteriaSet', actor('admin'), { hubId: 'hub_2' })).not.toThrow();
    expect(() => assertMayCreate('hub', lead, {})).toThrow(expect.objectContaining({ status: 403 }));
    expect(mayCreate('criteriaSet', lead, { hubId: 'hub_1' })).toBe(true);
    expect(mayCreate('criteriaSet', lead, { hubId: 'hub_2' })).toBe(false);
    expect(mayCreate('criteriaSet', actor('admin'), { hubId: 'hub_2' })).toBe(true);
    expect(mayCreate('criteriaSet', actor('hub_lead'), { hubId: 'hub_2' })).toBe(false);
    expect(mayCreate('criteriaSet', actor('practice_manager', { practiceId: 'p' }), { hubId: 'hub_1' })).toBe(false);
  });
});
