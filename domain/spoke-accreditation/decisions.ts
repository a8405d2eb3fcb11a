/** HEE approval, the signed agreement, suspension, reinstatement and withdrawal; and every action applied by name. */
import { type Effects, noEffects } from '../process';
import { formatDueDate } from '../notifications';
import type { Actor } from '../roles';
import { addCalendarMonths, endOfLondonDay, londonDateOf } from '../london-calendar';
import { follows } from '../rule-changes';
import { addMonths } from '../time';
import { heeAudience, hubAudience, namedAudience, notice, practiceAudience, quoted } from './notices';
import type { SpokeAction, SpokeActionBody } from './schemas';
import { iso, personRef, type SpokeContext, type SpokeState } from './state';
import { isRenewalRefused, pendingTimedEvents, reaccreditationPlan, spokeDeadlines } from './timers';
import { applyActionCompletion, applyApprovalRequest, applyFollowUpVisit } from './action-plan-steps';
import { applyEvidence, applyEvidenceReview, applyVisit, applyVisitOutcome, record } from './transitions';

export function applyApproval(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'approval'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): Effects {
  const effects = noEffects();
  s.approval = { decision: body.decision, comment: body.comment, by: personRef(actor), at: iso(at) };
  if (body.decision === 'approve') {
    record(s, effects, actor, 'approval', 'AWAITING_AGREEMENT', at, { comment: body.comment || undefined, requestId });
    effects.notices.push(
      notice(s, ctx, 'agreement-needed', practiceAudience(s), 'Approved: sign the Learning and Development Agreement', {
        action: 'Sign the Learning and Development Agreement',
        dueAt: spokeDeadlines(s, ctx.settings).find((d) => d.key === 'agreement')?.dueAt,
        lines: body.comment ? [quoted(s, actor, body.comment)] : [],
      }),
      notice(s, ctx, 'approved-hub', hubAudience(s), 'Spoke accreditation approved by HEE', {
        lines: ['The practice has been asked to sign the Learning and Development Agreement.'],
      }),
    );
  } else if (isRenewalOfValidAccreditation(s, at)) {
    s.renewalRefused = {
      cycle: s.cycle,
      accreditationCycle: s.accreditationCycle,
      comment: body.comment,
      by: personRef(actor),
      at: iso(at),
    };
    record(s, effects, actor, 'approval', 'ACCREDITED', at, { comment: body.comment, requestId, after: { renewalRefused: true } });
    const until = formatDueDate(s.accreditedUntil!);
    effects.notices.push(
      notice(s, ctx, 'renewal-refused', [...practiceAudience(s), ...hubAudience(s)], 'Re-accreditation not approved', {
        lines: [
          quoted(s, actor, body.comment, 'Reason'),
          `The current accreditation remains valid until ${until} and then lapses.`,
          'Re-accreditation does not open again for it. Once it has lapsed the practice may apply again.',
        ],
      }),
    );
  } else {
    record(s, effects, actor, 'approval', 'REJECTED', at, { comment: body.comment, requestId });
    effects.notices.push(
      notice(s, ctx, 'rejected', [...practiceAudience(s), ...hubAudience(s)], 'Spoke accreditation not approved', {
        lines: [quoted(s, actor, body.comment, 'Reason')],
      }),
    );
  }
  return effects;
}

/**
 * A re-accreditation refused while the accreditation it would renew is still valid: that
 * accreditation runs to its expiry and then lapses, rather than ending at the refusal.
 */
function isRenewalOfValidAccreditation(s: SpokeState, at: Date): boolean {
  if (!follows(s, 'spoke:refused-renewal-runs-to-expiry') || !s.accreditedUntil) return false;
  return Date.parse(s.accreditedUntil) > at.getTime();
}

/** The expiry a renewal signed before it runs from, if any: signing early loses nothing. */
function renewalStart(s: SpokeState, at: Date): string | undefined {
  if (!follows(s, 'spoke:renewal-from-expiry') || !s.accreditedUntil) return undefined;
  return Date.parse(s.accreditedUntil) > at.getTime() ? s.accreditedUntil : undefined;
}

/**
 * The hub's validity period (36 months by default), to the end of a London day, from the current
 * expiry for a renewal signed before it, otherwise from the signature.
 */
function accreditedUntil(s: SpokeState, at: Date): string {
  if (!follows(s, 'spoke:renewal-from-expiry')) return iso(addMonths(at, s.validityMonths));
  const from = renewalStart(s, at) ?? iso(at);
  return endOfLondonDay(addCalendarMonths(londonDateOf(from), s.validityMonths));
}

export function applySignature(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'agreement-signature'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): Effects {
  const effects = noEffects();
  s.agreement = { signedBy: body.signedBy, signedAt: iso(at), by: personRef(actor) };
  const renewedFrom = renewalStart(s, at);
  s.accreditedAt = iso(at);
  s.accreditedUntil = accreditedUntil(s, at);
  s.accreditationCycle = s.cycle;
  record(s, effects, actor, 'agreement-signature', 'ACCREDITED', at, { comment: `Signed by ${body.signedBy}`, requestId });
  effects.notices.push(
    notice(
      s,
      ctx,
      'accredited',
      [...practiceAudience(s), ...namedAudience(s), ...hubAudience(s), ...heeAudience],
      `Accredited until ${formatDueDate(s.accreditedUntil)}`,
      {
        lines: [
          `${s.practiceName} is accredited as a spoke of ${s.hubName} until ${formatDueDate(s.accreditedUntil)}${renewedFrom ? `, ${s.validityMonths} months from the end of the accreditation it renews (${formatDueDate(renewedFrom)})` : ''}.`,
          `Re-accreditation opens on ${formatDueDate(reaccreditationPlan(s.accreditedAt, s.accreditedUntil, ctx.settings).startsAt)}.`,
        ],
      },
    ),
  );
  return effects;
}

export function applySuspension(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'suspension'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): Effects {
  const effects = noEffects();
  s.suspension = { at: iso(at), reason: body.reason, by: personRef(actor), fromStatus: s.status };
  record(s, effects, actor, 'suspension', 'SUSPENDED', at, { comment: body.reason, requestId, newStep: false });
  effects.notices.push(
    notice(s, ctx, 'suspended', [...practiceAudience(s), ...hubAudience(s)], 'Spoke accreditation suspended', {
      lines: [quoted(s, actor, body.reason, 'Reason'), 'No reminders or deadlines apply while the accreditation is suspended.'],
    }),
  );
  return effects;
}

/** Back to the suspended-from state, or LAPSED if the accreditation expired meanwhile. */
export function applyReinstatement(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'reinstatement'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): Effects {
  const effects = noEffects();
  const from = s.suspension!.fromStatus;
  delete s.suspension;
  if (s.accreditedUntil && Date.parse(s.accreditedUntil) <= at.getTime()) {
    record(s, effects, actor, 'reinstatement', 'LAPSED', at, {
      comment: `${body.reason} (the accreditation expired while suspended)`,
      requestId,
    });
    effects.notices.push(
      notice(s, ctx, 'lapsed', [...practiceAudience(s), ...hubAudience(s), ...heeAudience], 'Spoke accreditation lapsed', {
        lines: [`The accreditation expired on ${formatDueDate(s.accreditedUntil)} while it was suspended, so it cannot be reinstated.`],
      }),
    );
    return effects;
  }
  record(s, effects, actor, 'reinstatement', from, at, { comment: body.reason, requestId, newStep: false });
  // Reminders that fell due while suspended are moot; due dates, escalations and the lapse still count.
  for (const event of pendingTimedEvents(s, ctx.settings)) {
    const isReminder = event.kind === 'reminder' || event.kind === 'visit-reminder' || event.kind === 'expiry-reminder';
    if (isReminder && Date.parse(event.at) <= at.getTime()) s.fired.push(event.key);
  }
  effects.notices.push(
    notice(s, ctx, 'reinstated', [...practiceAudience(s), ...hubAudience(s)], 'Spoke accreditation reinstated', {
      lines: [
        quoted(s, actor, body.reason, 'Reason'),
        s.accreditedUntil ? `The accreditation remains valid until ${formatDueDate(s.accreditedUntil)}.` : '',
      ].filter(Boolean),
    }),
  );
  return effects;
}

export function applyWithdrawal(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'withdrawal'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): Effects {
  const effects = noEffects();
  record(s, effects, actor, 'withdrawal', 'WITHDRAWN', at, { comment: body.reason, requestId });
  effects.notices.push(
    notice(
      s,
      ctx,
      'withdrawn',
      [...practiceAudience(s), ...hubAudience(s), ...(actor.role === 'hee_staff' ? [] : heeAudience)],
      s.accreditedUntil ? 'Spoke accreditation withdrawn' : 'Spoke application withdrawn',
      { lines: [quoted(s, actor, body.reason, 'Reason for the withdrawal')] },
    ),
  );
  return effects;
}

/** A new expiry for the accreditation held (its check passed): the reminders and the lapse move with it. */
export function applyValidityExtension(
  s: SpokeState,
  actor: Actor,
  body: SpokeActionBody<'validity-extension'>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): Effects {
  const effects = noEffects();
  const from = s.accreditedUntil!;
  const to = endOfLondonDay(body.accreditedUntil);
  s.accreditedUntil = to;
  s.validityExtensions = [
    ...(s.validityExtensions ?? []),
    { accreditationCycle: s.accreditationCycle, from, to, reason: body.reason, by: personRef(actor), at: iso(at) },
  ];
  record(s, effects, actor, 'validity-extension', s.status, at, {
    comment: `Valid until ${londonDateOf(to)} (was ${londonDateOf(from)}): ${body.reason}`,
    requestId,
    after: { accreditedUntil: to, previousAccreditedUntil: from },
  });
  const lines = [quoted(s, actor, body.reason, 'Reason'), `The accreditation was due to expire on ${formatDueDate(from)}.`];
  if (s.status === 'ACCREDITED' && !isRenewalRefused(s)) {
    lines.push(`Re-accreditation opens on ${formatDueDate(reaccreditationPlan(s.accreditedAt!, to, ctx.settings).startsAt)}.`);
  }
  effects.notices.push(
    notice(s, ctx, 'validity-extended', [...practiceAudience(s), ...hubAudience(s)], `Accreditation extended until ${formatDueDate(to)}`, {
      lines,
    }),
  );
  return effects;
}

/** Applies an accepted action (its check passed) to the state. */
export function applySpokeAction<A extends SpokeAction>(
  s: SpokeState,
  actor: Actor,
  action: A,
  body: SpokeActionBody<A>,
  at: Date,
  ctx: SpokeContext,
  requestId?: string,
): Effects {
  switch (action) {
    case 'evidence':
      return applyEvidence(s, actor, body as SpokeActionBody<'evidence'>, at, ctx, requestId);
    case 'evidence-review':
      return applyEvidenceReview(s, actor, body as SpokeActionBody<'evidence-review'>, at, ctx, requestId);
    case 'visit':
      return applyVisit(s, actor, body as SpokeActionBody<'visit'>, at, ctx, requestId);
    case 'visit-outcome':
      return applyVisitOutcome(s, actor, body as SpokeActionBody<'visit-outcome'>, at, ctx, requestId);
    case 'approval':
      return applyApproval(s, actor, body as SpokeActionBody<'approval'>, at, ctx, requestId);
    case 'agreement-signature':
      return applySignature(s, actor, body as SpokeActionBody<'agreement-signature'>, at, ctx, requestId);
    case 'suspension':
      return applySuspension(s, actor, body as SpokeActionBody<'suspension'>, at, ctx, requestId);
    case 'reinstatement':
      return applyReinstatement(s, actor, body as SpokeActionBody<'reinstatement'>, at, ctx, requestId);
    case 'withdrawal':
      return applyWithdrawal(s, actor, body as SpokeActionBody<'withdrawal'>, at, ctx, requestId);
    case 'validity-extension':
      return applyValidityExtension(s, actor, body as SpokeActionBody<'validity-extension'>, at, ctx, requestId);
    case 'action-completion':
      return applyActionCompletion(s, actor, body as SpokeActionBody<'action-completion'>, at, ctx, requestId);
    case 'approval-request':
      return applyApprovalRequest(s, actor, body as SpokeActionBody<'approval-request'>, at, ctx, requestId);
    case 'follow-up-visit':
      return applyFollowUpVisit(s, actor, body as SpokeActionBody<'follow-up-visit'>, at, ctx, requestId);
  }
  throw new Error(`Unknown action ${String(action)}`);
}
