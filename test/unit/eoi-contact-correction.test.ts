import {
  allowedActions,
  applyContactCorrection,
  applyWithdrawal,
  checkContactCorrection,
  createEoi,
  type EoiState,
} from '../../domain/eoi';
import { admin, defaultSettings, eoiInput, reviewer, staff, stranger, submitter } from './fixtures/eoi';

const settings = defaultSettings;
const at = new Date('2027-03-01T09:00:00Z');

/** Its contact's address mistyped (nsh for nhs), to be corrected. */
const newEoi = (): EoiState => createEoi(eoiInput({ contactEmail: 'cara@org.nsh.uk' }), at, settings).state;

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
