/**
 * Reference data from a spreadsheet: CSV records (already parsed, header → cell) to the request
 * bodies of the create routes, checked with the very schemas the API validates with, and against
 * what already exists. Used by the admin command line and the import page alike, so both refuse
 * the same files in the same words. All or nothing: callers create the rows only when there is
 * no problem. A row whose record exists already (same ODS code, or same name; intakes: same
 * programme and start) is skipped, so an import can be run again.
 */
import type { z } from 'zod';
import { CreateProfessionBody } from './fair-share';
import {
  CreateHubBody,
  CreateIntakeBody,
  CreateOrganisationBody,
  CreatePracticeBody,
  CreateProgrammeBody,
  CreateUniversityBody,
} from './reference-data';

/** A record as the API answers with it (its list endpoint's items). */
export type ExistingRecord = Record<string, unknown> & { id: string; name?: string };

export interface CsvRecord {
  /** The line of the file the record starts on (the header is line 1). */
  line: number;
  cells: Record<string, string>;
}

/** What the import needs to know about the records already in the system. */
export interface ImportLookups {
  existing: ExistingRecord[];
  universities: ExistingRecord[];
  programmes: ExistingRecord[];
  hubs: ExistingRecord[];
}

interface ImportKind {
  schema: z.ZodType;
  /** Friendlier column names for fields (a column may hold names or ids). */
  aliases?: Record<string, string>;
  /** Columns split on ";" into lists. */
  lists?: string[];
  numbers?: string[];
  booleans?: string[];
  /** Resolves name columns to ids (e.g. "universities" to universityIds); returns field errors. */
  resolve?(row: Record<string, unknown>, lookups: ImportLookups): { field: string; message: string }[];
  /** The natural key: a row whose key exists already is skipped. */
  key(record: Record<string, unknown>): string;
  /** The lists the import reads besides the kind itself. */
  needs?: ('universities' | 'programmes' | 'hubs')[];
}

/** A name or code as compared: trimmed, lower case. */
export const norm = (value: unknown) =>
  String(value ?? '')
    .trim()
    .toLowerCase();

/** Finds one record by id or by (case-insensitive) name. */
export function byIdOrName(records: ExistingRecord[], value: string, what: string): { id?: string; message?: string } {
  const byId = records.find((r) => r.id === value);
  if (byId) return { id: byId.id };
  const named = records.filter((r) => norm(r.name) === norm(value));
  if (named.length === 1) return { id: named[0]!.id };
  if (named.length > 1)
    return { message: `${named.length} ${what}s are named "${value}": use the id (${named.map((r) => r.id).join(', ')})` };
  return { message: `no ${what} with id or name "${value}"` };
}

function resolveOne(row: Record<string, unknown>, field: string, records: ExistingRecord[], what: string) {
  const value = row[field];
  if (typeof value !== 'string') return [];
  const found = byIdOrName(records, value, what);
  if (found.id) row[field] = found.id;
  return found.message ? [{ field, message: found.message }] : [];
}

/** The kinds a file may hold, by the name the command line and the page use. */
export const IMPORT_KINDS = {
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
} satisfies Record<string, ImportKind>;
export type ImportKindName = keyof typeof IMPORT_KINDS;

export const isImportKind = (name: string): name is ImportKindName => Object.hasOwn(IMPORT_KINDS, name);

/** The other lists a kind's file is checked against. */
export const importNeeds = (kind: ImportKindName): readonly ('universities' | 'programmes' | 'hubs')[] =>
  (IMPORT_KINDS[kind] as ImportKind).needs ?? [];

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

export interface PlannedRow {
  line: number;
  /** The request body, as the file has it (ids resolved from names). */
  body: Record<string, unknown>;
  /** The record that exists already: the row is skipped. */
  existing?: ExistingRecord;
}

export interface ImportProblem {
  line: number;
  /** "odsCode: an ODS code: 3 to 10 letters or digits", "repeats line 2 (rx1)". */
  message: string;
}

/** Every row checked: the rows to create or skip, and every problem by line. */
export function planImport(
  kindName: ImportKindName,
  records: readonly CsvRecord[],
  lookups: ImportLookups,
): { planned: PlannedRow[]; problems: ImportProblem[] } {
  const kind: ImportKind = IMPORT_KINDS[kindName];
  const existingByKey = new Map(lookups.existing.map((record) => [kind.key(record), record]));
  const problems: ImportProblem[] = [];
  const planned: PlannedRow[] = [];
  const seenInFile = new Map<string, number>();
  for (const { cells, line } of records) {
    const rowProblems: string[] = [];
    const body = rowToBody(kind, cells);
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
    problems.push(...rowProblems.map((message) => ({ line, message })));
  }
  return { planned, problems };
}
