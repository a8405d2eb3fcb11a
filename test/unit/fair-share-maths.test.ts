import fc from 'fast-check';
import {
  byRatio,
  DEFAULT_RAG_THRESHOLDS,
  expectedWeeks,
  fairShareRatio,
  fairShareReport,
  ragOf,
  round2,
  type WorkforceFigure,
} from '../../domain/fair-share';

/** A region: providers' WTE in one profession (some may be 0), and the region's required weeks. */
const region = fc.record({
  // WTE is recorded to the hundredth (0.01 is a few minutes a week); a double would also draw
  // subnormal values that underflow to 0 when scaled, a region no provider could report.
  wtes: fc.array(
    fc.integer({ min: 0, max: 50_000 }).map((hundredths) => hundredths / 100),
    { minLength: 1, maxLength: 30 },
  ),
  required: fc.double({ min: 0, max: 100_000, noNaN: true }),
});

const workforceOf = (wtes: number[], profession = 'physiotherapy'): WorkforceFigure[] =>
  wtes.map((wte, i) => ({ organisationId: `org_${i}`, profession, wte }));

const reportOf = (wtes: number[], required: number, offered: number[] = []) =>
  fairShareReport({
    workforce: workforceOf(wtes),
    requiredWeeks: [{ profession: 'physiotherapy', weeks: required }],
    offeredWeeks: offered.map((weeks, i) => ({ organisationId: `org_${i}`, profession: 'physiotherapy', weeks })),
  });

describe('fair share: properties of the model', () => {
  it('gives the region its required weeks: the expectations of all providers sum to it, within rounding', () => {
    fc.assert(
      fc.property(region, ({ wtes, required }) => {
        fc.pre(wtes.reduce((a, b) => a + b, 0) > 0);
        const { rows, totals } = reportOf(wtes, required);
        const sum = rows.reduce((total, row) => total + row.expectedWeeks, 0);
        // Each row is rounded to the nearest hundredth: at most half a hundredth off each.
        expect(Math.abs(sum - required)).toBeLessThanOrEqual(0.005 * rows.length + 1e-6 * required);
        expect(totals[0]!.expectedWeeks).toBeCloseTo(required, 2);
      }),
    );
  });

  it('scales linearly: k times the required weeks gives k times each unrounded expectation', () => {
    fc.assert(
      fc.property(region, fc.double({ min: 0, max: 1000, noNaN: true }), ({ wtes, required }, k) => {
        const regionWte = wtes.reduce((a, b) => a + b, 0);
        for (const wte of wtes) {
          expect(expectedWeeks(k * required, wte, regionWte)).toBeCloseTo(k * expectedWeeks(required, wte, regionWte), 6);
        }
      }),
    );
  });

  it('does not change when every provider’s WTE is scaled by the same factor (only shares matter)', () => {
    fc.assert(
      fc.property(region, fc.double({ min: 0.01, max: 100, noNaN: true }), ({ wtes, required }, k) => {
        const plain = reportOf(wtes, required).rows.map((row) => row.expectedWeeks);
        const scaled = reportOf(
          wtes.map((wte) => wte * k),
          required,
        ).rows.map((row) => row.expectedWeeks);
        scaled.forEach((value, i) => expect(Math.abs(value - plain[i]!)).toBeLessThanOrEqual(0.01 + 1e-9 * required));
      }),
    );
  });

  it('expects nothing of a provider with no workforce: expected 0, ratio and RAG null', () => {
    fc.assert(
      fc.property(region, fc.double({ min: 0, max: 1000, noNaN: true }), ({ wtes, required }, offered) => {
        const { rows } = reportOf([0, ...wtes], required, [offered]);
        expect(rows[0]).toMatchObject({ wte: 0, expectedWeeks: 0, offeredWeeks: offered, ratio: null, rag: null });
      }),
    );
  });

  it('has no expectation, and no error, in a region with no workforce in the profession', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constant(0), { minLength: 1, maxLength: 10 }),
        fc.double({ min: 0, max: 1e5, noNaN: true }),
        (wtes, required) => {
          const { rows, totals } = reportOf(wtes, required, [5]);
          for (const row of rows) expect(row).toMatchObject({ expectedWeeks: 0, ratio: null, rag: null });
          expect(totals).toEqual([{ profession: 'physiotherapy', requiredWeeks: required, wte: 0, expectedWeeks: 0, offeredWeeks: 5 }]);
        },
      ),
    );
  });

  it('rates a provider green, amber or red by its rounded ratio against the thresholds, never otherwise', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 10, noNaN: true }), (ratio) => {
        const rag = ragOf(ratio);
        expect(rag).toBe(ratio >= 1 ? 'green' : ratio >= 0.8 ? 'amber' : 'red');
      }),
    );
  });

  it('keeps every figure finite whatever the inputs', () => {
    fc.assert(
      fc.property(region, fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { maxLength: 30 }), ({ wtes, required }, offered) => {
        const { rows, totals } = reportOf(wtes, required, offered);
        for (const row of rows) {
          expect(Number.isFinite(row.expectedWeeks)).toBe(true);
          expect(row.ratio === null || Number.isFinite(row.ratio)).toBe(true);
        }
        for (const total of totals) expect(Number.isFinite(total.expectedWeeks)).toBe(true);
      }),
    );
  });
});

describe('fair share: worked examples', () => {
  it('divides 1000 weeks over WTE 10, 30 and 60 as 100, 300 and 600', () => {
    const { rows, totals } = reportOf([10, 30, 60], 1000, [100, 240, 0]);
    expect(rows.map((row) => [row.expectedWeeks, row.ratio, row.rag])).toEqual([
      [100, 1, 'green'],
      [300, 0.8, 'amber'],
      [600, 0, 'red'],
    ]);
    expect(totals).toEqual([{ profession: 'physiotherapy', requiredWeeks: 1000, wte: 100, expectedWeeks: 1000, offeredWeeks: 340 }]);
  });

  it('divides the offer by the unrounded expectation: 100 weeks over three equal providers', () => {
    // 33.333… expected each: 33 offered is 0.99 of it, 34 is 1.02.
    const { rows } = reportOf([1, 1, 1], 100, [33, 34, 0]);
    expect(rows.map((row) => [row.expectedWeeks, row.ratio])).toEqual([
      [33.33, 0.99],
      [33.33, 1.02],
      [33.33, 0],
    ]);
    // 0.005 expected shows as 0.01, but 1 week offered is 200 times the fair share, not 100.
    expect(fairShareRatio(1, 0.005)).toBe(200);
    expect(fairShareRatio(1, 0.004)).toBeNull(); // shown as 0: no expectation
  });

  it('rounds half up to 2 decimals, as people do', () => {
    expect([round2(1.005), round2(2.675), round2(0.125), round2(1.004999), round2(0)]).toEqual([1.01, 2.68, 0.13, 1, 0]);
  });

  it('treats a profession with workforce but no required weeks as expecting nothing', () => {
    const { rows, totals } = fairShareReport({
      workforce: workforceOf([4, 6], 'occupational_therapy'),
      requiredWeeks: [],
      offeredWeeks: [],
    });
    expect(rows.map((row) => [row.expectedWeeks, row.ratio])).toEqual([
      [0, null],
      [0, null],
    ]);
    expect(totals[0]).toMatchObject({ requiredWeeks: 0, wte: 10, expectedWeeks: 0 });
  });

  it('counts weeks offered by a provider with no workforce figure in the region’s total, and lists them apart', () => {
    const { rows, totals, offeredWithoutWorkforce } = fairShareReport({
      workforce: workforceOf([10, 30]),
      requiredWeeks: [{ profession: 'physiotherapy', weeks: 400 }],
      offeredWeeks: [
        { organisationId: 'org_0', profession: 'physiotherapy', weeks: 100 },
        { organisationId: 'org_9', profession: 'physiotherapy', weeks: 25 },
        { organisationId: 'org_8', profession: 'physiotherapy', weeks: 0 },
        { organisationId: 'org_1', profession: 'podiatry', weeks: 8 },
      ],
    });
    expect(rows.map((row) => [row.organisationId, row.offeredWeeks])).toEqual([
      ['org_0', 100],
      ['org_1', 0],
    ]);
    expect(totals).toEqual([
      { profession: 'physiotherapy', requiredWeeks: 400, wte: 40, expectedWeeks: 400, offeredWeeks: 125 },
      { profession: 'podiatry', requiredWeeks: 0, wte: 0, expectedWeeks: 0, offeredWeeks: 8 },
    ]);
    // A zero offer without a workforce figure is nothing to point out.
    expect(offeredWithoutWorkforce).toEqual([
      { organisationId: 'org_9', profession: 'physiotherapy', weeks: 25 },
      { organisationId: 'org_1', profession: 'podiatry', weeks: 8 },
    ]);
  });

  it('uses the deployment’s thresholds when given', () => {
    expect(ragOf(0.95, { greenAt: 0.9, amberAt: 0.5 })).toBe('green');
    expect(ragOf(0.6, { greenAt: 0.9, amberAt: 0.5 })).toBe('amber');
    expect(ragOf(0.95, DEFAULT_RAG_THRESHOLDS)).toBe('amber');
  });

  it('lists professions in the given order, then the others by code', () => {
    const { totals } = fairShareReport(
      {
        workforce: [
          { organisationId: 'a', profession: 'podiatry', wte: 1 },
          { organisationId: 'a', profession: 'speech_and_language_therapy', wte: 1 },
        ],
        requiredWeeks: [{ profession: 'physiotherapy', weeks: 5 }],
        offeredWeeks: [],
      },
      DEFAULT_RAG_THRESHOLDS,
      ['physiotherapy', 'occupational_therapy', 'speech_and_language_therapy'],
    );
    expect(totals.map((t) => t.profession)).toEqual(['physiotherapy', 'speech_and_language_therapy', 'podiatry']);
  });

  it('orders those who fall furthest short first, and those with no expectation last', () => {
    expect(byRatio([{ ratio: 1.2 }, { ratio: null }, { ratio: 0.4 }, { ratio: 0.9 }]).map((r) => r.ratio)).toEqual([0.4, 0.9, 1.2, null]);
  });
});
