/**
 * The accreditation picture per hub (docs/reports.md): spokes by state, accreditations expiring
 * within 3, 6 and 12 months, re-accreditations in progress and overdue, lapses, and the median
 * days each step takes. Pure: computed from the spoke applications' read models and the `now`
 * passed in.
 */
import type { SpokeStatus, SpokeView } from '../spoke-accreditation/schemas';
import { SPOKE_STATUSES } from '../spoke-accreditation/schemas';
import { addMonths } from '../time';
import { medianDays, type StepDuration } from './commissioning-funnel';

export type AccreditationSpoke = Pick<SpokeView, 'id' | 'hubId' | 'hubName' | 'status' | 'cycle' | 'accreditedUntil' | 'deadlines'> & {
  /** The application's history (every cycle's); without it no step is timed. */
  history?: readonly Pick<SpokeView['history'][number], 'at' | 'fromStatus' | 'toStatus'>[];
};

/**
 * The steps timed, each the time an application spends in its states before the process moves on
 * (to any state but withdrawn, suspended or lapsed: an application that stops half-way has not
 * taken the step). Each visit to a state is one measurement, so a second hub review after changes,
 * or a re-accreditation's steps, count again.
 */
export const ACCREDITATION_STEPS = {
  /** The practice submits its evidence (first time, again after changes were asked for, or re-confirms it to re-accredit). */
  evidence: ['AWAITING_EVIDENCE', 'EVIDENCE_CHANGES_REQUESTED', 'REACCREDITATION_DUE'],
  /** The hub reviews the evidence. */
  hubReview: ['UNDER_HUB_REVIEW'],
  /** The visit is agreed, held and its outcome recorded. */
  visit: ['VISIT_PENDING'],
  /** The actions a visit asked for are completed. */
  actionPlan: ['ACTIONS_IN_PROGRESS'],
  /** HEE staff approve or reject. */
  heeApproval: ['AWAITING_HEE_APPROVAL'],
  /** The practice signs the agreement. */
  agreement: ['AWAITING_AGREEMENT'],
} as const satisfies Record<string, readonly SpokeStatus[]>;
export type AccreditationStep = keyof typeof ACCREDITATION_STEPS | 'applicationToAccreditation';

const ABANDONED: readonly SpokeStatus[] = ['WITHDRAWN', 'SUSPENDED', 'LAPSED'];

/** Each step's durations in ms over a set of histories, and each cycle's opening → ACCREDITED. */
function stepDurations(spokes: readonly AccreditationSpoke[]): Record<AccreditationStep, number[]> {
  const durations = Object.fromEntries(
    [...Object.keys(ACCREDITATION_STEPS), 'applicationToAccreditation'].map((step) => [step, [] as number[]]),
  ) as Record<AccreditationStep, number[]>;
  const stepOf = (status: string) =>
    (Object.keys(ACCREDITATION_STEPS) as (keyof typeof ACCREDITATION_STEPS)[]).find((step) =>
      (ACCREDITATION_STEPS[step] as readonly string[]).includes(status),
    );
  for (const spoke of spokes) {
    let open: { step: keyof typeof ACCREDITATION_STEPS; since: number } | undefined;
    let cycleOpened: number | undefined;
    for (const entry of spoke.history ?? []) {
      const at = Date.parse(entry.at);
      if (entry.fromStatus === null || entry.toStatus === 'REACCREDITATION_DUE') cycleOpened ??= at;
      if (entry.fromStatus === entry.toStatus) continue;
      const next = stepOf(entry.toStatus);
      if (open && next !== open.step) {
        if (!ABANDONED.includes(entry.toStatus as SpokeStatus)) durations[open.step].push(at - open.since);
        open = undefined;
      }
      if (next && !open) open = { step: next, since: at };
      // Accredited by signing the agreement: not a reinstatement, nor a refused renewal running to expiry.
      if (entry.toStatus === 'ACCREDITED' && entry.fromStatus === 'AWAITING_AGREEMENT' && cycleOpened !== undefined) {
        durations.applicationToAccreditation.push(at - cycleOpened);
        cycleOpened = undefined;
      }
      if (ABANDONED.includes(entry.toStatus as SpokeStatus) || entry.toStatus === 'REJECTED') cycleOpened = undefined;
    }
  }
  return durations;
}

/**
 * What the accreditation picture needs of one application, written beside its view by each commit
 * (activities/process-commit.ts), so a report over a region reads these, not every history.
 * Step durations in ms, each step's list in the order its visits ended.
 */
export interface AccreditationFacts {
  id: string;
  hubId: string;
  status: SpokeStatus;
  cycle: number;
  accreditedUntil?: string;
  /** When each open deadline falls due. */
  dueAts: string[];
  durationsMs: Partial<Record<AccreditationStep, number[]>>;
}

/** One application's facts, from its view. */
export function accreditationFacts(spoke: AccreditationSpoke): AccreditationFacts {
  const durationsMs = Object.fromEntries(Object.entries(stepDurations([spoke])).filter(([, list]) => list.length > 0));
  return {
    id: spoke.id,
    hubId: spoke.hubId,
    status: spoke.status,
    cycle: spoke.cycle,
    ...(spoke.accreditedUntil ? { accreditedUntil: spoke.accreditedUntil } : {}),
    dueAts: spoke.deadlines.map((d) => d.dueAt),
    durationsMs,
  };
}

export interface AccreditationFigures {
  applications: number;
  byStatus: Record<SpokeStatus, number>;
  /** Holding an accreditation that has not expired (suspended ones excluded). */
  accredited: number;
  /** Of those, expiring on or before now + 3, 6 and 12 months (each includes the shorter ones). */
  expiring: { within3Months: number; within6Months: number; within12Months: number };
  /** A second or later cycle not yet accredited again (still open). */
  reaccreditationsInProgress: number;
  /** Of those, with a step past its due time. */
  reaccreditationsOverdue: number;
  lapsed: number;
  /** Median days of each step (ACCREDITATION_STEPS), and of a cycle from its opening to accreditation. */
  durations: Record<AccreditationStep, StepDuration>;
}

const ENDED: readonly SpokeStatus[] = ['REJECTED', 'WITHDRAWN', 'LAPSED'];
const NOT_HOLDING: readonly SpokeStatus[] = [...ENDED, 'SUSPENDED'];

export function emptyAccreditation(): AccreditationFigures {
  return {
    applications: 0,
    byStatus: Object.fromEntries(SPOKE_STATUSES.map((status) => [status, 0])) as Record<SpokeStatus, number>,
    accredited: 0,
    expiring: { within3Months: 0, within6Months: 0, within12Months: 0 },
    reaccreditationsInProgress: 0,
    reaccreditationsOverdue: 0,
    lapsed: 0,
    durations: Object.fromEntries(
      [...Object.keys(ACCREDITATION_STEPS), 'applicationToAccreditation'].map((step) => [step, medianDays([])]),
    ) as Record<AccreditationStep, StepDuration>,
  };
}

/** The figures of a set of applications, from their views. */
export function accreditationFigures(spokes: readonly AccreditationSpoke[], now: Date): AccreditationFigures {
  return accreditationFiguresOfFacts(spokes.map(accreditationFacts), now);
}

/** The figures of a set of applications, from their facts. */
export function accreditationFiguresOfFacts(spokes: readonly AccreditationFacts[], now: Date): AccreditationFigures {
  const figures = emptyAccreditation();
  const horizon = (months: number) => addMonths(now, months).getTime();
  for (const spoke of spokes) {
    figures.applications += 1;
    figures.byStatus[spoke.status] += 1;
    if (spoke.status === 'LAPSED') figures.lapsed += 1;
    const until = spoke.accreditedUntil ? Date.parse(spoke.accreditedUntil) : undefined;
    if (until !== undefined && until > now.getTime() && !NOT_HOLDING.includes(spoke.status)) {
      figures.accredited += 1;
      if (until <= horizon(3)) figures.expiring.within3Months += 1;
      if (until <= horizon(6)) figures.expiring.within6Months += 1;
      if (until <= horizon(12)) figures.expiring.within12Months += 1;
    }
    if (spoke.cycle > 1 && spoke.status !== 'ACCREDITED' && !ENDED.includes(spoke.status)) {
      figures.reaccreditationsInProgress += 1;
      if (spoke.dueAts.some((dueAt) => Date.parse(dueAt) < now.getTime())) figures.reaccreditationsOverdue += 1;
    }
  }
  for (const step of Object.keys(figures.durations) as AccreditationStep[]) {
    figures.durations[step] = medianDays(spokes.flatMap((spoke) => spoke.durationsMs[step] ?? []));
  }
  return figures;
}

type ByHub = { total: AccreditationFigures; hubs: { hubId: string; hubName: string; figures: AccreditationFigures }[] };

/** Per hub (in the order given, hubs with no application included) and across them, from the views. */
export function accreditationByHub(spokes: readonly AccreditationSpoke[], hubs: readonly { id: string; name: string }[], now: Date): ByHub {
  return accreditationOfFactsByHub(spokes.map(accreditationFacts), hubs, now);
}

/** Per hub (in the order given, hubs with no application included) and across them, from the facts. */
export function accreditationOfFactsByHub(
  spokes: readonly AccreditationFacts[],
  hubs: readonly { id: string; name: string }[],
  now: Date,
): ByHub {
  return {
    total: accreditationFiguresOfFacts(spokes, now),
    hubs: hubs.map((hub) => ({
      hubId: hub.id,
      hubName: hub.name,
      figures: accreditationFiguresOfFacts(
        spokes.filter((s) => s.hubId === hub.id),
        now,
      ),
    })),
  };
}
