import { currentStageSince, eoiDocumentRemovalRefusal, eoiDocumentsRefusal } from '../../domain/eoi';
import { spokeDocumentRemovalRefusal, spokeDocumentsRefusal } from '../../domain/spoke-accreditation';
import type { Actor } from '../../domain/roles';

const submitter: Actor = { userId: 'u1', role: 'org_submitter', name: 'Olu', organisationId: 'org1' };
const otherSubmitter: Actor = { ...submitter, userId: 'u2', organisationId: 'org2' };
const reviewer: Actor = { userId: 'u3', role: 'university_reviewer', name: 'Uma', universityId: 'uni1' };

const eoi = (status: string, history: { at: string; toStatus: string }[]) =>
  ({ status, organisationId: 'org1', universityId: 'uni1', history }) as Parameters<typeof eoiDocumentsRefusal>[0];

const sent = { at: '2027-01-10T09:00:00.000Z', toStatus: 'UNDER_UNIVERSITY_REVIEW' };
const reviewed = { at: '2027-01-20T09:00:00.000Z', toStatus: 'AWAITING_FUNDING_DECISION' };

describe('EOI supporting documents', () => {
  it('lets only the organisation’s submitter change them, while the EOI is open', () => {
    expect(eoiDocumentsRefusal(eoi('UNDER_UNIVERSITY_REVIEW', [sent]), submitter)).toBeUndefined();
    expect(eoiDocumentsRefusal(eoi('FUNDED', [sent]), submitter)).toBeUndefined();
    expect(eoiDocumentsRefusal(eoi('UNDER_UNIVERSITY_REVIEW', [sent]), reviewer)?.status).toBe(403);
    expect(eoiDocumentsRefusal(eoi('UNDER_UNIVERSITY_REVIEW', [sent]), otherSubmitter)?.status).toBe(403);
    for (const closed of ['ENROLLED', 'DECLINED', 'WITHDRAWN']) {
      expect(eoiDocumentsRefusal(eoi(closed, [sent]), submitter)).toMatchObject({ status: 409, state: closed });
    }
  });

  it('removes a file only in the stage it was attached in', () => {
    const atFunding = eoi('AWAITING_FUNDING_DECISION', [sent, reviewed]);
    expect(currentStageSince(atFunding)).toBe(reviewed.at);
    expect(eoiDocumentRemovalRefusal(atFunding, { uploadedAt: new Date('2027-01-15T09:00:00.000Z') })).toContain('stays as the record');
    expect(eoiDocumentRemovalRefusal(atFunding, { uploadedAt: new Date(reviewed.at) })).toBeUndefined();
    expect(eoiDocumentRemovalRefusal(eoi('UNDER_UNIVERSITY_REVIEW', [sent]), { uploadedAt: new Date(sent.at) })).toBeUndefined();
  });
});

describe('spoke application supporting documents', () => {
  const manager: Actor = { userId: 'u4', role: 'practice_manager', name: 'Pam', practiceId: 'prc1' };
  const otherManager: Actor = { ...manager, userId: 'u5', practiceId: 'prc2' };
  const lead: Actor = { userId: 'u6', role: 'hub_lead', name: 'Lia', hubId: 'hub1' };
  const spoke = (status: string, history: { at: string; toStatus: string }[]) =>
    ({ status, practiceId: 'prc1', hubId: 'hub1', history }) as Parameters<typeof spokeDocumentsRefusal>[0];
  const opened = { at: '2027-02-01T09:00:00.000Z', toStatus: 'AWAITING_EVIDENCE' };
  const sent = { at: '2027-02-10T09:00:00.000Z', toStatus: 'UNDER_HUB_REVIEW' };

  it('lets only the practice manager change them, while the application is open', () => {
    expect(spokeDocumentsRefusal(spoke('AWAITING_EVIDENCE', [opened]), manager)).toBeUndefined();
    expect(spokeDocumentsRefusal(spoke('ACCREDITED', [opened]), manager)).toBeUndefined();
    expect(spokeDocumentsRefusal(spoke('AWAITING_EVIDENCE', [opened]), lead)?.status).toBe(403);
    expect(spokeDocumentsRefusal(spoke('AWAITING_EVIDENCE', [opened]), otherManager)?.status).toBe(403);
    for (const closed of ['REJECTED', 'WITHDRAWN', 'LAPSED']) {
      expect(spokeDocumentsRefusal(spoke(closed, [opened]), manager)).toMatchObject({ status: 409, state: closed });
    }
  });

  it('removes a file only in the stage it was attached in', () => {
    const underReview = spoke('UNDER_HUB_REVIEW', [opened, sent]);
    expect(spokeDocumentRemovalRefusal(underReview, { uploadedAt: new Date('2027-02-05T09:00:00.000Z') })).toContain(
      'the application’s current stage',
    );
    expect(spokeDocumentRemovalRefusal(underReview, { uploadedAt: new Date(sent.at) })).toBeUndefined();
  });
});
