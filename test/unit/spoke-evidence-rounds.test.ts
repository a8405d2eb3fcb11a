/** Every review round of an evidence item is kept: the submission, the decision, the comment, who and when. */
import {
  applyApproval,
  applyEvidence,
  applyEvidenceReview,
  applySignature,
  applyVisit,
  applyVisitOutcome,
  nextTimedEvent,
  type SpokeState,
  spokeView,
  startReaccreditation,
} from '../../domain/spoke-accreditation';
import { ctx, cycleData, DAY, lead, manager, openApplication, settings, staff } from './fixtures/spoke';

const CRITERIA = [
  { code: 'C1', title: 'Named administrator', guidance: '' },
  { code: 'C2', title: 'Named educationalist', guidance: '' },
];
const data = cycleData(CRITERIA);
const T0 = new Date('2027-01-04T09:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const iso = (days: number) => at(days).toISOString();

const open = () => openApplication(T0, data);

const evidence = (statements: Record<string, string>, documentUrl?: string) => ({
  items: Object.entries(statements).map(([criterionCode, statement]) => ({
    criterionCode,
    statement,
    ...(documentUrl ? { documentUrl } : {}),
  })),
});
const review = (d: Record<string, [decision: 'accept' | 'reject', comment: string]>) => ({
  items: Object.entries(d).map(([criterionCode, [decision, comment]]) => ({ criterionCode, decision, comment })),
});
const item = (s: SpokeState, code: string) => s.evidence.find((e) => e.criterionCode === code)!;
const hal = { userId: 'u-hl', name: 'Hal Lead' };
const pat = { userId: 'u-pm', name: 'Pat Manager' };

describe('evidence review rounds', () => {
  it('keeps the rejection and its comment in the first round once the resubmission is accepted', () => {
    const s = open();
    applyEvidence(s, manager, evidence({ C1: 'Ann runs the rota', C2: 'Ed teaches' }, 'https://docs.example/rota-v1'), at(1), ctx);
    applyEvidenceReview(s, lead, review({ C1: ['reject', 'Name a deputy'], C2: ['accept', ''] }), at(2), ctx);
    applyEvidence(s, manager, evidence({ C1: 'Ann runs the rota; Bo deputises' }), at(3), ctx);
    applyEvidenceReview(s, lead, review({ C1: ['accept', 'Thanks'] }), at(4), ctx);

    expect(s.status).toBe('VISIT_PENDING');
    const c1 = item(s, 'C1');
    expect(c1.rounds).toEqual([
      {
        cycle: 1,
        statement: 'Ann runs the rota',
        documentUrl: 'https://docs.example/rota-v1',
        submittedAt: iso(1),
        submittedBy: pat,
        review: { decision: 'reject', comment: 'Name a deputy', reviewer: hal, at: iso(2), source: 'hub_review' },
      },
      {
        cycle: 1,
        statement: 'Ann runs the rota; Bo deputises',
        submittedAt: iso(3),
        submittedBy: pat,
        review: { decision: 'accept', comment: 'Thanks', reviewer: hal, at: iso(4), source: 'hub_review' },
      },
    ]);
    // The top-level fields stay the current submission and review, as clients read them.
    expect(c1).toMatchObject({ status: 'accepted', statement: 'Ann runs the rota; Bo deputises', review: { decision: 'accept' } });
    expect(c1.documentUrl).toBeUndefined();
    expect(item(s, 'C2').rounds).toHaveLength(1);
    expect(spokeView(s, settings).evidence[0]!.rounds).toEqual(c1.rounds);
  });

  it('leaves a submission awaiting review as an open round', () => {
    const s = open();
    applyEvidence(s, manager, evidence({ C1: 'First' }), at(1), ctx);
    expect(item(s, 'C1').rounds).toEqual([{ cycle: 1, statement: 'First', submittedAt: iso(1), submittedBy: pat }]);
    expect(item(s, 'C2').rounds).toBeUndefined();
  });

  it('keeps the hub’s acceptance beside a quality visit’s return of the same submission', () => {
    const s = open();
    applyEvidence(s, manager, evidence({ C1: 'Rota', C2: 'Teaching' }), at(1), ctx);
    applyEvidenceReview(s, lead, review({ C1: ['accept', ''], C2: ['accept', ''] }), at(2), ctx);
    applyVisit(s, lead, { scheduledFor: iso(5) }, at(3), ctx);
    applyVisitOutcome(s, lead, { outcome: 'actions_required', notes: 'Induction pack missing', criteria: ['C1'] }, at(5), ctx);
    applyEvidence(s, manager, evidence({ C1: 'Rota and induction pack' }), at(6), ctx);

    const [first, second] = item(s, 'C1').rounds!;
    expect(first).toMatchObject({
      statement: 'Rota',
      review: { decision: 'accept', source: 'hub_review', at: iso(2) },
      visitReview: { decision: 'reject', comment: 'Induction pack missing', source: 'quality_visit', at: iso(5) },
    });
    expect(second).toEqual({ cycle: 1, statement: 'Rota and induction pack', submittedAt: iso(6), submittedBy: pat });
    expect(item(s, 'C2').rounds![0]!.visitReview).toBeUndefined();
  });

  it('carries the rounds into re-accreditation, tagged with their cycle, and adds the re-confirmation as the next', () => {
    const s = open();
    applyEvidence(s, manager, evidence({ C1: 'Rota', C2: 'Teaching' }), at(1), ctx);
    applyEvidenceReview(s, lead, review({ C1: ['reject', 'Name a deputy'], C2: ['accept', ''] }), at(2), ctx);
    applyEvidence(s, manager, evidence({ C1: 'Rota with deputy' }), at(3), ctx);
    applyEvidenceReview(s, lead, review({ C1: ['accept', ''] }), at(4), ctx);
    applyVisit(s, lead, { scheduledFor: iso(6) }, at(5), ctx);
    applyVisitOutcome(s, lead, { outcome: 'satisfactory', notes: 'Good' }, at(6), ctx);
    applyApproval(s, staff, { decision: 'approve', comment: '' }, at(7), ctx);
    applySignature(s, manager, { signedBy: 'Dr P' }, at(8), ctx);
    const due = nextTimedEvent(s, settings)!;
    startReaccreditation(s, due, data, new Date(due.at), ctx);

    const c1 = item(s, 'C1');
    expect(c1.status).toBe('to_reconfirm');
    expect(c1.review).toBeUndefined();
    expect(c1.rounds!.map((r) => [r.cycle, r.statement, r.review?.decision])).toEqual([
      [1, 'Rota', 'reject'],
      [1, 'Rota with deputy', 'accept'],
    ]);
    applyEvidence(s, manager, evidence({ C1: 'Rota with deputy, still', C2: 'Teaching' }), new Date(Date.parse(due.at) + DAY), ctx);
    expect(item(s, 'C1').rounds!.map((r) => [r.cycle, r.statement])).toEqual([
      [1, 'Rota'],
      [1, 'Rota with deputy'],
      [2, 'Rota with deputy, still'],
    ]);
  });

  it('takes the current submission as the first round of an item recorded before rounds were kept', () => {
    const s = open();
    applyEvidence(s, manager, evidence({ C1: 'Rota', C2: 'Teaching' }), at(1), ctx);
    // A running workflow's state from before: the same item without `rounds`.
    for (const e of s.evidence) delete e.rounds;
    applyEvidenceReview(s, lead, review({ C1: ['reject', 'Name a deputy'], C2: ['accept', ''] }), at(2), ctx);
    applyEvidence(s, manager, evidence({ C1: 'Rota with deputy' }), at(3), ctx);

    expect(item(s, 'C1').rounds).toEqual([
      {
        cycle: 1,
        statement: 'Rota',
        submittedAt: iso(1),
        submittedBy: pat,
        review: { decision: 'reject', comment: 'Name a deputy', reviewer: hal, at: iso(2), source: 'hub_review' },
      },
      { cycle: 1, statement: 'Rota with deputy', submittedAt: iso(3), submittedBy: pat },
    ]);
    expect(item(s, 'C2').rounds).toHaveLength(1);
  });
});
