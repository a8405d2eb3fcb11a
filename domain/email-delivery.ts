/**
 * What an SMTP server's answer means for an email in the outbox, per recipient.
 *
 * RFC 5321 (4.2.1) makes a 5yz reply a permanent refusal and a 4yz reply a transient one. We
 * treat as permanent only a 5yz reply to RCPT TO (that address: "550 mailbox unavailable") or to
 * DATA (the message): sending the same again would get the same answer. Everything else is
 * temporary and retried for as long as it takes: 4yz replies, a server that cannot be reached,
 * times out or hangs up, and also a refused sender (MAIL FROM) or login, which are this
 * deployment's settings and would refuse every email alike until they are put right. 503 (bad
 * sequence of commands) is about the session, not the message, so it is temporary too.
 */
import { type Audience, formatDue, type Notice } from './notifications';

/**
 * replaced: undelivered to an address that was then corrected; the corrected one has a row of its own.
 * withheld: undelivered to a user's own address when the user was deactivated (someone who has left gets no more email).
 */
export type RecipientStatus = 'pending' | 'sent' | 'failed' | 'replaced' | 'withheld';
export const RECIPIENT_STATUSES = ['pending', 'sent', 'failed', 'replaced', 'withheld'] as const satisfies readonly RecipientStatus[];
export type EmailStatus = 'pending' | 'sent' | 'failed';
export const EMAIL_STATUSES = ['pending', 'sent', 'failed'] as const satisfies readonly EmailStatus[];

export interface SmtpReply {
  /** The command answered: "RCPT TO", "DATA", "MAIL FROM", "CONN"... */
  command?: string;
  /** The reply code, absent when no reply came (connection refused, timeout, hang-up). */
  code?: number;
  /** The server's words ("550 5.1.1 mailbox unavailable"), or what went wrong when it said nothing. */
  answer: string;
}

/** One recipient the server would not take at RCPT TO. */
export interface RefusedRecipient extends SmtpReply {
  address: string;
}

/**
 * One delivery attempt to the recipients still pending: either the message went (to those the
 * server accepted; it may have refused some), or it went to nobody (`reply` says why; when every
 * recipient was refused, `refused` holds each one's answer).
 */
export type DeliveryAttempt =
  { went: true; accepted: string[]; refused: RefusedRecipient[] } | { went: false; reply: SmtpReply; refused: RefusedRecipient[] };

/** The outcome of delivering one outbox email, as the workflow that asked for it needs to know. */
export type DeliveryOutcome =
  | 'sent'
  | 'already-sent'
  | 'unknown'
  /** Refused for good at one address or more (recorded, never retried); the notices about it to deliver. */
  | { refused: string[]; noticeKeys: string[] };

export interface RecipientOutcome {
  address: string;
  status: RecipientStatus;
  /** The server's answer when it was not a plain acceptance. */
  answer?: string;
}

export function isPermanentRefusal(reply: Pick<SmtpReply, 'command' | 'code'>): boolean {
  const { code, command } = reply;
  if (code === undefined || code < 500 || code > 599 || code === 503) return false;
  return command === 'RCPT TO' || command === 'DATA';
}

const lower = (address: string) => address.toLowerCase();

/**
 * Each pending recipient's outcome of one attempt: sent when accepted, failed when refused for
 * good, still pending (retried) otherwise, with the server's answer.
 */
export function recipientOutcomes(pending: readonly string[], attempt: DeliveryAttempt): RecipientOutcome[] {
  const refusal = new Map(attempt.refused.map((r) => [lower(r.address), r]));
  const accepted = new Set(attempt.went ? attempt.accepted.map(lower) : []);
  return pending.map((address): RecipientOutcome => {
    if (accepted.has(lower(address))) return { address, status: 'sent' };
    const refused = refusal.get(lower(address));
    if (refused) return { address, status: isPermanentRefusal(refused) ? 'failed' : 'pending', answer: refused.answer };
    if (attempt.went) return { address, status: 'pending', answer: 'The server neither accepted nor refused this recipient' };
    // The whole message failed for a reason not about this recipient: DATA refused, or no answer.
    return {
      address,
      status: isPermanentRefusal(attempt.reply) && attempt.reply.command === 'DATA' ? 'failed' : 'pending',
      answer: attempt.reply.answer,
    };
  });
}

/**
 * An email's status from its recipients': pending while any is still to be delivered, failed
 * when none is and one was refused for good, sent when nothing is left to deliver (a replaced
 * address does not count: its correction has a row of its own; nor does a withheld one).
 */
export function emailStatusOf(recipients: readonly { status: string }[]): EmailStatus {
  if (recipients.some((r) => r.status === 'pending')) return 'pending';
  if (recipients.some((r) => r.status === 'failed')) return 'failed';
  return 'sent';
}

/** The first answer worth showing an operator: a refusal before a deferral. */
export function lastAnswerOf(outcomes: readonly RecipientOutcome[]): string | null {
  const shown = outcomes.find((o) => o.status === 'failed' && o.answer) ?? outcomes.find((o) => o.answer);
  return shown ? `${shown.address}: ${shown.answer}` : null;
}

/** The outbox key of the notice that an address refused an email. */
export const refusalNoticeKey = (emailKey: string, address: string) => `outbox:refused:${emailKey}:${lower(address)}`;

/** The outbox key of the notice to administrators that an email has waited too long. */
export const lateNoticeKey = (emailKey: string) => `outbox:late:${emailKey}`;

/** An email still undelivered this long after it was queued is reported to administrators. */
export const LATE_AFTER_MS = 24 * 60 * 60 * 1000;

export const isLate = (queuedAt: Date, now: Date) => now.getTime() - queuedAt.getTime() >= LATE_AFTER_MS;

/** The notices about undelivered email are never themselves reported when they fail: no loops. */
export const isDeliveryReport = (key: string) => key.startsWith('outbox:');

export interface RefusedEmail {
  key: string;
  subject: string;
  subjectType: string | null;
  subjectId: string | null;
}

/**
 * Tells those who can put it right that an address refused an email: regional staff always,
 * and whoever typed the address (`typedBy`: the organisation for an EOI's contact, the practice
 * for its named people).
 */
export function refusalNotice(email: RefusedEmail, refused: { address: string; answer: string }, typedBy: Audience[]): Notice {
  const subjectType = email.subjectType === 'eoi' || email.subjectType === 'spoke_application' ? email.subjectType : 'test';
  const typed = typedBy.length > 0;
  return {
    key: refusalNoticeKey(email.key, refused.address),
    audience: [{ kind: 'role', role: 'hee_staff' }, ...typedBy],
    subjectType,
    subjectId: email.subjectId ?? email.key,
    subjectLabel: `the email “${email.subject}”`,
    headline: 'An email could not be delivered',
    action: typed ? `Check the contact address ${refused.address} and correct it` : `Check the address ${refused.address}`,
    lines: [
      `We could not deliver “${email.subject}” to ${refused.address}; check the contact address.`,
      `The mail server answered: ${refused.answer}`,
      'It will not be tried again at that address; its other recipients are delivered to as usual.',
    ],
  };
}

/** Tells administrators that an email has waited more than a day, still being retried. */
export function lateNotice(email: RefusedEmail & { queuedAt: Date }, answer: string | null): Notice {
  return {
    key: lateNoticeKey(email.key),
    audience: [{ kind: 'role', role: 'admin' }],
    subjectType: email.subjectType === 'eoi' || email.subjectType === 'spoke_application' ? email.subjectType : 'test',
    subjectId: email.subjectId ?? email.key,
    subjectLabel: `the email “${email.subject}”`,
    headline: 'An email has waited more than a day',
    action: 'Check the mail server and the email outbox',
    lines: [
      `“${email.subject}” was queued on ${formatDue(email.queuedAt.toISOString())} and has not been delivered yet. It is still being retried.`,
      ...(answer ? [`The mail server's last answer: ${answer}`] : []),
    ],
  };
}
