import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { ProcessCommit } from '../../domain/process';

const { commitProcessChange } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // The database may be away for a while: keep retrying, never give up on a state change.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const { deliverEmail } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * A process workflow's link to the outside world: each state change is committed (read model,
 * deadlines, audit, outbox) with a rising version, and its emails are delivered in the
 * background so a mail outage never holds up the process. settle() before completing or
 * continuing as new.
 */
export class ProcessJournal {
  private readonly deliveries: Promise<unknown>[] = [];

  constructor(public version = 0) {}

  async commit(change: Omit<ProcessCommit, 'version'>): Promise<void> {
    this.version += 1;
    const keys = await commitProcessChange({ ...change, version: this.version });
    for (const key of keys) this.deliveries.push(deliverEmail(key));
  }

  async settle(): Promise<void> {
    await Promise.all(this.deliveries.splice(0));
  }
}

export { Notifier } from './notifications';
