/**
 * Section 5. Pages and reports with a region's worth of data: the role home pages (the regional
 * staff dashboard on top of theirs), the EOI and spoke lists with filters and a later page, the
 * report endpoints, and the exports with the system's resident memory while they stream. A
 * system process of its own, its read model seeded directly (bench/lib/pages-region.ts; no
 * workflows behind the rows, see bench/README.md, 5), read over HTTP as people and tokens.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { issueToken } from '../../api/auth/tokens';
import { cookieSettings } from '../../web/cookies';
import type { Bench } from '../lib/bench';
import { summarizeRuns } from '../lib/load';
import { planPagesRegion } from '../lib/pages-region';
import { watchRss, type RssWindow } from '../lib/rss';
import { SEED_TABLES, type SeedTable } from '../lib/seed-handlers';
import { round, summarize, type Summary } from '../lib/stats';
import { startSystemProcess, type SystemProcess } from '../lib/system-process';
import { runTimedLoad } from '../lib/timed-load';

export interface PagesOptions {
  temporalAddress: string;
  smtpUrl: string;
  logDir: string;
}

type Who = 'staff' | 'organisation' | 'university' | 'hubLead' | 'practiceManager';

interface Endpoint {
  name: string;
  path: string;
  /** A signed-in person's browser (cookie), or the staff's API token. */
  as: Who | 'token';
}

export interface EndpointResult {
  name: string;
  path: string;
  levels: Record<string, Summary>;
}

export interface ExportResult {
  name: string;
  path: string;
  rows: number;
  bytes: number;
  /** At 1 client: 3 runs (2 of a whole export) one after another, RSS watched over all of them. */
  one: Summary & { memory: RssWindow };
  /** 8 exports at once. */
  eight?: Summary & { memory: RssWindow };
}

export interface PagesResult {
  eois: number;
  spokes: number;
  rows: Record<string, number>;
  eoisByStatus: Record<string, number>;
  spokesByStatus: Record<string, number>;
  planSeconds: number;
  seedSeconds: number;
  systemRssMiBAfterSeed: number;
  endpoints: EndpointResult[];
  exports: ExportResult[];
}

const LEVELS = [1, 8];
const BATCH = 500;

function endpoints(ids: { intakes: string[]; hubs: string[] }): Endpoint[] {
  const [, , intake, other] = ids.intakes;
  return [
    { name: 'home, regional staff (dashboard, due this week, both lists)', path: '/', as: 'staff' },
    { name: 'home, organisation', path: '/', as: 'organisation' },
    { name: 'home, university', path: '/', as: 'university' },
    { name: 'home, hub lead (hub dashboard, spoke list)', path: '/', as: 'hubLead' },
    { name: 'home, practice manager', path: '/', as: 'practiceManager' },
    { name: 'EOI list, staff, status + intake filter', path: `/?status=FUNDED&intakeId=${intake}`, as: 'staff' },
    { name: 'EOI list, staff, page 200 (rows 4,976-5,000)', path: '/?page=200', as: 'staff' },
    {
      name: 'EOI list, university, status + intake filter, page 3',
      path: `/?status=UNDER_UNIVERSITY_REVIEW&intakeId=${other}&page=3`,
      as: 'university',
    },
    { name: 'spoke list, hub lead, status filter, page 2', path: '/?spokeStatus=ACCREDITED&spokePage=2', as: 'hubLead' },
    { name: 'deadlines, staff', path: '/deadlines', as: 'staff' },
    { name: 'intake page, staff', path: `/intakes/${intake}`, as: 'staff' },
    { name: 'GET /api/reports/commissioning', path: '/api/reports/commissioning', as: 'token' },
    { name: 'GET /api/reports/commissioning.csv', path: '/api/reports/commissioning.csv', as: 'token' },
    { name: 'GET /api/reports/capacity', path: '/api/reports/capacity', as: 'token' },
    { name: 'GET /api/reports/accreditation', path: '/api/reports/accreditation', as: 'token' },
    { name: 'GET /api/reports/accreditation.csv', path: '/api/reports/accreditation.csv', as: 'token' },
  ];
}

/**
 * Each export twice: a slice of about a tenth (or less) and the whole, to show memory does not
 * follow the rows; the EOI CSV also 8 at once.
 */
function exportsToMeasure(ids: { organisations: string[]; hubs: string[] }) {
  return [
    { name: 'eois.csv, one organisation', path: `/api/exports/eois.csv?organisationId=${ids.organisations[0]}`, eight: false },
    { name: 'eois.csv, all', path: '/api/exports/eois.csv', eight: true },
    { name: 'eois.xlsx, one organisation', path: `/api/exports/eois.xlsx?organisationId=${ids.organisations[0]}`, eight: false },
    { name: 'eois.xlsx, all', path: '/api/exports/eois.xlsx', eight: false },
    { name: 'spoke-applications.csv, one hub', path: `/api/exports/spoke-applications.csv?hubId=${ids.hubs[0]}`, eight: false },
    { name: 'spoke-applications.csv, all', path: '/api/exports/spoke-applications.csv', eight: false },
    { name: 'audit-events.csv, hub leads', path: '/api/exports/audit-events.csv?actorRole=hub_lead', eight: false },
    { name: 'audit-events.csv, all', path: '/api/exports/audit-events.csv', eight: false },
  ];
}

const countBy = (rows: Record<string, unknown>[], key: string) =>
  rows.reduce<Record<string, number>>((counts, row) => {
    const value = String(row[key]);
    counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  }, {});

/** Reads a response to its end without keeping it: bytes and line ends (CSV rows + header). */
async function drain(response: Response): Promise<{ bytes: number; lines: number }> {
  let bytes = 0;
  let lines = 0;
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes, lines };
    bytes += value.length;
    for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
  }
}

export async function pagesAndReports(bench: Bench, options: PagesOptions): Promise<PagesResult> {
  const sizes = { eois: bench.options.pagesEois, spokes: bench.options.pagesSpokes };
  let started = performance.now();
  const region = planPagesRegion(sizes, new Date());
  if (region.refused.length) throw new Error(`the rules refused ${region.refused.length} seeded journeys: ${region.refused[0]}`);
  const token = issueToken();
  const tables: [SeedTable, Record<string, unknown>[]][] = [
    ...(region.tables as [SeedTable, Record<string, unknown>[]][]).filter(([name]) => name !== 'eoi'),
    ['apiToken', [{ id: token.id, userId: region.people.staff, secretHash: token.secretHash, name: 'bench' }]],
    ['eoi', region.tables.find(([name]) => name === 'eoi')![1]],
  ];
  // Written in the order of SEED_TABLES (references first).
  tables.sort((a, b) => SEED_TABLES.indexOf(a[0]) - SEED_TABLES.indexOf(b[0]));
  const planSeconds = round((performance.now() - started) / 1000);
  bench.log(`  planned ${sizes.eois} EOIs and ${sizes.spokes} spoke applications through the domain rules in ${planSeconds} s`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainflow-bench-pages-'));
  const system: SystemProcess = await startSystemProcess(
    'pages',
    {
      dataDir,
      temporalAddress: options.temporalAddress,
      taskQueue: `bench-pages-${randomBytes(4).toString('hex')}`,
      smtpUrl: options.smtpUrl,
      adminToken: `bench-admin-${randomBytes(16).toString('hex')}`,
      logLevel: bench.options.logLevel,
    },
    { logDir: options.logDir },
  );
  try {
    started = performance.now();
    const rows: Record<string, number> = {};
    for (const [table, all] of tables) {
      for (let i = 0; i < all.length; i += BATCH) rows[table] = (rows[table] ?? 0) + (await system.seed(table, all.slice(i, i + BATCH)));
    }
    const seedSeconds = round((performance.now() - started) / 1000);
    bench.log(
      `  seeded the read model in ${seedSeconds} s: ${Object.entries(rows)
        .map(([t, n]) => `${n} ${t}`)
        .join(', ')}`,
    );

    const people: Who[] = ['staff', 'organisation', 'university', 'hubLead', 'practiceManager'];
    const cookies = await system.startSessions(people.map((who) => region.people[who]));
    const cookieName = cookieSettings(system.apiUrl).session;
    const headers = (as: Endpoint['as']): Record<string, string> =>
      as === 'token' ? { authorization: `Bearer ${token.token}` } : { cookie: `${cookieName}=${cookies[people.indexOf(as)]}` };
    const get = async (endpoint: { path: string; as: Endpoint['as'] }) => {
      const response = await fetch(system.apiUrl + endpoint.path, { headers: headers(endpoint.as), redirect: 'manual' });
      if (response.status !== 200)
        throw new Error(`GET ${endpoint.path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
      return drain(response);
    };
    const rssAfterSeed = (await system.stats()).rssBytes;

    const measured: EndpointResult[] = [];
    for (const endpoint of endpoints(region.ids)) {
      const result: EndpointResult = { name: endpoint.name, path: endpoint.path, levels: {} };
      for (const concurrency of LEVELS) {
        const run = await runTimedLoad({
          concurrency,
          warmup: concurrency === 1 ? 1 : 0,
          // One round at 8 clients: a page that takes seconds still gets its 8 samples.
          minCount: concurrency === 1 ? 5 : 8,
          maxCount: 400,
          maxMs: bench.options.pagesSecondsPerLevel * 1000,
          op: () => get(endpoint),
        });
        const s = summarizeRuns([run]);
        result.levels[`c${concurrency}`] = s;
        bench.log(
          `    ${endpoint.name.padEnd(62)} ${concurrency} client(s): p50 ${s.p50} ms  p99 ${s.p99} ms  (${s.count} requests, errors ${s.errors})`,
        );
        if (s.errors) bench.log(`      ${s.errorSamples?.[0]}`);
      }
      measured.push(result);
    }

    const exports: ExportResult[] = [];
    for (const spec of exportsToMeasure(region.ids)) {
      const endpoint = { path: spec.path, as: 'token' as const };
      let last = { bytes: 0, lines: 0 };
      const oneSamples: number[] = [];
      const watch = watchRss(system.pid);
      const oneStarted = performance.now();
      // The whole exports take seconds each: twice is enough to see they repeat.
      const runs = spec.name.endsWith(', all') ? 2 : 3;
      for (let r = 0; r < runs; r++) {
        const at = performance.now();
        last = await get(endpoint);
        oneSamples.push(performance.now() - at);
      }
      const one = { ...summarize(oneSamples, performance.now() - oneStarted), memory: watch.stop() };
      const result: ExportResult = { name: spec.name, path: spec.path, rows: Math.max(0, last.lines - 1), bytes: last.bytes, one };
      if (spec.eight) {
        const eightWatch = watchRss(system.pid);
        const eightStarted = performance.now();
        const samples = await Promise.all(
          Array.from({ length: 8 }, async () => {
            const at = performance.now();
            await get(endpoint);
            return performance.now() - at;
          }),
        );
        result.eight = { ...summarize(samples, performance.now() - eightStarted), memory: eightWatch.stop() };
      }
      const rowsText = spec.path.includes('.xlsx') ? `${round(result.bytes / 1024)} KiB` : `${result.rows} rows`;
      bench.log(
        `    ${spec.name.padEnd(36)} ${rowsText}: p50 ${one.p50} ms, RSS ${one.memory.beforeMiB} -> peak ${one.memory.hwmMiB ?? one.memory.peakMiB} MiB` +
          (result.eight
            ? `; 8 at once p50 ${result.eight.p50} ms, RSS peak ${result.eight.memory.hwmMiB ?? result.eight.memory.peakMiB} MiB`
            : ''),
      );
      exports.push(result);
    }

    const eoiRows = region.tables.find(([name]) => name === 'eoi')![1];
    const spokeRows = region.tables.find(([name]) => name === 'spokeApplication')![1];
    return {
      ...sizes,
      rows,
      eoisByStatus: countBy(eoiRows, 'status'),
      spokesByStatus: countBy(spokeRows, 'status'),
      planSeconds,
      seedSeconds,
      systemRssMiBAfterSeed: Math.round(rssAfterSeed / 1024 / 1024),
      endpoints: measured,
      exports,
    };
  } finally {
    await system.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
