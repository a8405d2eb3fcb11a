/**
 * Text the database can never hold: PostgreSQL's text and JSON types refuse the NUL character
 * (U+0000). Refused with the request, naming the field, before any process is started or asked
 * anything; the commit activities refuse it too (activities/refuse-unstorable.ts), for anything
 * that reaches a workflow another way.
 */

export const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';

/** The path ("body.contact.name", "body.rows.1.note") of the first string holding a NUL, if any. */
export function findNulText(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNulText(value[i], `${path}.${i}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      // A key is written as well as a value (a JSON object stored whole).
      if (key.includes('\u0000')) return `${path}.${key.replaceAll('\u0000', '\\u0000')}`;
      const found = findNulText(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}
