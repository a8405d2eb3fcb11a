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
import type { z } from 'zod';
import {
  CreateHubBody,
  CreateIntakeBody,
  CreateOrganisationBody,
  CreatePracticeBody,
  CreateProgrammeBody,
  CreateUniversityBody,
} from '../domain/reference-data';
import { CreateUserBody } from '../domain/users';
import { CreateProfessionBody, FIGURE_KINDS, FIGURE_VALUE, type FigureKind, figureRowsFromCsv, PeriodSchema } from '../domain/fair-share';

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

type Existing = Record<string, unknown> & { id: string; name?: string };

/** What the import needs to know about the records already in the system. */
interface Lookups {
  existing: Existing[];
  universities: Existing[];
  programmes: Existing[];
  hubs: Existing[];
}

interface ImportKind {
  schema: z.ZodType;
  /** Where the kind is listed and created, when not /api/<kind>. */
  path?: string;
  /** Friendlier column names for fields (a column may hold names or ids). */
  aliases?: Record<string, string>;
  /** Columns split on ";" into lists. */
  lists?: string[];
  numbers?: string[];
  booleans?: string[];
  /** Resolves name columns to ids (e.g. "universities" to universityIds); returns field errors. */
  resolve?(row: Record<string, unknown>, lookups: Lookups): { field: string; message: string }[];
  /** The natural key: a row whose key exists already is skipped. */
  key(record: Record<string, unknown>): string;
  /** The lists the import reads besides the kind itself. */
  needs?: ('universities' | 'programmes' | 'hubs')[];
}

const norm = (value: unknown) =>
  String(value ?? '')
    .trim()
    .toLowerCase();

/** Finds one record by id or by (case-insensitive) name. */
function byIdOrName(records: Existing[], value: string, what: string): { id?: string; message?: string } {
  const byId = records.find((r) => r.id === value);
  if (byId) return { id: byId.id };
  const named = records.filter((r) => norm(r.name) === norm(value));
  if (named.length === 1) return { id: named[0]!.id };
  if (named.length > 1)
    return { message: `${named.length} ${what}s are named "${value}": use the id (${named.map((r) => r.id).join(', ')})` };
  return { message: `no ${what} with id or name "${value}"` };
}

function resolveOne(row: Record<string, unknown>, field: string, records: Existing[], what: string) {
  const value = row[field];
  if (typeof value !== 'string') return [];
  const found = byIdOrName(records, value, what);
  if (found.id) row[field] = found.id;
  return found.message ? [{ field, message: found.message }] : [];
}

const KINDS: Record<string, ImportKind> = {
  organisations: {
    schema: CreateOrganisationBody,
    key: (r) => `ods:${norm(r.odsCode)}`,
  },
  universities: {
    schema: CreateUniversityBody,
    key: (r) => `name:${norm(r.name)}`,
  },
  programmes: {
    schema: CreateProgrammeBody,
    aliases: { universities: 'universityIds' },
    lists: ['universityIds'],
    needs: ['universities'],
    resolve(row, lookups) {
      const values = (row.universityIds as string[] | undefined) ?? [];
      const errors: { field: string; message: string }[] = [];
      row.universityIds = values.map((value, index) => {
        const found = byIdOrName(lookups.universities, value, 'university');
        if (found.message) errors.push({ field: `universityIds.${index}`, message: found.message });
        return found.id ?? value;
      });
      return errors;
    },
    key: (r) => `name:${norm(r.name)}`,
  },
  intakes: {
    schema: CreateIntakeBody,
    aliases: { programme: 'programmeId' },
    lists: ['priorityServiceTypes'],
    numbers: ['fundedPlaces'],
    needs: ['programmes'],
    resolve: (row, lookups) => resolveOne(row, 'programmeId', lookups.programmes, 'programme'),
    key: (r) => `intake:${String(r.programmeId)}:${String(r.startsOn)}`,
  },
  hubs: {
    schema: CreateHubBody,
    lists: ['areas'],
    numbers: ['accreditationValidityMonths'],
    key: (r) => `name:${norm(r.name)}`,
  },
  professions: {
    schema: CreateProfessionBody,
    path: '/api/fair-share/professions',
    key: (r) => `code:${norm(r.code)}`,
  },
  practices: {
    schema: CreatePracticeBody,
    aliases: { hub: 'hubId' },
    booleans: ['isTrainingPractice'],
    needs: ['hubs'],
    resolve: (row, lookups) => resolveOne(row, 'hubId', lookups.hubs, 'hub'),
    key: (r) => `ods:${norm(r.odsCode)}`,
  },
};

const BOOLEANS: Record<string, boolean> = { true: true, yes: true, y: true, '1': true, false: false, no: false, n: false, '0': false };

/** A CSV row as the API's request body: empty cells left out, lists split, numbers and booleans read. */
function rowToBody(kind: ImportKind, row: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [header, raw] of Object.entries(row)) {
    const column = kind.aliases?.[header] ?? header;
    const value = raw.trim();
    if (value === '') continue;
    if (kind.lists?.includes(column)) {
      body[column] = value
        .split(';')
        .map((part) => part.trim())
        .filter(Boolean);
    } else if (kind.numbers?.includes(column) && /^-?\d+(\.\d+)?$/.test(value)) {
      body[column] = Number(value);
    } else if (kind.booleans?.includes(column) && value.toLowerCase() in BOOLEANS) {
      body[column] = BOOLEANS[value.toLowerCase()];
    } else {
      body[column] = value;
    }
  }
  return body;
}

/** Two values agree as the API stores them (lists in any order, instants in any notation). */
function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
  if (typeof a === 'string' && typeof b === 'string' && /T\d/.test(a) && /T\d/.test(b)) return Date.parse(a) === Date.parse(b);
  return a === b;
}

interface PlannedRow {
  line: number;
  body: Record<string, unknown>;
  existing?: Existing;
}

async function importCsv(api: Api, kindName: string, file: string, dryRun: boolean): Promise<void> {
  const kind = KINDS[kindName];
  if (!kind) throw new CliError(`Unknown kind "${kindName}": one of ${Object.keys(KINDS).join(', ')}`);
  if (!fs.existsSync(file)) throw new CliError(`No such file: ${file}`);

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

  const lookups: Lookups = {
    existing: await api.all<Existing>(kind.path ?? `/api/${kindName}`),
    universities: kind.needs?.includes('universities') ? await api.all<Existing>('/api/universities') : [],
    programmes: kind.needs?.includes('programmes') ? await api.all<Existing>('/api/programmes') : [],
    hubs: kind.needs?.includes('hubs') ? await api.all<Existing>('/api/hubs') : [],
  };
  const existingByKey = new Map(lookups.existing.map((record) => [kind.key(record), record]));

  const problems: string[] = [];
  const planned: PlannedRow[] = [];
  const seenInFile = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const rowProblems: string[] = [];
    const body = rowToBody(kind, record);
    for (const error of kind.resolve?.(body, lookups) ?? []) rowProblems.push(`${error.field}: ${error.message}`);
    const parsed = kind.schema.safeParse(body);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const fields = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
        for (const field of fields) {
          rowProblems.push(`${field.join('.') || '(row)'}: ${issue.code === 'unrecognized_keys' ? 'unknown column' : issue.message}`);
        }
      }
    }
    if (rowProblems.length === 0) {
      const data = parsed.data as Record<string, unknown>;
      const key = kind.key(data);
      const earlier = seenInFile.get(key);
      if (earlier !== undefined) rowProblems.push(`repeats line ${earlier} (${key.replace(/^\w+:/, '')})`);
      seenInFile.set(key, line);
      const existing = existingByKey.get(key);
      const differs = existing ? Object.keys(body).filter((field) => field in existing && !same(existing[field], data[field])) : [];
      if (existing && differs.length) {
        rowProblems.push(`matches existing ${existing.id} but differs in ${differs.join(', ')} (an import never changes existing records)`);
      }
      planned.push({ line, body, existing });
    }
    problems.push(...rowProblems.map((problem) => `  line ${line}: ${problem}`));
  }

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
      const record = await api.call<Existing>('POST', kind.path ?? `/api/${kindName}`, row.body, { 'Idempotency-Key': key });
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
    api.all<Existing>('/api/organisations'),
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
        throw new CliError(`import needs a kind and a file: import <${[...Object.keys(KINDS), ...FIGURE_KINDS].join('|')}> <file.csv>`);
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
      const listable = [...Object.keys(KINDS), 'users', 'criteria-sets'];
      if (!kind || !listable.includes(kind)) throw new CliError(`list needs a kind: one of ${listable.join(', ')}`);
      for (const record of await api.all<Existing>(`/api/${kind}`)) {
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
