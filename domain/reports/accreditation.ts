/**
 * The accreditation picture per hub (docs/reports.md): spokes by state, accreditations expiring
 * within 3, 6 and 12 months, re-accreditations in progress and overdue, and lapses. Pure: computed
 * from the spoke applications' read models and the `now` passed in.
 */
import type { SpokeStatus, SpokeView } from '../spoke-accreditation/schemas';
import { SPOKE_STATUSES } from '../spoke-accreditation/schemas';
import { addMonths } from '../time';

export type AccreditationSpoke = Pick<SpokeView, 'id' | 'hubId' | 'hubName' | 'status' | 'cycle' | 'accreditedUntil' | 'deadlines'>;

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
  };
}

export function accreditationFigures(spokes: readonly AccreditationSpoke[], now: Date): AccreditationFigures {
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
      if (spoke.deadlines.some((d) => Date.parse(d.dueAt) < now.getTime())) figures.reaccreditationsOverdue += 1;
    }
  }
  return figures;
}

/** Per hub (in the order given, hubs with no application included) and across them. */
export function accreditationByHub(
  spokes: readonly AccreditationSpoke[],
  hubs: readonly { id: string; name: string }[],
  now: Date,
): { total: AccreditationFigures; hubs: { hubId: string; hubName: string; figures: AccreditationFigures }[] } {
  return {
    total: accreditationFigures(spokes, now),
    hubs: hubs.map((hub) => ({
      hubId: hub.id,
      hubName: hub.name,
      figures: accreditationFigures(
        spokes.filter((s) => s.hubId === hub.id),
        now,
      ),
    })),
  };
}
