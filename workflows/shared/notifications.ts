import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { Notice } from '../../domain/notifications';

const { queueNotices } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '1 minute' },
});

// Delivery keeps retrying while the mail server is down; the outbox makes each retry safe.
const { deliverEmail } = proxyActivities<Activities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Queues notices in the outbox, then delivers them in the background: a mail outage never holds
 * up the process. Call settle() before the workflow completes or continues as new.
 */
export class Notifier {
  private readonly deliveries: Promise<unknown>[] = [];

  async send(notices: Notice[]): Promise<void> {
    if (notices.length === 0) return;
    const keys = await queueNotices(notices);
    for (const key of keys) this.deliveries.push(deliverEmail(key));
  }

  async settle(): Promise<void> {
    await Promise.all(this.deliveries.splice(0));
  }
}
