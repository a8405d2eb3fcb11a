/**
 * The "new version" form as rows of fields ("criteria.3.title"), and back. Without JavaScript the
 * form has a fixed number of rows: the current criteria and a few empty ones; a row left wholly
 * empty is dropped before the API's schema (CreateCriteriaSetBody) checks the rest, and the
 * schema's paths are mapped back to the rows they came from, so each error links to its field.
 */
import type { ZodError } from 'zod';
import type { Criterion } from '../../../domain/reference-data';
import { formErrors, type FormErrors } from '../../forms';

/** Empty rows offered under the current criteria. */
export const SPARE_ROWS = 3;
/** As many as the schema takes. */
export const MAX_ROWS = 50;
const FIELDS = ['code', 'title', 'guidance'] as const;

export type Row = Record<(typeof FIELDS)[number], string>;

/** The rows a form shows: the criteria given and empty ones to add more, at most MAX_ROWS. */
export function rowsFor(criteria: readonly Criterion[]): Row[] {
  const filled = criteria.map((c) => ({ code: c.code, title: c.title, guidance: c.guidance }));
  const spare = Array.from({ length: SPARE_ROWS }, () => ({ code: '', title: '', guidance: '' }));
  return [...filled, ...spare].slice(0, MAX_ROWS);
}

/** The rows as they were sent, in their order. */
export function rowsSent(fields: Record<string, unknown>): Row[] {
  const rows: Row[] = [];
  for (let index = 0; index < MAX_ROWS; index++) {
    const names = FIELDS.map((f) => `criteria.${index}.${f}`);
    if (names.every((name) => fields[name] === undefined)) break;
    const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
    rows.push({ code: text(names[0]!), title: text(names[1]!), guidance: text(names[2]!) });
  }
  return rows;
}

/** The API's body from the form, and for each criterion the form row it came from. */
export function bodyOf(hubId: string, name: unknown, rows: readonly Row[]) {
  const kept = rows.flatMap((row, index) => (FIELDS.every((f) => row[f].trim() === '') ? [] : [{ row, index }]));
  return {
    body: { hubId, name, criteria: kept.map(({ row }) => ({ ...row })) },
    rowOf: kept.map(({ index }) => index),
  };
}

const FIELD_WORDS = { code: 'a code', title: 'a title', guidance: 'guidance' } as const;

function messageFor(field: string, code: string, row: number, schemaMessage: string): string {
  const n = row + 1;
  if (field === 'code' && code === 'invalid_format') return `The code of criterion ${n} may have letters, digits, _ . - only`;
  if (field === 'code' && code === 'custom') return `Criterion ${n} has the same code as one above it`;
  if (code === 'too_big') return `The ${field} of criterion ${n} is too long`;
  if (code === 'too_small' || code === 'invalid_type')
    return `Enter ${FIELD_WORDS[field as keyof typeof FIELD_WORDS] ?? field} for criterion ${n}`;
  return `Criterion ${n}: ${schemaMessage}`;
}

/** The schema's refusal as the form's error summary, each entry linking to the row's field. */
export function criteriaFormErrors(error: ZodError, rowOf: readonly number[]): FormErrors {
  return formErrors(
    error.issues.map((issue) => {
      const [first, index, field] = issue.path.map(String);
      if (first === 'name') {
        const blank = issue.code === 'too_small' || issue.code === 'invalid_type';
        return { path: 'name', message: blank ? 'Enter a name for this version' : 'Name must be 200 characters or fewer' };
      }
      if (first === 'criteria' && index !== undefined && field) {
        const row = rowOf[Number(index)] ?? Number(index);
        return { path: `criteria.${row}.${field}`, message: messageFor(field, issue.code, row, issue.message) };
      }
      if (first === 'criteria') {
        return {
          path: 'criteria.0.code',
          message: issue.code === 'too_big' ? 'Enter 50 criteria at most' : 'Enter at least one criterion',
        };
      }
      return { path: 'name', message: issue.message };
    }),
  );
}
