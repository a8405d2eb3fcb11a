/** Who is told about an EOI, and the notices they get. */
import { type Audience, type Notice, quotedFrom, REGIONAL_ORGANISATION } from '../notifications';
import type { Actor } from '../roles';
import type { Effects } from '../process';
import { confirmedCount, type EoiState } from './state';

export const organisationAudience = (s: EoiState): Audience[] => [
  { kind: 'address', email: s.contact.email, name: s.contact.name },
  { kind: 'organisation', organisationId: s.organisationId },
];
export const universityAudience = (s: EoiState): Audience[] => [{ kind: 'university', universityId: s.universityId }];
export const heeAudience: Audience[] = [{ kind: 'role', role: 'hee_staff' }];

export function eoiLabel(s: EoiState): string {
  return `EOI ${s.id} (${s.labels.organisation}, ${s.labels.programme} starting ${s.intake.startsOn})`;
}

export function notice(s: EoiState, step: string, audience: Audience[], headline: string, extra: Partial<Notice> = {}): Notice {
  return {
    key: `${s.id}:${s.seq}:${step}`,
    audience,
    subjectType: 'eoi',
    subjectId: s.id,
    subjectLabel: eoiLabel(s),
    headline,
    ...extra,
  };
}

export function fundedNotices(s: EoiState, effects: Effects, line: string) {
  effects.notices.push(
    notice(s, 'funded-organisation', organisationAudience(s), 'Your expression of interest is funded', {
      action: 'Recruit trainees with the university and return a confirmation of support for each successful candidate',
      dueAt: s.confirmationDueAt,
      lines: [line],
    }),
    notice(s, 'funded-university', universityAudience(s), 'A funded expression of interest is ready for recruitment', {
      action: 'Recruit with the organisation and record each candidate’s outcome',
      dueAt: s.confirmationDueAt,
      lines: [line],
    }),
  );
}

export function enrolledNotices(s: EoiState, effects: Effects) {
  const line = `${confirmedCount(s)} candidate(s) confirmed for ${s.allocatedPlaces} funded place(s).`;
  effects.notices.push(
    notice(s, 'enrolled-organisation', organisationAudience(s), 'Every funded place has a confirmed candidate', { lines: [line] }),
    notice(s, 'enrolled-university', universityAudience(s), 'Every funded place has a confirmed candidate', { lines: [line] }),
    notice(s, 'enrolled-hee', heeAudience, 'Confirmations of support are complete', { lines: [line] }),
  );
}

/** The organisation a person acts for on this EOI, as others know it. */
function organisationOf(s: EoiState, actor: Actor): string {
  if (actor.role === 'university_reviewer') return s.labels.university;
  if (actor.role === 'org_submitter') return s.labels.organisation;
  return REGIONAL_ORGANISATION;
}

/** A person's free text on this EOI, quoted with who wrote it. */
export const quoted = (s: EoiState, actor: Actor, text: string, what = 'Comment') =>
  quotedFrom(actor, organisationOf(s, actor), text, what);
