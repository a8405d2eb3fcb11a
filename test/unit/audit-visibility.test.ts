import { auditRecordFor } from '../../domain/audit-visibility';

const created = { id: 'usr_1', name: 'Ada Lead', email: 'ada@example.nhs.uk', role: 'hub_lead', binding: { email: 'ada@x.nhs.uk' } };

describe('audit trail: who sees a user’s email address', () => {
  it('shows admins the whole user record', () => {
    expect(auditRecordFor('admin', 'user', created)).toEqual(created);
  });

  it('shows HEE staff a user record without any email address, at any depth', () => {
    expect(auditRecordFor('hee_staff', 'user', created)).toEqual({ id: 'usr_1', name: 'Ada Lead', role: 'hub_lead', binding: {} });
  });

  it('leaves other subjects’ records whole (an EOI’s contact is part of the application)', () => {
    const eoi = { contact: { name: 'Cara', email: 'cara@org.nhs.uk' } };
    expect(auditRecordFor('hee_staff', 'eoi', eoi)).toEqual(eoi);
  });

  it('passes empty records through', () => {
    expect(auditRecordFor('hee_staff', 'user', null)).toBeNull();
  });
});
