/** Section 5's tables for the terminal. */
import { pair, table } from '../lib/report';
import type { PagesResult } from './pages';

const out = (text = '') => console.log(text);

export function printPages(pages: PagesResult) {
  out();
  out(
    `5. Pages and reports: ${pages.rows.eoi} EOIs, ${pages.rows.spokeApplication} spoke applications, ${pages.rows.auditEvent} audit events seeded into the read model (no workflows behind them); time to the last byte over HTTP, p50 / p99 ms`,
  );
  out(
    table(
      ['page or endpoint', '1 client', '8 clients', 'requests'],
      pages.endpoints.map((e) => [
        e.name,
        pair(e.levels.c1!),
        pair(e.levels.c8!),
        `${e.levels.c1!.count} + ${e.levels.c8!.count}` +
          (e.levels.c1!.errors + e.levels.c8!.errors ? ` (${e.levels.c1!.errors + e.levels.c8!.errors} errors)` : ''),
      ]),
    ),
  );
  out();
  out(
    '   Exports: 3 runs one after another (2 of a whole export), the whole EOI CSV then 8 at once; system process RSS before and its peak (VmHWM) meanwhile, MiB',
  );
  out(
    table(
      ['export', 'rows', 'KiB', '1 client p50 / max ms', 'RSS before -> peak', '8 at once p50 / max ms', 'RSS peak (8)'],
      pages.exports.map((x) => [
        x.name,
        x.path.includes('.xlsx') ? '= CSV' : x.rows,
        Math.round(x.bytes / 1024),
        `${x.one.p50} / ${x.one.max}`,
        `${x.one.memory.beforeMiB} -> ${x.one.memory.hwmMiB ?? x.one.memory.peakMiB}`,
        x.eight ? `${x.eight.p50} / ${x.eight.max}` : '-',
        x.eight ? `${x.eight.memory.beforeMiB} -> ${x.eight.memory.hwmMiB ?? x.eight.memory.peakMiB}` : '-',
      ]),
    ),
  );
  out(
    `   Seeding: planned in ${pages.planSeconds} s, written in ${pages.seedSeconds} s; system RSS after seeding ${pages.systemRssMiBAfterSeed} MiB.`,
  );
}
