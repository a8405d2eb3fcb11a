/**
 * The fields of a reference data form, described once and drawn by one view
 * (web/views/pages/reference-data/new.njk) with the nhsuk macro for each type.
 */

export interface Choice {
  value: string;
  text: string;
  hint?: string;
}

export type FormField =
  | { type: 'text'; name: string; label: string; hint?: string; width?: number }
  | { type: 'number'; name: string; label: string; hint?: string }
  | { type: 'lines'; name: string; label: string; hint?: string }
  | { type: 'date'; name: string; label: string; hint?: string }
  | { type: 'radios' | 'checkboxes' | 'select'; name: string; label: string; hint?: string; choices: Choice[]; whenEmpty?: string };

type Values = Record<string, unknown>;

const chosen = (values: Values, name: string): string[] => {
  const value = values[name];
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
};

/** A field with what was sent marked on its choices, as the macros take them. */
export function withValues(field: FormField, values: Values) {
  if (field.type === 'radios' || field.type === 'checkboxes' || field.type === 'select') {
    const picked = chosen(values, field.name);
    const items = field.choices.map((c) => ({
      value: c.value,
      text: c.text,
      ...(c.hint ? { hint: { text: c.hint } } : {}),
      ...(field.type === 'select' ? { selected: picked.includes(c.value) } : { checked: picked.includes(c.value) }),
    }));
    return { ...field, items, noChoices: field.choices.length === 0 };
  }
  return field;
}

/** A form's list field: one checkbox ticked (a string), several (an array), none (missing). */
export function asList(value: unknown): unknown {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

/** A box with one entry a line, as a list; blank lines dropped. */
export function asLines(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Radios answering yes or no, as a boolean; nothing chosen is missing. */
export function asYesNo(value: unknown): unknown {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  return value;
}

export const YES_NO: Choice[] = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
];
