import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { ProcessCommit } from '../../domain/process';

const { commitProcessChange } = proxyActivities<Activities>({
  // A database write takes milliseconds: a worker that died mid-write is retried soon.
  startToCloseTimeout: '10 seconds',
  // The database may be away for a while: keep retrying, never give up on a state change.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const { deliverEmail } = proxyActivities<Activities>({
  startToCloseTimeout: '20 seconds',
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
  /** The highest version known to be in the database. */
  committed: number;

  constructor(public version = 0) {
    this.committed = version;
  }

  async commit(change: Omit<ProcessCommit, 'version'>): Promise<void> {
    this.version += 1;
    const version = this.version;
    const keys = await commitProcessChange({ ...change, version });
    this.committed = Math.max(this.committed, version);
    for (const key of keys) this.deliveries.push(deliverEmail(key));
  }

  async settle(): Promise<void> {
    await Promise.all(this.deliveries.splice(0));
  }
}

export { Notifier } from './notifications';
