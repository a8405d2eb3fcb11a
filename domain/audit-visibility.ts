/**
 * Who may read what in the audit trail. HEE staff read it to answer for decisions; a person's own
 * email address (the `email` of a user record) is personal data they do not need, so only admins,
 * who manage the users, see it. Everything else in an event is visible to both.
 */
import type { Role } from './roles';

type Json = unknown;

/** The value with every `email` key removed, at any depth. */
function withoutEmails(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutEmails);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, Json>)
      .filter(([key]) => key !== 'email')
      .map(([key, inner]) => [key, withoutEmails(inner)]),
  );
}

/** The record before/after of an audit event as this reader may see it. */
export function auditRecordFor<T>(reader: Role, subjectType: string, record: T): T {
  if (reader === 'admin' || subjectType !== 'user') return record;
  return withoutEmails(record) as T;
}
