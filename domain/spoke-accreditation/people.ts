/** Correcting a named person (the administrator or the educationalist): people leave, addresses get mistyped. */
import { type Effects, noEffects } from '../process';
import type { Actor } from '../roles';
import { notice, quoted } from './notices';
import type { PeopleCorrection } from './schemas';
import type { SpokeContext, SpokeState } from './state';
import { record } from './transitions';

/** What each named person is responsible for, as the emails say it. */
export const NAMED_ROLE_WORDS: Record<PeopleCorrection['role'], string> = {
  administrator: 'the practice-based administrator responsible for the learners’ timetable',
  educationalist: 'the practice-based educationalist who offers regular teaching and is responsible for the learning programme',
};

/**
 * The person replaces the one named before, in the history and the audit (the status stays). The
 * new person is told; every undelivered email of this application to the old address goes to the
 * new one (Effects.readdress), unless the other named person still has that address.
 */
export function applyPeopleCorrection(
  s: SpokeState,
  actor: Actor,
  body: PeopleCorrection,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): Effects {
  const effects = noEffects();
  const before = s[body.role];
  const person = { name: body.name, email: body.email };
  s[body.role] = person;
  record(s, effects, actor, 'people', s.status, at, {
    comment: `${body.role === 'administrator' ? 'Administrator' : 'Educationalist'}: ${before.name} <${before.email}> replaced by ${person.name} <${person.email}>`,
    requestId,
    after: { [body.role]: { from: before, to: person } },
  });
  effects.notices.push(
    notice(
      s,
      ctx,
      `people-${body.role}`,
      [{ kind: 'address', email: person.email, name: person.name }],
      'You are named on a spoke application',
      {
        lines: [
          `${s.practiceName} now names you as ${NAMED_ROLE_WORDS[body.role]}, in place of “${before.name}”.`,
          quoted(s, actor, `${person.name} <${person.email}>`, 'Correction'),
        ],
      },
    ),
  );
  const other = s[body.role === 'administrator' ? 'educationalist' : 'administrator'];
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (!same(before.email, person.email) && !same(before.email, other.email)) {
    effects.readdress = [{ from: before.email, to: person.email, actor, ...(requestId ? { requestId } : {}) }];
  }
  return effects;
}
