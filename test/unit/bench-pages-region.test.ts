/**
 * The region bench section 5 seeds (bench/lib/pages-region.ts): every process taken through the
 * real rules, so every state shows up, the rows agree with their views, and the same seed gives
 * the same rows.
 */
import { planPagesRegion, random, weighted } from '../../bench/lib/pages-region';
import { EOI_STATUSES } from '../../domain/eoi/schemas';
import { SPOKE_STATUSES } from '../../domain/spoke-accreditation';

const now = new Date('2027-03-01T09:00:00Z');
const region = planPagesRegion({ eois: 800, spokes: 400 }, now);
const rows = (table: string) => region.tables.find(([name]) => name === table)![1];

describe('the seeded region of the pages bench', () => {
  it('takes every journey through the rules without a refusal, to the sizes asked', () => {
    expect(region.refused).toEqual([]);
    expect(rows('eoi')).toHaveLength(800);
    expect(rows('spokeApplication')).toHaveLength(400);
  });

  it('has EOIs in every state and spoke applications in every state', () => {
    expect(new Set(rows('eoi').map((r) => r.status))).toEqual(new Set(EOI_STATUSES));
    expect(new Set(rows('spokeApplication').map((r) => r.status))).toEqual(new Set(SPOKE_STATUSES));
  });

  it('writes rows whose columns agree with their views, as a commit writes them', () => {
    for (const row of [...rows('eoi'), ...rows('spokeApplication')]) {
      const view = row.view as { id: string; status: string };
      expect([view.id, view.status]).toEqual([row.id, row.status]);
    }
    const eoi = rows('eoi')[0]!;
    const view = eoi.view as { organisationId: string; intakeId: string; allocatedPlaces: number };
    expect(eoi).toMatchObject({ organisationId: view.organisationId, intakeId: view.intakeId, allocatedPlaces: view.allocatedPlaces });
  });

  it('leaves deadlines only for open steps, each with its subject, and an audit trail with every action in the past', () => {
    const subjects = new Set([...rows('eoi'), ...rows('spokeApplication')].map((r) => r.id));
    const deadlines = rows('deadline');
    expect(deadlines.length).toBeGreaterThan(0);
    for (const d of deadlines) expect(subjects.has(d.subjectId as string)).toBe(true);
    const enrolled = new Set(
      rows('eoi')
        .filter((r) => r.status === 'ENROLLED')
        .map((r) => r.id),
    );
    expect(deadlines.some((d) => enrolled.has(d.subjectId as string))).toBe(false);
    const audit = rows('auditEvent');
    expect(audit.length).toBeGreaterThan(800);
    expect(audit.every((a) => (a.at as Date).getTime() <= now.getTime())).toBe(true);
    expect(new Set(audit.map((a) => a.dedupeKey)).size).toBe(audit.length);
  });

  it('names people who exist, in the scope of rows', () => {
    const users = new Map(rows('user').map((u) => [u.id, u]));
    expect(users.get(region.people.staff)).toMatchObject({ role: 'hee_staff' });
    const organisation = users.get(region.people.organisation)!;
    expect(rows('eoi').some((e) => e.organisationId === organisation.organisationId)).toBe(true);
    expect(users.get(region.people.hubLead)).toMatchObject({ role: 'hub_lead' });
    expect(users.get(region.people.practiceManager)).toMatchObject({ role: 'practice_manager' });
  });

  it('is the same region for the same seed and moment', () => {
    const again = planPagesRegion({ eois: 50, spokes: 20 }, now);
    const first = planPagesRegion({ eois: 50, spokes: 20 }, now);
    expect(JSON.stringify(again.tables)).toBe(JSON.stringify(first.tables));
  });
});

describe('the seeded generator', () => {
  it('repeats for a seed and picks keys in proportion to their weights', () => {
    const a = random(3);
    const b = random(3);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    const next = random(5);
    const counts = { rare: 0, common: 0 };
    for (let i = 0; i < 10_000; i++) counts[weighted(next, { rare: 1, common: 9 })] += 1;
    expect(counts.rare).toBeGreaterThan(700);
    expect(counts.rare).toBeLessThan(1300);
  });
});
