/**
 * The region section 5 reads: reference data, users, and the read model (EOIs, spoke
 * applications, their deadlines and audit trail) as the workflows would have committed it, built
 * by taking each process through the real rules of domain/eoi and domain/spoke-accreditation
 * (the functions the workflows apply), timers included, then writing what a commit writes
 * (activities/process-commit.ts). Pure and deterministic (a seeded generator, a given "now"), so
 * two runs read the same rows. No workflow stands behind these rows: see bench/README.md, 5.
 */
import {
  applyAddCandidate,
  applyCandidateOutcome,
  applyConfirmation,
  applyDecline,
  applyFunding,
  applyReview,
  applyTimer,
  applyWithdrawal,
  createEoi,
  eoiDeadlines,
  eoiView,
  type EoiState,
} from '../../domain/eoi';
import { pendingTimers } from '../../domain/eoi/timers';
import { accreditationFacts, eoiFunnelFacts } from '../../domain/reports';
import { EXAMPLE_CRITERIA, EXAMPLE_CRITERIA_SET_NAME } from '../../domain/example-criteria';
import type { AuditRecord, DeadlineRecord, Effects } from '../../domain/process';
import { confirmationDueAt } from '../../domain/reference-data';
import type { Actor } from '../../domain/roles';
import { ProcessSettingsSchema } from '../../domain/settings';
import {
  applyApproval,
  applyEvidence,
  applyEvidenceReview,
  applySignature,
  applySuspension,
  applyTimedEvent,
  applyVisit,
  applyVisitOutcome,
  applyWithdrawal as withdrawSpoke,
  openSpokeApplication,
  pendingTimedEvents,
  spokeDeadlines,
  spokeView,
  startReaccreditation,
  type SpokeCycleData,
  type SpokeState,
} from '../../domain/spoke-accreditation';

const DAY = 24 * 60 * 60 * 1000;
const settings = ProcessSettingsSchema.parse({});
const ctx = { settings };

/** A small seeded generator (mulberry32): the same region every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks a key with probability proportional to its weight. */
export function weighted<K extends string>(next: () => number, weights: Record<K, number>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let x = next() * total;
  for (const [key, w] of entries) {
    x -= w;
    if (x < 0) return key;
  }
  return entries[entries.length - 1]![0];
}

type Row = Record<string, unknown>;

export interface PagesRegion {
  /** Rows per table (Prisma model names), in the order they must be written. */
  tables: [string, Row[]][];
  /** Who signs in for each role: user ids. */
  people: { staff: string; organisation: string; university: string; hubLead: string; practiceManager: string };
  /** Ids the measured URLs name. */
  ids: { intakes: string[]; organisations: string[]; hubs: string[] };
  /** Journeys the rules refused (a bug in this file, not in the system): none expected. */
  refused: string[];
}

const iso = (t: number) => new Date(t).toISOString();
const dateOnly = (t: number) => iso(t).slice(0, 10);
const pad = (n: number, width = 5) => String(n).padStart(width, '0');

/** Eight roles of people act on EOIs and spokes; each row of the audit trail names one. */
function auditRows(type: string, id: string, effects: Effects, at: Date, rows: Row[]) {
  for (const entry of effects.audit as AuditRecord[]) {
    rows.push({
      at,
      actorId: entry.actor.userId,
      actorRole: entry.actor.role,
      action: entry.action,
      subjectType: type,
      subjectId: id,
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
      comment: entry.comment,
      dedupeKey: `${type}:${id}:${entry.key}`,
    });
  }
}

function deadlineRows(type: string, id: string, deadlines: DeadlineRecord[], scope: Row): Row[] {
  return deadlines.map((d) => ({
    id: `${id}:${d.key}`,
    subjectType: type,
    subjectId: id,
    key: d.key,
    action: d.action,
    owner: d.owner,
    ownerRole: d.ownerRole,
    dueAt: new Date(d.dueAt),
    ...scope,
  }));
}

const soonest = (deadlines: DeadlineRecord[]) =>
  deadlines.reduce<string | null>((min, d) => (min === null || Date.parse(d.dueAt) < Date.parse(min) ? d.dueAt : min), null);

const EOI_ENDINGS = {
  review: 14,
  changes: 6,
  uniDeclined: 5,
  awaitingFunding: 12,
  heeDeclined: 5,
  waitlisted: 6,
  funded: 20,
  overdue: 6,
  enrolled: 18,
  withdrawn: 8,
} as const;

const SPOKE_ENDINGS = {
  evidence: 10,
  hubReview: 10,
  changes: 6,
  visit: 8,
  actions: 4,
  approval: 6,
  agreement: 5,
  accredited: 26,
  reaccreditation: 8,
  suspended: 3,
  rejected: 4,
  withdrawn: 5,
  lapsed: 5,
} as const;

export function planPagesRegion(sizes: { eois: number; spokes: number }, now: Date, seed = 17): PagesRegion {
  const next = random(seed);
  const T = now.getTime();
  const between = (from: number, to: number) => from + Math.floor(next() * (to - from));
  const refused: string[] = [];

  // ---------- reference data ----------
  const universities = Array.from({ length: 6 }, (_, u) => ({ id: `uni_bench_${u + 1}`, name: `Bench University ${u + 1}` }));
  const programmes = [
    { id: 'prog_bench_ap', name: 'MSc Advanced Clinical Practice', role: 'advanced_practitioner', unis: [0, 1, 2, 3] },
    { id: 'prog_bench_pa', name: 'PgDip Physician Associate', role: 'physician_associate', unis: [2, 3, 4, 5] },
  ];
  // Started (its EOIs all decided), starting soon (confirmation deadline passed), and three ahead.
  const intakes = [
    { id: 'intake_bench_1', programme: 0, startsIn: -40 },
    { id: 'intake_bench_2', programme: 0, startsIn: 15 },
    { id: 'intake_bench_3', programme: 0, startsIn: 120 },
    { id: 'intake_bench_4', programme: 1, startsIn: 75 },
    { id: 'intake_bench_5', programme: 1, startsIn: 200 },
  ].map((i) => {
    const startsOn = dateOnly(T + i.startsIn * DAY);
    return { ...i, startsOn, confirmationDueAt: confirmationDueAt(startsOn), opensAt: T + (i.startsIn - 220) * DAY };
  });
  const serviceTypes = ['primary_care', 'integrated_community_care', 'urgent_emergency_care', 'other'] as const;
  const organisations = Array.from({ length: 12 }, (_, o) => ({
    id: `org_bench_${o + 1}`,
    name: `Bench NHS Trust ${o + 1}`,
    serviceType: serviceTypes[o % serviceTypes.length]!,
  }));
  const hubs = Array.from({ length: 4 }, (_, h) => ({ id: `hub_bench_${h + 1}`, name: `Bench Training Hub ${h + 1}` }));
  const practicesPerHub = Math.max(1, Math.ceil(sizes.spokes / hubs.length / 2));
  const practices = hubs.flatMap((hub, h) =>
    Array.from({ length: practicesPerHub }, (_, p) => ({
      id: `prac_bench_${h + 1}_${pad(p + 1, 4)}`,
      name: `Bench Surgery ${h + 1}-${p + 1}`,
      odsCode: `Y${h + 1}${pad(p + 1, 4)}`,
      hubId: hub.id,
      hub,
    })),
  );
  const criteria = EXAMPLE_CRITERIA.map((c) => ({ ...c }));

  // ---------- people ----------
  const users: Row[] = [];
  const person = (id: string, name: string, role: Actor['role'], scope: Partial<Actor> = {}): Actor => {
    users.push({ id, name, email: `${id.replace(/_/g, '.')}@bench.nhs.uk`, role, ...scope });
    return { userId: id, role, name, ...scope };
  };
  const staff = person('user_bench_staff', 'Harriet Staff', 'hee_staff');
  const submitters = organisations.map((o, i) =>
    person(`user_bench_org_${i + 1}`, `Olu Submitter ${i + 1}`, 'org_submitter', { organisationId: o.id }),
  );
  const reviewers = universities.map((u, i) =>
    person(`user_bench_uni_${i + 1}`, `Uma Reviewer ${i + 1}`, 'university_reviewer', { universityId: u.id }),
  );
  const leads = hubs.map((hub, i) => person(`user_bench_hub_${i + 1}`, `Hal Lead ${i + 1}`, 'hub_lead', { hubId: hub.id }));
  const managers = new Map(
    practices.map((p) => [
      p.id,
      person(`user_bench_pm_${p.id.slice(11)}`, `Pat Manager ${p.name.slice(13)}`, 'practice_manager', { practiceId: p.id }),
    ]),
  );

  // ---------- EOIs ----------
  const eois: Row[] = [];
  const deadlines: Row[] = [];
  const audit: Row[] = [];
  for (let n = 0; n < sizes.eois; n++) {
    const id = `eoi_bench_${pad(n + 1, 6)}`;
    const intake = intakes[Math.floor(next() * intakes.length)]!;
    const programme = programmes[intake.programme]!;
    const o = Math.floor(next() * organisations.length);
    const organisation = organisations[o]!;
    const university = universities[programme.unis[Math.floor(next() * programme.unis.length)]!]!;
    const reviewer = reviewers[universities.indexOf(university)]!;
    const submitter = submitters[o]!;
    const ending = weighted(next, EOI_ENDINGS);
    // Submitted while the intake was open, at least a few days ago.
    const closesAt = Math.min(T - 2 * DAY, Date.parse(intake.startsOn) - 45 * DAY);
    const submittedAt = between(Math.max(intake.opensAt, closesAt - 150 * DAY), closesAt);
    try {
      const created = createEoi(
        {
          id,
          organisationId: organisation.id,
          universityId: university.id,
          intakeId: intake.id,
          programmeId: programme.id,
          serviceType: organisation.serviceType,
          pathway: next() < 0.5 ? 'mental_health' : 'frailty',
          placesRequested: 1 + Math.floor(next() * 4),
          contact: { name: `Cara Contact ${n + 1}`, email: `contact${n + 1}@${organisation.id.replace(/_/g, '-')}.nhs.uk` },
          declarations: { jobDescriptionAndPersonSpec: true, hrArrangementsConfirmed: true, bandedPostGuaranteed: true },
          submittedBy: submitter,
          intake: { startsOn: intake.startsOn, confirmationDueAt: intake.confirmationDueAt, priorityServiceTypes: ['primary_care'] },
          labels: { organisation: organisation.name, university: university.name, programme: programme.name },
        },
        new Date(submittedAt),
        settings,
      );
      const s: EoiState = created.state;
      auditRows('eoi', id, created.effects, new Date(submittedAt), audit);
      let t = submittedAt;
      /** Fires every timer due before `until`, as the workflow would have. */
      const advance = (until: number) => {
        for (let timer = pendingTimers(s, settings)[0]; timer && Date.parse(timer.at) <= until; timer = pendingTimers(s, settings)[0]) {
          auditRows('eoi', id, applyTimer(s, timer, new Date(timer.at), settings).effects, new Date(timer.at), audit);
        }
      };
      /** Takes one step `days` after the last, unless that is still to come. */
      const step = (days: number, apply: (at: Date) => Effects | void): boolean => {
        const at = t + Math.round(days * DAY);
        if (at >= T) return false;
        advance(at);
        t = at;
        const effects = apply(new Date(at));
        if (effects) auditRows('eoi', id, effects, new Date(at), audit);
        return true;
      };
      const review = (decision: 'support' | 'decline' | 'changes_requested') =>
        step(1 + next() * 8, (at) => applyReview(s, reviewer, { decision, comment: `Reviewed: ${decision}` }, at, settings));
      const fund = () =>
        step(2 + next() * 10, (at) =>
          applyFunding(s, staff, { places: s.placesRequested, comment: 'Funded' }, { kind: 'allocated', places: s.placesRequested }, at),
        );
      const candidates = (confirm: boolean, share = 1) => {
        const count = Math.max(1, Math.round(s.allocatedPlaces * share));
        for (let c = 0; c < count; c++) {
          let candidateId = '';
          step(1 + next() * 4, (at) => {
            const added = applyAddCandidate(
              s,
              submitter,
              { name: `Candidate ${n + 1}-${c + 1}`, email: `cand${n + 1}.${c + 1}@bench.nhs.uk`, currentRole: 'Staff nurse' },
              at,
            );
            candidateId = added.candidateId;
            return added.effects;
          });
          if (!candidateId) return;
          if (!step(1 + next() * 3, (at) => applyCandidateOutcome(s, reviewer, candidateId, 'accepted', at))) return;
          if (confirm) step(1 + next() * 3, (at) => applyConfirmation(s, submitter, candidateId, 'Dr Chief Nurse', at));
        }
      };
      switch (ending) {
        case 'review':
          break;
        case 'changes':
          review('changes_requested');
          break;
        case 'uniDeclined':
          review('decline');
          break;
        case 'awaitingFunding':
          review('support');
          break;
        case 'heeDeclined':
          if (review('support')) step(2 + next() * 8, (at) => applyDecline(s, staff, 'No funding this round', at));
          break;
        case 'waitlisted':
          if (review('support'))
            step(2 + next() * 8, (at) =>
              applyFunding(
                s,
                staff,
                { places: s.placesRequested, comment: 'Intake full' },
                { kind: 'waitlisted', position: 1 + (n % 40) },
                at,
              ),
            );
          break;
        case 'funded':
          if (review('support') && fund()) candidates(false, 0.5);
          break;
        case 'overdue':
        case 'enrolled':
          if (review('support') && fund()) candidates(ending === 'enrolled');
          break;
        case 'withdrawn':
          if (review('support')) step(3 + next() * 10, (at) => applyWithdrawal(s, submitter, 'Post no longer available', at).effects);
          break;
      }
      advance(T);
      const open = eoiDeadlines(s, settings);
      const scope = { organisationId: s.organisationId, universityId: s.universityId, intakeId: s.intakeId };
      eois.push({
        id,
        ...scope,
        status: s.status,
        serviceType: s.serviceType,
        placesRequested: s.placesRequested,
        allocatedPlaces: s.allocatedPlaces,
        waitlistPosition: s.waitlistPosition ?? null,
        submittedAt: new Date(s.submittedAt),
        nextDeadlineAt: soonest(open) === null ? null : new Date(soonest(open)!),
        view: eoiView(s, settings),
        // As the commit activity writes it beside the view.
        funnelFacts: eoiFunnelFacts(eoiView(s, settings)),
        version: s.seq + 1,
      });
      deadlines.push(...deadlineRows('eoi', id, open, scope));
    } catch (error) {
      refused.push(`${id} (${ending}): ${(error as Error).message}`);
    }
  }

  // ---------- spoke applications ----------
  const spokes: Row[] = [];
  const cycleOf = (p: (typeof practices)[number]): SpokeCycleData => ({
    practice: { id: p.id, name: p.name, isTrainingPractice: false },
    hub: { id: p.hub.id, name: p.hub.name, accreditationValidityMonths: 36 },
    criteriaSet: { id: `crit_bench_${p.hub.id}`, version: 1, name: EXAMPLE_CRITERIA_SET_NAME, isExample: true, criteria },
  });
  for (let n = 0; n < sizes.spokes; n++) {
    const id = `spoke_bench_${pad(n + 1, 5)}`;
    const practice = practices[n % practices.length]!;
    const manager = managers.get(practice.id)!;
    const lead = leads[hubs.indexOf(practice.hub)]!;
    const ending = weighted(next, SPOKE_ENDINGS);
    const data = cycleOf(practice);
    // Accreditation lasts 36 months: older applications have reached re-accreditation or lapsed.
    const ageDays = ending === 'reaccreditation' ? between(940, 1060) : ending === 'lapsed' ? between(1120, 1300) : between(20, 700);
    let t = T - ageDays * DAY;
    try {
      const opened = openSpokeApplication(
        {
          id,
          practiceId: practice.id,
          hubId: practice.hub.id,
          administrator: { name: `Ann Administrator ${n + 1}`, email: `admin${n + 1}@${practice.odsCode.toLowerCase()}.nhs.uk` },
          educationalist: { name: `Ed Educationalist ${n + 1}`, email: `ed${n + 1}@${practice.odsCode.toLowerCase()}.nhs.uk` },
          appliedBy: manager,
        },
        data,
        new Date(t),
        ctx,
      );
      const s: SpokeState = opened.state;
      auditRows('spoke_application', id, opened.effects, new Date(t), audit);
      const advance = (until: number) => {
        for (
          let event = pendingTimedEvents(s, settings)[0];
          event && Date.parse(event.at) <= until;
          event = pendingTimedEvents(s, settings)[0]
        ) {
          const at = new Date(event.at);
          const effects =
            event.kind === 'reaccreditation-due' ? startReaccreditation(s, event, data, at, ctx) : applyTimedEvent(s, event, at, ctx);
          auditRows('spoke_application', id, effects, at, audit);
        }
      };
      const step = (days: number, apply: (at: Date) => Effects): boolean => {
        const at = t + Math.round(days * DAY);
        if (at >= T) return false;
        advance(at);
        t = at;
        auditRows('spoke_application', id, apply(new Date(at)), new Date(at), audit);
        return true;
      };
      const codes = criteria.map((c) => c.code);
      const evidence = () =>
        step(3 + next() * 15, (at) =>
          applyEvidence(
            s,
            manager,
            {
              items: codes.map((criterionCode) => ({
                criterionCode,
                statement: `How ${practice.name} meets ${criterionCode}: protected time, named people, records kept.`,
              })),
            },
            at,
            ctx,
          ),
        );
      const review = (reject: boolean) =>
        step(2 + next() * 10, (at) =>
          applyEvidenceReview(
            s,
            lead,
            {
              items: codes.map((criterionCode, i) => ({
                criterionCode,
                decision: reject && i === 0 ? 'reject' : 'accept',
                comment: reject && i === 0 ? 'Name the administrator' : '',
              })),
            },
            at,
            ctx,
          ),
        );
      const visit = () =>
        step(1 + next() * 5, (at) => applyVisit(s, lead, { scheduledFor: new Date(at.getTime() + 10 * DAY).toISOString() }, at, ctx));
      const outcome = (actions: boolean) =>
        step(10 + next() * 3, (at) =>
          applyVisitOutcome(
            s,
            lead,
            actions
              ? {
                  outcome: 'actions_required',
                  notes: 'Two actions agreed',
                  actions: [
                    { description: 'Induction pack for learners', owner: 'educationalist', dueDate: dateOnly(at.getTime() + 40 * DAY) },
                  ],
                }
              : { outcome: 'satisfactory', notes: 'A good learning environment' },
            at,
            ctx,
          ),
        );
      const approve = (decision: 'approve' | 'reject') =>
        step(2 + next() * 8, (at) =>
          applyApproval(s, staff, { decision, comment: decision === 'reject' ? 'Supervision capacity too low' : '' }, at, ctx),
        );
      const sign = () => step(2 + next() * 10, (at) => applySignature(s, manager, { signedBy: `Dr ${manager.name}` }, at, ctx));
      const accredit = () => evidence() && review(false) && visit() && outcome(false) && approve('approve') && sign();
      switch (ending) {
        case 'evidence':
          break;
        case 'hubReview':
          evidence();
          break;
        case 'changes':
          if (evidence()) review(true);
          break;
        case 'visit':
          if (evidence()) review(false);
          break;
        case 'actions':
          if (evidence() && review(false) && visit()) outcome(true);
          break;
        case 'approval':
          if (evidence() && review(false) && visit()) outcome(false);
          break;
        case 'agreement':
          if (evidence() && review(false) && visit() && outcome(false)) approve('approve');
          break;
        case 'rejected':
          if (evidence() && review(false) && visit() && outcome(false)) approve('reject');
          break;
        case 'accredited':
        case 'reaccreditation':
        case 'lapsed':
          accredit();
          break;
        case 'suspended':
          if (accredit()) step(30 + next() * 100, (at) => applySuspension(s, staff, { reason: 'Supervisor on long-term leave' }, at, ctx));
          break;
        case 'withdrawn':
          if (evidence()) step(5 + next() * 20, (at) => withdrawSpoke(s, manager, { reason: 'Practice merging' }, at, ctx));
          break;
      }
      advance(T);
      const open = spokeDeadlines(s, settings);
      const scope = { hubId: s.hubId, practiceId: s.practiceId };
      spokes.push({
        id,
        ...scope,
        status: s.status,
        nextDeadlineAt: soonest(open) === null ? null : new Date(soonest(open)!),
        view: spokeView(s, settings),
        // As the commit activity writes it beside the view.
        reportFacts: accreditationFacts(spokeView(s, settings)),
        version: s.seq + 1,
        createdAt: new Date(T - ageDays * DAY),
      });
      deadlines.push(...deadlineRows('spoke_application', id, open, scope));
    } catch (error) {
      refused.push(`${id} (${ending}): ${(error as Error).message}`);
    }
  }

  const biggest = <T extends { id: string }>(rows: T[], key: (row: Row) => string) => {
    const counts = new Map<string, number>();
    for (const row of eois) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
    return rows.reduce((best, row) => ((counts.get(row.id) ?? 0) > (counts.get(best.id) ?? 0) ? row : best), rows[0]!);
  };
  const busiestPractice = practices[0]!;
  const created = new Date(T - 800 * DAY);
  return {
    tables: [
      ['university', universities.map((u) => ({ ...u, createdAt: created }))],
      ['programme', programmes.map((p) => ({ id: p.id, name: p.name, role: p.role, createdAt: created }))],
      ['programmeUniversity', programmes.flatMap((p) => p.unis.map((u) => ({ programmeId: p.id, universityId: universities[u]!.id })))],
      [
        'intake',
        intakes.map((i) => ({
          id: i.id,
          programmeId: programmes[i.programme]!.id,
          startsOn: new Date(`${i.startsOn}T00:00:00.000Z`),
          fundedPlaces: 400,
          eoiOpensAt: new Date(i.opensAt),
          eoiClosesAt: new Date(Date.parse(i.startsOn) - 45 * DAY),
          priorityServiceTypes: ['primary_care'],
          createdAt: new Date(i.opensAt - DAY),
        })),
      ],
      ['organisation', organisations.map((o, i) => ({ ...o, odsCode: `RB${pad(i + 1, 3)}`, kind: 'nhs_trust', createdAt: created }))],
      [
        'hub',
        hubs.map((h) => ({
          ...h,
          areas: [h.name.replace('Bench Training Hub', 'Area')],
          accreditationValidityMonths: 36,
          createdAt: created,
        })),
      ],
      [
        'practice',
        practices.map((p) => ({
          id: p.id,
          name: p.name,
          odsCode: p.odsCode,
          isTrainingPractice: false,
          hubId: p.hubId,
          createdAt: created,
        })),
      ],
      [
        'criteriaSet',
        hubs.map((h) => ({
          id: `crit_bench_${h.id}`,
          hubId: h.id,
          name: EXAMPLE_CRITERIA_SET_NAME,
          version: 1,
          criteria,
          isExample: true,
          createdAt: created,
        })),
      ],
      ['user', users],
      ['eoi', eois],
      ['spokeApplication', spokes],
      ['deadline', deadlines],
      ['auditEvent', audit.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime())],
    ],
    people: {
      staff: staff.userId,
      organisation: submitters[organisations.indexOf(biggest(organisations, (row) => row.organisationId as string))]!.userId,
      university: reviewers[universities.indexOf(biggest(universities, (row) => row.universityId as string))]!.userId,
      hubLead: leads[0]!.userId,
      practiceManager: managers.get(busiestPractice.id)!.userId,
    },
    ids: { intakes: intakes.map((i) => i.id), organisations: organisations.map((o) => o.id), hubs: hubs.map((h) => h.id) },
    refused,
  };
}
