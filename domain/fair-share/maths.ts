/**
 * The fair-share model (CapitalAHP): a provider's fair share of the region's placement weeks in
 * a profession is the region's required weeks in proportion to the provider's share of the
 * region's workforce in that profession. The report compares what each provider offers with its
 * fair share. Pure functions: the API, the pages and the CSV all call these.
 */

export type Rag = 'green' | 'amber' | 'red';

/** The ratios at which a provider turns green and amber (deployment settings). */
export interface RagThresholds {
  greenAt: number;
  amberAt: number;
}
export const DEFAULT_RAG_THRESHOLDS: RagThresholds = { greenAt: 1.0, amberAt: 0.8 };

export interface WorkforceFigure {
  organisationId: string;
  profession: string;
  wte: number;
}
export interface RequiredWeeksFigure {
  profession: string;
  weeks: number;
}
export interface OfferedWeeksFigure {
  organisationId: string;
  profession: string;
  weeks: number;
}

export interface PeriodFigures {
  workforce: readonly WorkforceFigure[];
  requiredWeeks: readonly RequiredWeeksFigure[];
  offeredWeeks: readonly OfferedWeeksFigure[];
}

export interface FairShareRow {
  organisationId: string;
  profession: string;
  wte: number;
  expectedWeeks: number;
  offeredWeeks: number;
  ratio: number | null;
  rag: Rag | null;
}

export interface FairShareTotal {
  profession: string;
  requiredWeeks: number;
  wte: number;
  expectedWeeks: number;
  offeredWeeks: number;
}

/**
 * Rounds half up to 2 decimals. toPrecision(15) first drops the binary noise of the product, so
 * 1.005 rounds to 1.01 as a person would, not to 1.00.
 */
export function round2(value: number): number {
  return Math.round(Number((value * 100).toPrecision(15))) / 100;
}

/**
 * A provider's fair share, unrounded: requiredWeeks × wte ÷ regionWte. A region with no workforce
 * in the profession has no fair share to divide: every provider expects 0.
 */
export function expectedWeeks(requiredWeeks: number, wte: number, regionWte: number): number {
  return regionWte > 0 ? (requiredWeeks * wte) / regionWte : 0;
}

/** Offered ÷ expected (unrounded), to 2 decimals; null when the rounded expectation is 0. */
export function fairShareRatio(offered: number, expected: number): number | null {
  return round2(expected) === 0 ? null : round2(offered / expected);
}

/** Green at or above the green threshold, amber from the amber one, red below; null with no ratio. */
export function ragOf(ratio: number | null, thresholds: RagThresholds = DEFAULT_RAG_THRESHOLDS): Rag | null {
  if (ratio === null) return null;
  if (ratio >= thresholds.greenAt) return 'green';
  if (ratio >= thresholds.amberAt) return 'amber';
  return 'red';
}

const key = (organisationId: string, profession: string) => `${organisationId}\u0000${profession}`;

/**
 * The report of one period over the whole region: one row per provider and profession with a
 * workforce figure (offered weeks default to 0), and per profession the region's totals. The
 * professions are those with any figure, in the order of `professionOrder` (others after, by code).
 * Weeks offered by a provider with no workforce figure in the profession count in the region's
 * offered total (they are real placements) but have no fair share to compare with: they come back
 * apart, in `offeredWithoutWorkforce`, so the gap in the figures is shown rather than hidden.
 */
export function fairShareReport(
  figures: PeriodFigures,
  thresholds: RagThresholds = DEFAULT_RAG_THRESHOLDS,
  professionOrder: readonly string[] = [],
): { rows: FairShareRow[]; totals: FairShareTotal[]; offeredWithoutWorkforce: OfferedWeeksFigure[] } {
  const regionWte = new Map<string, number>();
  for (const figure of figures.workforce) regionWte.set(figure.profession, (regionWte.get(figure.profession) ?? 0) + figure.wte);
  const required = new Map(figures.requiredWeeks.map((figure) => [figure.profession, figure.weeks]));
  const offered = new Map(figures.offeredWeeks.map((figure) => [key(figure.organisationId, figure.profession), figure.weeks]));

  const totals = new Map<string, FairShareTotal & { unroundedExpected: number }>();
  const withWorkforce = new Set(figures.workforce.map((figure) => key(figure.organisationId, figure.profession)));
  const offeredWithoutWorkforce = figures.offeredWeeks.filter(
    (figure) => !withWorkforce.has(key(figure.organisationId, figure.profession)),
  );
  const professions = new Set([...regionWte.keys(), ...required.keys(), ...offeredWithoutWorkforce.map((figure) => figure.profession)]);
  for (const profession of professions) {
    totals.set(profession, {
      profession,
      requiredWeeks: required.get(profession) ?? 0,
      wte: 0,
      expectedWeeks: 0,
      offeredWeeks: 0,
      unroundedExpected: 0,
    });
  }

  const rows = figures.workforce.map((figure): FairShareRow => {
    const expected = expectedWeeks(required.get(figure.profession) ?? 0, figure.wte, regionWte.get(figure.profession) ?? 0);
    const offeredWeeks = offered.get(key(figure.organisationId, figure.profession)) ?? 0;
    const ratio = fairShareRatio(offeredWeeks, expected);
    const total = totals.get(figure.profession)!;
    total.wte += figure.wte;
    total.unroundedExpected += expected;
    total.offeredWeeks += offeredWeeks;
    return {
      organisationId: figure.organisationId,
      profession: figure.profession,
      wte: figure.wte,
      expectedWeeks: round2(expected),
      offeredWeeks,
      ratio,
      rag: ragOf(ratio, thresholds),
    };
  });

  for (const figure of offeredWithoutWorkforce) totals.get(figure.profession)!.offeredWeeks += figure.weeks;

  const rank = (profession: string) => {
    const index = professionOrder.indexOf(profession);
    return index === -1 ? professionOrder.length : index;
  };
  const byProfession = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
  return {
    rows: rows.sort((a, b) => byProfession(a.profession, b.profession)),
    totals: [...totals.values()]
      .sort((a, b) => byProfession(a.profession, b.profession))
      .map(({ unroundedExpected, ...total }) => ({
        ...total,
        wte: round2(total.wte),
        expectedWeeks: round2(unroundedExpected),
        offeredWeeks: round2(total.offeredWeeks),
      })),
    offeredWithoutWorkforce: offeredWithoutWorkforce
      .filter((figure) => figure.weeks > 0)
      .sort((a, b) => byProfession(a.profession, b.profession)),
  };
}

/** Those who fall furthest short first; providers with no expectation (null ratio) last. */
export function byRatio<T extends { ratio: number | null }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.ratio ?? Infinity) - (b.ratio ?? Infinity));
}
