/**
 * Emails are plain: they name the EOI or application, the action needed and the due date.
 * Workflows describe a notice and its audience; an activity resolves the audience to addresses
 * and renders it with renderNotice, so the wording lives in one place.
 */
import { isEndOfLondonDay, londonZoneName, longDate, TIME_ZONE } from './london-calendar';
import { subjectPath } from './process';

export type Audience =
  | { kind: 'address'; email: string; name?: string }
  | { kind: 'role'; role: 'hee_staff' | 'admin' }
  | { kind: 'university'; universityId: string }
  | { kind: 'organisation'; organisationId: string }
  | { kind: 'hub'; hubId: string }
  | { kind: 'practice'; practiceId: string };

export interface Notice {
  /** Unique per (process, step): the outbox key. */
  key: string;
  audience: Audience[];
  subjectType: 'eoi' | 'spoke_application' | 'digest' | 'test';
  subjectId: string;
  /** How the subject is named to people, e.g. "EOI eoi_abc (Royal Infirmary, MSc Advanced Practice)". */
  subjectLabel: string;
  headline: string;
  /** What the recipient must do, if anything. */
  action?: string;
  dueAt?: string;
  lines?: string[];
  /** Unused: emails link the subject's page, made absolute when rendered (renderNotice). Kept for notices queued before. */
  link?: string;
}

export interface EmailMessage {
  key: string;
  to: string[];
  /** Those of `to` that a person typed on the subject (a contact's address), not a user's own. */
  typed?: string[];
  subject: string;
  text: string;
  html: string;
  subjectType?: string;
  subjectId?: string;
}

export const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE });

/** "Friday 31 January 2027" in UK English, time zone Europe/London. */
export function formatDueDate(iso: string): string {
  return longDate(new Date(iso));
}

/**
 * A due moment as people read it: the date alone for a deadline named as a date (due at the end
 * of that day in London), the date and the time with its zone otherwise
 * ("Friday 20 August 2027 at 17:00 BST").
 */
export function formatDue(iso: string): string {
  if (isEndOfLondonDay(iso)) return formatDueDate(iso);
  return `${formatDueDate(iso)} at ${timeFormat.format(new Date(iso))} ${londonZoneName(iso)}`;
}

function describeAudience(audience: Audience[]): string {
  return audience
    .map((a) =>
      a.kind === 'address'
        ? a.email
        : a.kind === 'role'
          ? a.role === 'admin'
            ? 'administrators'
            : 'regional staff'
          : a.kind === 'university'
            ? `reviewers of university ${a.universityId}`
            : a.kind === 'organisation'
              ? `submitters of organisation ${a.organisationId}`
              : a.kind === 'hub'
                ? `the lead of hub ${a.hubId}`
                : `the manager of practice ${a.practiceId}`,
    )
    .join(', ');
}

/**
 * The same notice for regional staff, when nobody in its audience can receive it (no user yet,
 * or every one deactivated): a reminder must not vanish because a contact left. Same outbox key,
 * so it is still queued once.
 */
export function noticeForStaffInstead(notice: Notice): Notice {
  return {
    ...notice,
    audience: [{ kind: 'role', role: 'hee_staff' }],
    headline: `No active contact: ${notice.headline}`,
    lines: [
      `Nobody who should receive this notice has an active Trainflow account (${describeAudience(notice.audience)}). ` +
        'It comes to regional staff so that it is not lost: please pass it on, and add a user for them.',
      ...(notice.lines ?? []),
    ],
  };
}

/** The absolute address of the subject's page, or none for notices without one (digests, test emails). */
export function noticeLink(notice: Pick<Notice, 'subjectType' | 'subjectId'>, publicUrl: string): string | undefined {
  if (notice.subjectType !== 'eoi' && notice.subjectType !== 'spoke_application') return undefined;
  return `${publicUrl.replace(/\/$/, '')}${subjectPath(notice.subjectType, notice.subjectId)}`;
}

export function renderNotice(notice: Notice, to: string[], publicUrl: string): EmailMessage {
  const due = notice.dueAt ? formatDue(notice.dueAt) : undefined;
  const link = noticeLink(notice, publicUrl);
  const subject = `${notice.headline}: ${notice.subjectLabel}${due && notice.action ? ` (due ${due})` : ''}`;
  const paragraphs = [
    notice.headline + '.',
    `Regarding: ${notice.subjectLabel}.`,
    ...(notice.action ? [`Action needed: ${notice.action}${due ? ` by ${due}` : ''}.`] : []),
    ...(notice.lines ?? []),
    ...(link ? [`Details: ${link}`] : []),
  ];
  return {
    key: notice.key,
    to,
    subject,
    text: paragraphs.join('\n\n') + '\n\n-- \nTrainflow\n',
    html: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n') + '\n<p>-- <br>Trainflow</p>\n',
    subjectType: notice.subjectType,
    subjectId: notice.subjectId,
  };
}

/**
 * Free text one person wrote, quoted in an email to someone else: labelled with who wrote it and
 * for which organisation, so it cannot pass for the service's own words (a comment saying
 * "your account is locked, sign in here" reads as the reviewer's, not Trainflow's).
 */
export function quotedFrom(writer: { name: string }, organisation: string, text: string, what = 'Comment'): string {
  return `${what} from ${writer.name}, ${organisation}: “${text}”`;
}

/** How regional staff are named to others in emails. */
export const REGIONAL_ORGANISATION = 'NHS England (regional team)';
