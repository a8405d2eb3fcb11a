/**
 * Forms post strings; the API's schemas take numbers, booleans and nested objects. These turn a
 * form's fields into the API body's shape so that the API's own zod schemas validate the form:
 * one rule, the same refusal, the same field paths ("contact.name" is the field contact.name).
 */
import { z } from 'zod';

type Fields = Record<string, unknown>;

/** "contact.name" = "Cara" → { contact: { name: "Cara" } }. */
export function nest(fields: Fields): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(fields)) {
    const parts = key.split('.');
    let at = out;
    parts.slice(0, -1).forEach((part) => {
      at[part] = typeof at[part] === 'object' && at[part] !== null ? at[part] : {};
      at = at[part] as Fields;
    });
    at[parts[parts.length - 1]!] = value;
  }
  return out;
}

/** A whole number typed in a box; anything else is left for the schema to refuse; blank is "not given". */
export function asNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** A checkbox: ticked when present with the value "yes". */
export const asTicked = (value: unknown): boolean => value === 'yes';

/** A text box left blank is "not given". */
export const blankAsMissing = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** A form schema: the fields converted, then the API's schema. */
export function formOf<T extends z.ZodType>(schema: T, convert: (fields: Fields) => Fields) {
  return z.preprocess((raw) => convert((raw ?? {}) as Fields), schema);
}

/** A date typed as day, month and year ("date.day"...) as YYYY-MM-DD, or what was typed when it is not one. */
export function asCalendarDate(fields: Fields, name: string): string | undefined {
  const part = (p: string) => String(fields[`${name}[${p}]`] ?? fields[`${name}.${p}`] ?? '').trim();
  const [day, month, year] = [part('day'), part('month'), part('year')];
  if (!day && !month && !year) return undefined;
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return `${year}-${month}-${day}`;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
