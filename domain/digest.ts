/**
 * The weekly digest (DOMAIN.md "Deadlines and reminders"): for each HEE staff user every deadline,
 * for each hub lead their hub's, overdue and due in the next 14 days, grouped by intake or hub;
 * for HEE staff also the signed agreements waiting for their countersignature. Pure: the clock
 * and the rows are passed in.
 */
import type { EmailMessage } from './notifications';
import { longDate, TIME_ZONE } from './london-calendar';
import type { SubjectType } from './process';
import { addDays, DAY_MS, formatCalendarDate } from './time';
import {
  bySoonest,
  type DeadlineRow,
  type DeadlineScope,
  type DeadlineStatus,
  deadlineStatus,
  formatDueMoment,
  londonParts,
  subjectLabel,
  subjectPath,
} from './deadlines';

export const DIGEST_DAYS_AHEAD = 14;

/** The digest's week: the Monday (Europe/London date) of the week the instant falls in. */
export function digestWeekOf(at: Date): string {
  const { date, weekday } = londonParts(at);
  return formatCalendarDate(addDays(new Date(`${date}T00:00:00Z`), -weekday));
}

/** One digest per recipient and week: a schedule firing twice in a week queues nothing new. */
export function digestKey(week: string, userId: string): string {
  return `digest:${week}:${userId}`;
}

export interface DigestRecipient {
  userId: string;
  name: string;
  email: string;
  role: 'hee_staff' | 'hub_lead';
  hubId?: string;
}

/** HEE staff: every deadline. A hub lead: the spoke applications of their hub. */
export function digestScope(recipient: DigestRecipient): DeadlineScope & { subjectType?: SubjectType } {
  if (recipient.role === 'hee_staff') return {};
  return { hubId: recipient.hubId ?? '-', subjectType: 'spoke_application' };
}

/** Names for groups and subjects, looked up by the caller. */
export interface DigestNames {
  /** Intake id → "MSc Advanced Practice, intake starting 2027-03-01". */
  intakes: Record<string, string>;
  /** Hub id → hub name. */
  hubs: Record<string, string>;
  /** Subject id → organisation or practice name. */
  subjects: Record<string, string>;
}

export interface DigestItem {
  subjectType: string;
  subjectId: string;
  label: string;
  action: string;
  owner: string;
  dueAt: string;
  status: DeadlineStatus;
  link: string;
}

/** EOIs grouped by intake, spoke applications by hub. */
export interface DigestGroup {
  kind: 'intake' | 'hub';
  id: string;
  label: string;
  items: DigestItem[];
}

/** A Learning and Development Agreement a practice signed that waits for HEE staff's countersignature. */
export interface CountersignatureWaiting {
  applicationId: string;
  practiceName: string;
  /** When the practice signed. */
  signedAt: string;
}

export interface Digest {
  asOf: string;
  overdue: DigestGroup[];
  dueSoon: DigestGroup[];
  /** For HEE staff: the agreements waiting for their countersignature, oldest first, each with its link. */
  countersignatures: (CountersignatureWaiting & { link: string })[];
}

/**
 * What a recipient's digest holds as of an instant: the deadlines in their scope that are
 * overdue, and those due in the next DIGEST_DAYS_AHEAD days, each grouped by intake (EOIs) or
 * hub (spoke applications). Intake groups come first, then hubs, each by name; items soonest first.
 */
export function buildDigest(
  recipient: DigestRecipient,
  rows: readonly DeadlineRow[],
  asOf: Date,
  names: DigestNames,
  publicUrl: string,
  waiting: readonly CountersignatureWaiting[] = [],
): Digest {
  const scope = digestScope(recipient);
  const horizon = addDays(asOf, DIGEST_DAYS_AHEAD).getTime();
  const mine = rows
    .filter((row) => Object.entries(scope).every(([column, value]) => row[column as keyof DeadlineRow] === value))
    .filter((row) => row.dueAt.getTime() < horizon)
    .sort(bySoonest);
  const group = (selected: DeadlineRow[]): DigestGroup[] => {
    const groups = new Map<string, DigestGroup>();
    for (const row of selected) {
      const kind = row.subjectType === 'eoi' ? 'intake' : 'hub';
      const id = (kind === 'intake' ? row.intakeId : row.hubId) ?? '-';
      const key = `${kind}:${id}`;
      let g = groups.get(key);
      if (!g) {
        const label = kind === 'intake' ? (names.intakes[id] ?? `Intake ${id}`) : (names.hubs[id] ?? `Hub ${id}`);
        g = { kind, id, label, items: [] };
        groups.set(key, g);
      }
      g.items.push({
        subjectType: row.subjectType,
        subjectId: row.subjectId,
        label: subjectLabel(row, names.subjects[row.subjectId]),
        action: row.action,
        owner: row.owner,
        dueAt: row.dueAt.toISOString(),
        status: deadlineStatus(row.dueAt, asOf),
        link: `${publicUrl}${subjectPath(row.subjectType, row.subjectId)}`,
      });
    }
    return [...groups.values()].sort((a, b) =>
      a.kind !== b.kind ? (a.kind === 'intake' ? -1 : 1) : a.label.localeCompare(b.label, 'en-GB') || a.id.localeCompare(b.id),
    );
  };
  return {
    asOf: asOf.toISOString(),
    overdue: group(mine.filter((row) => deadlineStatus(row.dueAt, asOf) === 'overdue')),
    dueSoon: group(mine.filter((row) => deadlineStatus(row.dueAt, asOf) === 'due')),
    countersignatures:
      recipient.role === 'hee_staff'
        ? waiting.map((w) => ({
            ...w,
            link: `${publicUrl}/spoke-applications/${encodeURIComponent(w.applicationId)}/agreement-countersignature`,
          }))
        : [],
  };
}

export const digestCount = (groups: DigestGroup[]) => groups.reduce((n, g) => n + g.items.length, 0);
export const isEmptyDigest = (digest: Digest) =>
  digestCount(digest.overdue) + digestCount(digest.dueSoon) + digest.countersignatures.length === 0;

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

function when(item: DigestItem, asOf: Date): string {
  const due = new Date(item.dueAt);
  if (item.status === 'overdue') {
    const late = daysBetween(due, asOf);
    return `was due ${formatDueMoment(due)}${late >= 1 ? ` (${late} day${late === 1 ? '' : 's'} ago)` : ''}`;
  }
  const left = daysBetween(asOf, due);
  return `due ${formatDueMoment(due)}${left >= 1 ? ` (in ${left} day${left === 1 ? '' : 's'})` : ' (today)'}`;
}

/** The digest email: plain, naming each subject, the action, who must act and the due date. */
export function renderDigest(recipient: DigestRecipient, digest: Digest, week: string): EmailMessage {
  const asOf = new Date(digest.asOf);
  const overdue = digestCount(digest.overdue);
  const dueSoon = digestCount(digest.dueSoon);
  const weekLabel = longDate(new Date(`${week}T00:00:00Z`), 'UTC');
  const toCountersign = digest.countersignatures.length;
  const subject =
    `Trainflow deadlines, week of ${weekLabel}: ${overdue} overdue, ${dueSoon} due in the next ${DIGEST_DAYS_AHEAD} days` +
    (toCountersign ? `, ${toCountersign} agreement${toCountersign === 1 ? '' : 's'} to countersign` : '');
  const intro = [
    `Hello ${recipient.name},`,
    `Your weekly digest of deadlines${recipient.role === 'hub_lead' ? ' for your hub' : ''} as of ${formatDueMoment(asOf)} (${TIME_ZONE}): ` +
      `${overdue} overdue, ${dueSoon} due in the next ${DIGEST_DAYS_AHEAD} days. ` +
      'Expressions of interest are grouped by intake, spoke applications by hub.',
  ];
  const sections: [string, DigestGroup[]][] = [
    [`Overdue (${overdue})`, digest.overdue],
    [`Due in the next ${DIGEST_DAYS_AHEAD} days (${dueSoon})`, digest.dueSoon],
  ];
  const line = (item: DigestItem) => `${item.action}: ${item.label}. Owner: ${item.owner}; ${when(item, asOf)}.`;

  const text: string[] = [...intro];
  const html: string[] = intro.map((p) => `<p>${escapeHtml(p)}</p>`);
  for (const [heading, groups] of sections) {
    text.push(`== ${heading} ==`);
    html.push(`<h2>${escapeHtml(heading)}</h2>`);
    if (groups.length === 0) {
      text.push('Nothing.');
      html.push('<p>Nothing.</p>');
    }
    for (const g of groups) {
      text.push([`${g.label}`, ...g.items.map((item) => `- ${line(item)}\n  ${item.link}`)].join('\n'));
      html.push(
        `<h3>${escapeHtml(g.label)}</h3>\n<ul>\n` +
          g.items.map((item) => `<li>${escapeHtml(line(item))} <a href="${escapeHtml(item.link)}">Details</a></li>`).join('\n') +
          '\n</ul>',
      );
    }
  }
  if (toCountersign) {
    const heading = `Agreements waiting for your countersignature (${toCountersign})`;
    const signed = (w: CountersignatureWaiting) => `${w.practiceName}: signed by the practice on ${longDate(new Date(w.signedAt))}.`;
    text.push(`== ${heading} ==`, digest.countersignatures.map((w) => `- ${signed(w)}\n  ${w.link}`).join('\n'));
    html.push(
      `<h2>${escapeHtml(heading)}</h2>\n<ul>\n` +
        digest.countersignatures
          .map((w) => `<li>${escapeHtml(signed(w))} <a href="${escapeHtml(w.link)}">Countersign</a></li>`)
          .join('\n') +
        '\n</ul>',
    );
  }
  return {
    key: digestKey(week, recipient.userId),
    to: [recipient.email],
    subject,
    text: text.join('\n\n') + '\n\n-- \nTrainflow\n',
    html: html.join('\n') + '\n<p>-- <br>Trainflow</p>\n',
    subjectType: 'digest',
    subjectId: week,
  };
}
