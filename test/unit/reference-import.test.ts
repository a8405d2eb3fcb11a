import { type ImportLookups, planImport } from '../../domain/reference-import';

const none: ImportLookups = { existing: [], universities: [], programmes: [], hubs: [] };
const rows = (...cells: Record<string, string>[]) => cells.map((c, i) => ({ line: i + 2, cells: c }));

describe('reference data from CSV: every row checked with the API schemas, every problem named by line', () => {
  it('plans good rows as request bodies: lists split, numbers and yes/no read, names resolved to ids', () => {
    const hubs = [{ id: 'hub_1', name: 'North Hub' }];
    const { planned, problems } = planImport(
      'practices',
      rows({ name: 'Elm Tree Surgery', odsCode: 'e81001', isTrainingPractice: 'yes', hub: 'north hub' }),
      { ...none, hubs },
    );
    expect(problems).toEqual([]);
    expect(planned).toEqual([{ line: 2, body: { name: 'Elm Tree Surgery', odsCode: 'e81001', isTrainingPractice: true, hubId: 'hub_1' } }]);
    const hub = planImport('hubs', rows({ name: 'South', areas: 'A; B', accreditationValidityMonths: '24' }), none);
    expect(hub.planned[0]!.body).toEqual({ name: 'South', areas: ['A', 'B'], accreditationValidityMonths: 24 });
  });

  it('names each bad row by line and field, a repeated key by its first line, an unknown column, an unknown name', () => {
    const { problems } = planImport(
      'organisations',
      rows(
        { name: 'Trust A', odsCode: 'RX1', kind: 'nhs_trust', serviceType: 'primary_care' },
        { name: 'Trust B', odsCode: 'rx1', kind: 'nhs_trust', serviceType: 'primary_care' },
        { name: '', odsCode: 'RX2', kind: 'castle', serviceType: 'primary_care', colour: 'blue' },
      ),
      none,
    );
    expect(problems.map((p) => p.line)).toEqual([3, 4, 4, 4]);
    expect(problems[0]!.message).toBe('repeats line 2 (rx1)');
    expect(problems.slice(1).map((p) => p.message.split(':')[0])).toEqual(expect.arrayContaining(['name', 'kind', 'colour']));
    expect(problems.find((p) => p.message.startsWith('colour'))!.message).toBe('colour: unknown column');
    const programme = planImport('programmes', rows({ name: 'MSc', role: 'advanced_practitioner', universities: 'Nowhere' }), none);
    expect(programme.problems).toEqual([{ line: 2, message: 'universityIds.0: no university with id or name "Nowhere"' }]);
  });

  it('skips a row whose record exists as it is, and refuses one that would change it', () => {
    const existing = [{ id: 'uni_1', name: 'University of Bolton' }];
    const same = planImport('universities', rows({ name: 'University of Bolton' }), { ...none, existing });
    expect(same).toEqual({ planned: [{ line: 2, body: { name: 'University of Bolton' }, existing: existing[0] }], problems: [] });
    const hubs = [{ id: 'hub_1', name: 'North', areas: ['A'], accreditationValidityMonths: 36 }];
    const changed = planImport('hubs', rows({ name: 'North', accreditationValidityMonths: '24' }), { ...none, existing: hubs });
    expect(changed.problems).toEqual([
      { line: 2, message: 'matches existing hub_1 but differs in accreditationValidityMonths (an import never changes existing records)' },
    ]);
  });
});
