/**
 * `npm run admin -- <command>`: the first day of a deployment from a shell. Talks to the running
 * API over HTTP (so it works the same on PGlite, held by the server process, and PostgreSQL),
 * with the token from --token or ADMIN_TOKEN. CSV rows are checked with the very zod schemas the
 * API validates with, and against what already exists, before anything is written: one bad row
 * and nothing is imported.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import {
  byIdOrName,
  type ExistingRecord,
  IMPORT_KINDS,
  type ImportKindName,
  type ImportLookups,
  importNeeds,
  isImportKind,
  norm,
  planImport,
} from '../domain/reference-import';
import { CreateUserBody } from '../domain/users';
import { FIGURE_KINDS, FIGURE_VALUE, type FigureKind, figureRowsFromCsv, PeriodSchema } from '../domain/fair-share';

const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  create-user --name NAME --email EMAIL --role ROLE [--organisation-id ID | --university-id ID | --hub-id ID | --practice-id ID] [--invite]
      Creates a user. With --invite, emails them an invitation with a sign-in link for the pages (valid 7 days);
      without, prints their API token (shown once: hand it over securely).
      Roles: admin, hee_staff, org_submitter (--organisation-id), university_reviewer (--university-id),
      hub_lead (--hub-id), practice_manager (--practice-id).
  invite --user-id ID            Emails a user an invitation (again).
  issue-token --user-id ID [--token-name NAME] [--expires-at 2027-12-31T17:00:00Z]
                                 Prints a new API token for an existing user (for an integration).
  list-tokens --user-id ID       Lists a user's API tokens: id, name, status, expiry (never the secrets).
  revoke-token --user-id ID --token-id TOKEN_ID   Revokes one token, at once.
  revoke-tokens --user-id ID     Revokes every token of a user and ends their sessions, at once.
  deactivate-user --user-id ID   For someone who has left: ends their sessions, revokes their tokens, stops their emails.
  import <kind> <file.csv> [--dry-run]
      Imports reference data; kind is one of: organisations, universities, programmes, intakes, hubs, practices.
      Every row is checked first; if any is bad, the bad rows are listed and nothing is imported.
      Rows that already exist (same ODS code, or same name; intakes: same programme and start date)
      are skipped, so an import can be run again safely.
      Also: professions (code,name: allied health professions for fair share, besides the three always present).
  import <workforce|required-weeks|offered-weeks> <file.csv> --period YYYY-YY [--dry-run]
      Sets fair-share figures for an academic year (such as 2025-26), with a regional staff (hee_staff) token.
      Columns: workforce organisation,profession,wte; required-weeks profession,weeks;
      offered-weeks organisation,profession,weeks (organisation: id, ODS code or name).
      Every row is checked first; if any is bad, the bad rows are listed and nothing is set.
      Figures already stored for other rows are kept. --dry-run shows what would change.
  list <kind>                    Prints id and name of every record of a kind (also: users, criteria-sets).

Options:
  --api URL      the Trainflow API (default: TRAINFLOW_API_URL, else http://127.0.0.1:3000)
  --token TOKEN  an admin token (default: ADMIN_TOKEN)
`;

class CliError extends Error {}

// ---------- HTTP ----------

interface Problem {
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

class Api {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new CliError(`Cannot reach the API at ${this.baseUrl} (${(error as Error).message}). Is Trainflow running (npm start)?`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      throw new CliError(`${method} ${path} answered ${response.status} with something that is not JSON: is ${this.baseUrl} Trainflow?`);
    }
    if (!response.ok) {
      const problem = (parsed ?? { status: response.status }) as Problem;
      const fields = (problem.errors ?? []).map((e) => `\n  ${e.path}: ${e.message}`).join('');
      throw new CliError(`${method} ${path} answered ${response.status}: ${problem.detail ?? response.statusText}${fields}`);
    }
    return parsed as T;
  }

  /** Every record of a list endpoint, page by page. */
  async all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.call<{ items: T[]; nextCursor?: string }>(
        'GET',
        `${path}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }
}

// ---------- CSV import ----------

/** Where a kind is listed and created, when not /api/<kind>. */
const IMPORT_PATHS: Partial<Record<ImportKindName, string>> = { professions: '/api/fair-share/professions' };

async function importCsv(api: Api, kindName: string, file: string, dryRun: boolean): Promise<void> {
  if (!isImportKind(kindName)) throw new CliError(`Unknown kind "${kindName}": one of ${Object.keys(IMPORT_KINDS).join(', ')}`);
  if (!fs.existsSync(file)) throw new CliError(`No such file: ${file}`);
  const path = IMPORT_PATHS[kindName] ?? `/api/${kindName}`;

  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(fs.readFileSync(file), {
      columns: (header: string[]) => header.map((h) => h.trim()),
      bom: true,
      skip_empty_lines: true,
      info: true,
    }) as typeof records;
  } catch (error) {
    throw new CliError(`${file} is not readable CSV: ${(error as Error).message}. Nothing was imported.`);
  }

  const needs = importNeeds(kindName);
  const lookups: ImportLookups = {
    existing: await api.all<ExistingRecord>(path),
    universities: needs.includes('universities') ? await api.all<ExistingRecord>('/api/universities') : [],
    programmes: needs.includes('programmes') ? await api.all<ExistingRecord>('/api/programmes') : [],
    hubs: needs.includes('hubs') ? await api.all<ExistingRecord>('/api/hubs') : [],
  };
  const plan = planImport(
    kindName,
    records.map(({ record, info }) => ({ line: info.lines, cells: record })),
    lookups,
  );
  const planned = plan.planned;
  const problems = plan.problems.map((problem) => `  line ${problem.line}: ${problem.message}`);

  if (problems.length) {
    throw new CliError(`${file}: ${problems.length} problem(s); nothing was imported.\n${problems.join('\n')}`);
  }
  if (planned.length === 0) {
    process.stdout.write(`${file} has no rows.\n`);
    return;
  }

  let created = 0;
  for (const row of planned) {
    const label = String(row.body.name ?? row.body.startsOn ?? '');
    if (row.existing) {
      process.stdout.write(`line ${row.line}: exists   ${row.existing.id ?? String(row.existing.code)}  ${label}\n`);
      continue;
    }
    if (dryRun) {
      process.stdout.write(`line ${row.line}: would create  ${label}\n`);
      continue;
    }
    // The key is derived from the row: a retried or repeated run replays instead of duplicating.
    const key = `import-${kindName}-${createHash('sha256').update(JSON.stringify(row.body)).digest('hex').slice(0, 40)}`;
    try {
      const record = await api.call<ExistingRecord>('POST', path, row.body, { 'Idempotency-Key': key });
      process.stdout.write(`line ${row.line}: created  ${record.id ?? String(record.code)}  ${label}\n`);
      created++;
    } catch (error) {
      throw new CliError(
        `line ${row.line}: ${(error as Error).message}\n${created} row(s) were imported before it; fix the row and run the import again.`,
      );
    }
  }
  const skipped = planned.filter((row) => row.existing).length;
  process.stdout.write(
    `${dryRun ? 'Dry run: would import' : 'Imported'} ${dryRun ? planned.length - skipped : created} ${kindName}` +
      `${skipped ? ` (${skipped} already present)` : ''}.\n`,
  );
}

// ---------- fair-share figures ----------

function readCsv(file: string, what: string) {
  if (!fs.existsSync(file)) throw new CliError(`No such file: ${file}`);
  try {
    return (
      parse(fs.readFileSync(file), {
        columns: (header: string[]) => header.map((h) => h.trim()),
        bom: true,
        skip_empty_lines: true,
        info: true,
      }) as { record: Record<string, string>; info: { lines: number } }[]
    ).map(({ record, info }) => ({ line: info.lines, cells: record }));
  } catch (error) {
    throw new CliError(`${file} is not readable CSV: ${(error as Error).message}. Nothing was ${what}.`);
  }
}

/** The API's refusal, saying nothing was set (and, for a refused role, whose token it takes). */
function nothingSet(error: unknown): CliError {
  const message = (error as Error).message;
  const hint = /answered 403/.test(message) ? '\nFigures are set by regional staff: pass --token with a hee_staff user’s token.' : '';
  return new CliError(`${message}\nNothing was set.${hint}`);
}

type FigureRow = { organisationId?: string; profession: string; wte?: number; weeks?: number };

/**
 * Sets one kind of fair-share figure for a period from a CSV file: every row checked with the
 * API's schemas and against the organisations and professions that exist, then one PUT with all
 * of them (the API stores all or nothing).
 */
async function importFigures(api: Api, kind: FigureKind, file: string, period: string | undefined, dryRun: boolean): Promise<void> {
  const parsedPeriod = PeriodSchema.safeParse(period ?? '');
  if (!parsedPeriod.success)
    throw new CliError(`import ${kind} needs --period, an academic year such as 2025-26 (got ${period ?? 'none'})`);
  const records = readCsv(file, 'set');
  const [organisations, professions] = await Promise.all([
    api.all<ExistingRecord>('/api/organisations'),
    api.call<{ items: { code: string }[] }>('GET', '/api/fair-share/professions'),
  ]);
  const { rows, problems } = figureRowsFromCsv(kind, records, {
    organisation: (value) => {
      const byOds = organisations.filter((o) => norm(o.odsCode) === norm(value));
      if (byOds.length === 1) return { id: byOds[0]!.id };
      const found = byIdOrName(organisations, value, 'organisation');
      return found.id ? { id: found.id } : { message: found.message! };
    },
    professions: new Set(professions.items.map((p) => p.code)),
  });
  if (problems.length) {
    const lines = problems.map((p) => `  line ${p.line}: ${p.column}: ${p.message}`);
    throw new CliError(`${file}: ${problems.length} problem(s); nothing was set.\n${lines.join('\n')}`);
  }

  const path = `/api/fair-share/periods/${parsedPeriod.data}/${kind}`;
  const field = FIGURE_VALUE[kind];
  const keyOf = (row: FigureRow) => `${row.organisationId ?? ''}|${row.profession}`;
  const nameOf = new Map(organisations.map((o) => [o.id, String(o.name)]));
  const label = (row: FigureRow) =>
    [row.organisationId ? nameOf.get(row.organisationId) : undefined, row.profession].filter(Boolean).join(', ');
  let stored: FigureRow[] = [];
  try {
    stored = (await api.call<{ rows: FigureRow[] }>('GET', path)).rows;
  } catch (error) {
    if (!/answered 404/.test((error as Error).message)) throw nothingSet(error); // 404: nothing stored for the period yet
  }
  const before = new Map(stored.map((row) => [keyOf(row), row[field]]));
  let changes = 0;
  (rows as FigureRow[]).forEach((row, index) => {
    const previous = before.get(keyOf(row));
    const what = previous === undefined ? 'new' : previous === row[field] ? 'unchanged' : `was ${previous}`;
    if (what !== 'unchanged') changes++;
    process.stdout.write(`line ${records[index]!.line}: ${dryRun ? 'would set' : 'set'} ${label(row)}: ${field} ${row[field]} (${what})\n`);
  });
  if (!dryRun) {
    try {
      await api.call('PUT', path, { rows });
    } catch (error) {
      throw nothingSet(error);
    }
  }
  process.stdout.write(
    `${dryRun ? 'Dry run: would set' : 'Set'} ${rows.length} ${kind} figure(s) for ${parsedPeriod.data} (${changes} new or changed).\n`,
  );
}

// ---------- commands ----------

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      api: { type: 'string' },
      token: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      'organisation-id': { type: 'string' },
      'university-id': { type: 'string' },
      'hub-id': { type: 'string' },
      'practice-id': { type: 'string' },
      'user-id': { type: 'string' },
      'token-id': { type: 'string' },
      'token-name': { type: 'string' },
      'expires-at': { type: 'string' },
      invite: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      period: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const token = values.token ?? process.env.ADMIN_TOKEN;
  if (!token) throw new CliError('No token: pass --token or set ADMIN_TOKEN (printed by npm start).');
  const api = new Api(values.api ?? process.env.TRAINFLOW_API_URL ?? 'http://127.0.0.1:3000', token);

  switch (command) {
    case 'create-user': {
      const body = Object.fromEntries(
        Object.entries({
          name: values.name,
          email: values.email,
          role: values.role,
          organisationId: values['organisation-id'],
          universityId: values['university-id'],
          hubId: values['hub-id'],
          practiceId: values['practice-id'],
          sendInvitation: values.invite,
        }).filter(([, value]) => value !== undefined),
      );
      const parsed = CreateUserBody.safeParse(body);
      if (!parsed.success) {
        const flag = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        throw new CliError(
          `Cannot create that user:\n${parsed.error.issues.map((i) => `  ${flag(i.path.join('.'))}: ${i.message}`).join('\n')}`,
        );
      }
      const user = await api.call<{
        id: string;
        role: string;
        name: string;
        email: string;
        token?: string;
        invitation?: { status: string; sentTo?: string; expiresAt?: string; detail?: string };
      }>('POST', '/api/users', body);
      const who = `${user.role} ${user.id} (${user.name} <${user.email}>)`;
      if (user.invitation?.status === 'sent') {
        process.stdout.write(
          `Created ${who}.\nInvitation emailed to ${user.invitation.sentTo}; its link works once, until ${user.invitation.expiresAt}.\n`,
        );
      } else if (user.invitation) {
        process.stdout.write(`Created ${who}.\n${user.invitation.detail} (npm run admin -- invite --user-id ${user.id})\n`);
        process.exitCode = 1;
      } else {
        process.stdout.write(`Created ${who}.\nToken, shown once (store it now; it cannot be shown again):\n${user.token}\n`);
      }
      return;
    }
    case 'invite': {
      if (!values['user-id']) throw new CliError('invite needs --user-id');
      const sent = await api.call<{ sentTo: string; expiresAt: string }>(
        'POST',
        `/api/users/${encodeURIComponent(values['user-id'])}/invitation`,
      );
      process.stdout.write(`Invitation emailed to ${sent.sentTo}; its link works once, until ${sent.expiresAt}.\n`);
      return;
    }
    case 'issue-token': {
      if (!values['user-id']) throw new CliError('issue-token needs --user-id');
      const request = Object.fromEntries(
        Object.entries({ name: values['token-name'], expiresAt: values['expires-at'] }).filter(([, value]) => value !== undefined),
      );
      const issued = await api.call<{ token: string; id: string; expiresAt?: string }>(
        'POST',
        `/api/users/${encodeURIComponent(values['user-id'])}/tokens`,
        request,
      );
      const until = issued.expiresAt ? `, valid until ${issued.expiresAt}` : ', valid until revoked';
      process.stdout.write(`New token ${issued.id} for ${values['user-id']}${until}, shown once:\n${issued.token}\n`);
      return;
    }
    case 'list-tokens': {
      if (!values['user-id']) throw new CliError('list-tokens needs --user-id');
      const { items } = await api.call<{ items: { id: string; name?: string; status: string; createdAt: string; expiresAt?: string }[] }>(
        'GET',
        `/api/users/${encodeURIComponent(values['user-id'])}/tokens`,
      );
      for (const t of items) {
        process.stdout.write(
          `${t.id}  ${t.status.padEnd(7)}  created ${t.createdAt}  ${t.expiresAt ? `expires ${t.expiresAt}` : 'no expiry'}  ${t.name ?? ''}\n`,
        );
      }
      return;
    }
    case 'revoke-token': {
      if (!values['user-id'] || !values['token-id']) throw new CliError('revoke-token needs --user-id and --token-id');
      await api.call('DELETE', `/api/users/${encodeURIComponent(values['user-id'])}/tokens/${encodeURIComponent(values['token-id'])}`);
      process.stdout.write(`Revoked token ${values['token-id']}.\n`);
      return;
    }
    case 'revoke-tokens': {
      if (!values['user-id']) throw new CliError('revoke-tokens needs --user-id');
      await api.call('DELETE', `/api/users/${encodeURIComponent(values['user-id'])}/tokens`);
      process.stdout.write(`Revoked every token of ${values['user-id']}, and ended their sessions.\n`);
      return;
    }
    case 'deactivate-user': {
      if (!values['user-id']) throw new CliError('deactivate-user needs --user-id');
      await api.call('POST', `/api/users/${encodeURIComponent(values['user-id'])}/deactivation`);
      process.stdout.write(`Deactivated ${values['user-id']}: signed out everywhere, no sign-in, no email.\n`);
      return;
    }
    case 'import': {
      const [kind, file] = rest;
      if (!kind || !file) {
        throw new CliError(
          `import needs a kind and a file: import <${[...Object.keys(IMPORT_KINDS), ...FIGURE_KINDS].join('|')}> <file.csv>`,
        );
      }
      if ((FIGURE_KINDS as readonly string[]).includes(kind)) {
        await importFigures(api, kind as FigureKind, file, values.period, values['dry-run'] ?? false);
      } else {
        await importCsv(api, kind, file, values['dry-run'] ?? false);
      }
      return;
    }
    case 'list': {
      const [kind] = rest;
      const listable = [...Object.keys(IMPORT_KINDS), 'users', 'criteria-sets'];
      if (!kind || !listable.includes(kind)) throw new CliError(`list needs a kind: one of ${listable.join(', ')}`);
      for (const record of await api.all<ExistingRecord>(`/api/${kind}`)) {
        const detail = [record.name, record.odsCode, record.role, record.startsOn].filter(Boolean).join('  ');
        process.stdout.write(`${record.id}  ${detail}\n`);
      }
      return;
    }
    default:
      throw new CliError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
