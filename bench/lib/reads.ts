/** The read endpoints measured at every scale step and on each database. */
import type { Bench } from './bench';
import { runLoad } from './load';
import type { Summary } from './stats';
import type { Target } from './target';

export const READ_ENDPOINTS = {
  byId: 'GET /api/eois/:id',
  listStaff: 'GET /api/eois (HEE staff, all, first page of 50)',
  listOrganisation: 'GET /api/eois (organisation, own, first page)',
  listFiltered: 'GET /api/eois?status&intakeId (HEE staff)',
} as const;

export type ReadName = keyof typeof READ_ENDPOINTS;

export async function measureReads(bench: Bench, target: Target, concurrency: number, count: number): Promise<Record<ReadName, Summary>> {
  const { region } = target;
  const ids = target.all;
  const orgs = region.organisations.length;
  const filtered = `/api/eois?status=UNDER_UNIVERSITY_REVIEW&intakeId=${region.intake.id}`;
  const ops: Record<ReadName, (i: number) => Promise<unknown>> = {
    byId: (i) => region.staff.get(`/api/eois/${ids[(i * 7919) % ids.length]}`),
    listStaff: () => region.staff.get('/api/eois'),
    listOrganisation: (i) => region.organisations[i % orgs]!.api.get('/api/eois'),
    listFiltered: () => region.staff.get(filtered),
  };
  const result = {} as Record<ReadName, Summary>;
  for (const name of Object.keys(ops) as ReadName[]) {
    result[name] = await runLoad({ concurrency, count, warmup: Math.min(count, 20), op: ops[name] });
    const s = result[name];
    bench.log(`    ${READ_ENDPOINTS[name].padEnd(48)} p50 ${s.p50} ms  p99 ${s.p99} ms  ${s.throughput}/s  errors ${s.errors}`);
  }
  return result;
}
