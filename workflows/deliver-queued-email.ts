import { deliverEmail } from './shared/deliver';

/**
 * Delivers one email already in the outbox, for an admin's "retry now" on a failed one (the
 * process that queued it may have ended). Retries while the SMTP server defers it, like any delivery.
 */
export async function deliverQueuedEmail(input: { key: string }): Promise<void> {
  await deliverEmail(input.key);
}
