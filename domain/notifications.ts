/**
 * Emails are plain: they name the EOI or application, the action needed and the due date.
 * Workflows describe a notice and its audience; an activity resolves the audience to addresses
 * and renders it with renderNotice, so the wording lives in one place.
 */

export type Audience =
  | { kind: 'address'; email: string; name?: string }
  | { kind: 'role'; role: 'hee_staff' }
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
  /** A link to the record in the API. */
  link?: string;
}

export interface EmailMessage {
  key: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  subjectType?: string;
  subjectId?: string;
}

export const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** "Friday 31 January 2027" in UK English, time zone Europe/London. */
export function formatDueDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  }).format(new Date(iso));
}

function describeAudience(audience: Audience[]): string {
  return audience
    .map((a) =>
      a.kind === 'address'
        ? a.email
        : a.kind === 'role'
          ? 'regional staff'
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

export function renderNotice(notice: Notice, to: string[]): EmailMessage {
  const due = notice.dueAt ? formatDueDate(notice.dueAt) : undefined;
  const subject = `${notice.headline}: ${notice.subjectLabel}${due && notice.action ? ` (due ${due})` : ''}`;
  const paragraphs = [
    notice.headline + '.',
    `Regarding: ${notice.subjectLabel}.`,
    ...(notice.action ? [`Action needed: ${notice.action}${due ? ` by ${due}` : ''}.`] : []),
    ...(notice.lines ?? []),
    ...(notice.link ? [`Details: ${notice.link}`] : []),
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
