import { ProcessSettingsSchema } from '../../domain/settings';
import {
  allowedActions,
  applyContactCorrection,
  applyWithdrawal,
  checkContactCorrection,
  createEoi,
  type EoiState,
} from '../../domain/eoi';
import type { Actor } from '../../domain/roles';

const settings = ProcessSettingsSchema.parse({});
const admin: Actor = { userId: 'a', role: 'admin', name: 'Admin' };
const staff: Actor = { userId: 's', role: 'hee_staff', name: 'Staff' };
const submitter: Actor = { userId: 'o', role: 'org_submitter', name: 'Org', organisationId: 'org-1' };
const stranger: Actor = { userId: 'x', role: 'org_submitter', name: 'Other', organisationId: 'org-2' };
const reviewer: Actor = { userId: 'r', role: 'university_reviewer', name: 'Uni', universityId: 'uni-1' };
const at = new Date('2027-03-01T09:00:00Z');

function newEoi(): EoiState {
  return createEoi(
    {
      id: 'eoi_1',
      organisationId: 'org-1',
      universityId: 'uni-1',
      intakeId: 'in-1',
      programmeId: 'p-1',
      serviceType: 'primary_care',
      placesRequested: 3,
      contact: { name: 'Cara', email: 'cara@org.nsh.uk' },
      declarations: { jobDescriptionAndPersonSpec: true, hrArrangementsConfirmed: true, bandedPostGuaranteed: true },
      submittedBy: submitter,
      intake: { startsOn: '2027-09-01', confirmationDueAt: '2027-08-04T22:59:59.000Z', priorityServiceTypes: ['primary_care'] },
      labels: { organisation: 'Org One', university: 'Uni One', programme: 'MSc' },
    },
    at,
    settings,
  ).state;
}

describe("correcting an EOI's contact", () => {
  it('is open to its organisation, regional staff and administrators while the EOI is open, and not a listed step', () => {
    const eoi = newEoi();
    for (const actor of [submitter, staff, admin]) expect(checkContactCorrection(eoi, actor)).toBeUndefined();
    expect(checkContactCorrection(eoi, reviewer)).toMatchObject({ status: 403 });
    expect(checkContactCorrection(eoi, stranger)).toMatchObject({ status: 403 });
    expect(allowedActions(eoi, submitter)).toEqual(['withdrawal']);
    applyWithdrawal(eoi, submitter, 'no longer needed', at);
    expect(checkContactCorrection(eoi, submitter)).toMatchObject({ status: 409, state: 'WITHDRAWN' });
  });

  it('records the change in the history, keeps the status, and re-addresses undelivered email', () => {
    const eoi = newEoi();
    const effects = applyContactCorrection(
      eoi,
      submitter,
      { contact: { name: 'Cara', email: 'cara@org.nhs.uk' }, comment: 'typo' },
      at,
      'req-1',
    );
    expect(eoi.contact.email).toBe('cara@org.nhs.uk');
    expect(eoi.status).toBe('UNDER_UNIVERSITY_REVIEW');
    expect(eoi.history.at(-1)).toMatchObject({
      action: 'contact_corrected',
      fromStatus: 'UNDER_UNIVERSITY_REVIEW',
      toStatus: 'UNDER_UNIVERSITY_REVIEW',
    });
    expect(effects.audit).toEqual([
      expect.objectContaining({
        action: 'eoi.contact_corrected',
        after: expect.objectContaining({ contact: { from: 'cara@org.nsh.uk', to: 'cara@org.nhs.uk' } }),
      }),
    ]);
    expect(effects.readdress).toEqual([{ from: 'cara@org.nsh.uk', to: 'cara@org.nhs.uk', actor: submitter, requestId: 'req-1' }]);
    expect(effects.notices).toEqual([]);
  });

  it('re-addresses nothing when only the name changes', () => {
    const eoi = newEoi();
    const effects = applyContactCorrection(eoi, staff, { contact: { name: 'Cara Jones', email: 'CARA@org.nsh.uk' } }, at);
    expect(eoi.contact.name).toBe('Cara Jones');
    expect(effects.readdress).toBeUndefined();
  });
});
