import { patched } from '@temporalio/workflow';
import { mail } from '../activities';

/**
 * Delivers one outbox email, then the notices that an address refused it for good, if any. A
 * refused email is recorded by the activity, not retried, so it never holds the process up.
 */
export async function deliverEmail(key: string): Promise<void> {
  const outcome = await mail.deliverEmail(key);
  if (typeof outcome === 'string' || outcome.noticeKeys.length === 0) return;
  // Histories from before refusals were answered never reach here; the marker keeps it explicit.
  if (!patched('deliver-refusal-notices')) return;
  await Promise.all(outcome.noticeKeys.map((noticeKey) => mail.deliverEmail(noticeKey)));
}
