/** Who is told about an application, and the notices they get. */
import { type Audience, type Notice, quotedFrom, REGIONAL_ORGANISATION } from '../notifications';
import type { Actor } from '../roles';
import type { EvidenceItem } from './schemas';
import { isSubmittable } from './policy';
import type { SpokeContext, SpokeState } from './state';

export const practiceAudience = (s: SpokeState): Audience[] => [{ kind: 'practice', practiceId: s.practiceId }];
export const hubAudience = (s: SpokeState): Audience[] => [{ kind: 'hub', hubId: s.hubId }];
export const heeAudience: Audience[] = [{ kind: 'role', role: 'hee_staff' }];
/** The quality-marker people the practice named: told of the visit and the outcome. */
export const namedAudience = (s: SpokeState): Audience[] => [
  { kind: 'address', email: s.administrator.email, name: s.administrator.name },
  { kind: 'address', email: s.educationalist.email, name: s.educationalist.name },
];

export function spokeLabel(s: Pick<SpokeState, 'id' | 'practiceName' | 'hubName' | 'cycle'>): string {
  return `spoke application ${s.id} (${s.practiceName}, ${s.hubName}${s.cycle > 1 ? `, re-accreditation ${s.cycle - 1}` : ''})`;
}

export function notice(
  s: SpokeState,
  ctx: SpokeContext,
  step: string,
  audience: Audience[],
  headline: string,
  extra: Partial<Notice> = {},
): Notice {
  return {
    key: `${s.id}:${step}:${s.seq}`,
    audience,
    subjectType: 'spoke_application',
    subjectId: s.id,
    subjectLabel: spokeLabel(s),
    headline,
    ...extra,
  };
}

export const criterionLine = (s: SpokeState, code: string) => `${code}: ${s.criteria.find((c) => c.code === code)?.title ?? code}`;

export function changesRequestedNotice(s: SpokeState, ctx: SpokeContext, step: string, headline: string, items: EvidenceItem[]): Notice {
  return notice(s, ctx, step, practiceAudience(s), headline, {
    action: `Resubmit the evidence for ${items.map((i) => i.criterionCode).join(', ')}`,
    dueAt: s.evidenceDueAt,
    lines: [
      'Only these criteria need new evidence; the others stay accepted.',
      ...items.map(
        (i) =>
          `- ${criterionLine(s, i.criterionCode)}.` +
          (i.review ? ` ${quotedFrom(i.review.reviewer, s.hubName, i.review.comment ?? '')}` : ''),
      ),
    ],
  });
}

export function outstandingEvidenceLines(s: SpokeState): string[] {
  const open = s.evidence.filter((e) => isSubmittable(s, e) && e.status !== 'submitted');
  return open.length ? ['Still to submit:', ...open.map((e) => `- ${criterionLine(s, e.criterionCode)}`)] : [];
}

/** The organisation a person acts for on this application, as others know it. */
function organisationOf(s: SpokeState, actor: Actor): string {
  if (actor.role === 'hub_lead') return s.hubName;
  if (actor.role === 'practice_manager') return s.practiceName;
  return REGIONAL_ORGANISATION;
}

/** A person's free text on this application, quoted with who wrote it. */
export const quoted = (s: SpokeState, actor: Actor, text: string, what = 'Comment') =>
  quotedFrom(actor, organisationOf(s, actor), text, what);
