/** Time in words for the pages, in UK time whatever the server's zone. */
import { londonDate } from '../../domain/deadlines';
import { DAY_MS } from '../../domain/time';

/** "Overdue", "Due today", "Due tomorrow", "Due in 12 days": counted in London calendar days. */
export function dueWords(dueAt: string | Date, now: Date): string {
  const due = new Date(dueAt);
  if (due.getTime() < now.getTime()) return 'Overdue';
  const days = Math.round((Date.parse(londonDate(due)) - Date.parse(londonDate(now))) / DAY_MS);
  if (days <= 0) return 'Due today';
  if (days === 1) return 'Due tomorrow';
  return `Due in ${days} days`;
}
