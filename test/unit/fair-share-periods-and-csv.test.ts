import { figureRowsFromCsv, isPeriod, PeriodSchema, periodStartingIn, comparePeriods, type CsvLookups } from '../../domain/fair-share';

describe('periods: academic years written YYYY-YY', () => {
  it.each(['2025-26', '2018-19', '1999-00', '2099-00'])('accepts %s', (period) => expect(isPeriod(period)).toBe(true));
  it.each(['2025-27', '2025-25', '2025-2026', '25-26', '2025/26', '2025-26 ', ' 2025-26', '2025-6', '', 'abcd-ef'])(
    'refuses %j',
    (period) => {
      expect(isPeriod(period)).toBe(false);
      expect(PeriodSchema.safeParse(period).success).toBe(false);
    },
  );
  it('writes the period starting in a year, and orders periods by it', () => {
    expect([periodStartingIn(2025), periodStartingIn(1999)]).toEqual(['2025-26', '1999-00']);
    expect(['2025-26', '1999-00', '2018-19'].sort(comparePeriods)).toEqual(['1999-00', '2018-19', '2025-26']);
  });
});

describe('figures from CSV: the same checks as the API, every problem named by line and column', () => {
  const lookups: CsvLookups = {
    organisation: (value) =>
      ({ org_a: { id: 'org_a' }, RX1: { id: 'org_a' }, 'North Trust': { id: 'org_b' } })[value] ?? {
        message: `no organisation "${value}"`,
      },
    professions: new Set(['physiotherapy', 'occupational_therapy']),
  };
  const records = (rows: Record<string, string>[]) => rows.map((cells, i) => ({ line: i + 2, cells }));

  it('reads organisations by id, ODS code or name, and numbers as numbers', () => {
    const { rows, problems } = figureRowsFromCsv(
      'workforce',
      records([
        { organisation: 'org_a', profession: 'physiotherapy', wte: '12.5' },
        { organisation: 'North Trust', profession: 'Occupational_Therapy', wte: '0' },
      ]),
      lookups,
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { organisationId: 'org_a', profession: 'physiotherapy', wte: 12.5 },
      { organisationId: 'org_b', profession: 'occupational_therapy', wte: 0 },
    ]);
  });

  it('lists every bad row with its line and column', () => {
    const { problems } = figureRowsFromCsv(
      'offered-weeks',
      records([
        { organisationId: 'org_a', profession: 'physiotherapy', weeks: '10' },
        { organisationId: 'nobody', profession: 'physiotherapy', weeks: '10' },
        { organisationId: 'RX1', profession: 'dentistry', weeks: '-1' },
        { organisationId: 'RX1', profession: 'physiotherapy', weeks: 'ten' },
        { organisationId: 'org_a', profession: 'physiotherapy', weeks: '' },
      ]),
      lookups,
    );
    expect(problems.map((p) => `${p.line} ${p.column}`)).toEqual(['3 organisation', '4 weeks', '5 weeks', '6 weeks']);
    expect(problems[0]!.message).toBe('no organisation "nobody"');
  });

  it('refuses the same figure twice, naming both lines', () => {
    const { problems } = figureRowsFromCsv(
      'required-weeks',
      records([
        { profession: 'physiotherapy', weeks: '100' },
        { profession: 'physiotherapy', weeks: '120' },
      ]),
      lookups,
    );
    expect(problems).toEqual([{ line: 3, column: '(row)', message: 'repeats line 2 (one figure per row)' }]);
  });

  it('refuses a file whose header is not the kind’s, and an empty file', () => {
    expect(
      figureRowsFromCsv('workforce', records([{ organisation: 'org_a', profession: 'physiotherapy', weeks: '1' }]), lookups).problems,
    ).toEqual([
      { line: 1, column: '(header)', message: 'missing column wte; unknown column weeks (expected: organisation,profession,wte)' },
    ]);
    expect(figureRowsFromCsv('workforce', [], lookups).problems).toEqual([
      { line: 1, column: '(file)', message: 'has no rows of figures' },
    ]);
  });
});
