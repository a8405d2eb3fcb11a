import { allHandlersFinished, condition } from '@temporalio/workflow';
import type { Notice } from '../../domain/notifications';
import type { ProcessCommit } from '../../domain/process';
import { record } from '../activities';
import { deliverEmail } from './deliver';

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * A workflow's link to the outside world: each state change is committed (read model,
 * deadlines, audit, outbox) with a rising version, and its emails are delivered in the
 * background so a mail outage never holds up the process. settle() before completing or
 * continuing as new.
 *
 * It also keeps a copy of the newest state the database holds, so that a change the database
 * refuses for good (activities/refuse-unstorable.ts) can be undone in the workflow: the process
 * carries on from what is recorded.
 */
export class ProcessJournal<S = unknown> {
  private readonly deliveries: Promise<unknown>[] = [];
  /** The highest version known to be in the database. */
  committed: number;
  private recorded: { version: number; state: S } | undefined;

  constructor(
    public version = 0,
    recordedState?: S,
  ) {
    this.committed = version;
    if (recordedState !== undefined) this.recorded = { version, state: copy(recordedState) };
  }

  /** Commits a change made to `state`; throws the activity's failure if it was refused. */
  async commit(change: Omit<ProcessCommit, 'version'>, state: S): Promise<void> {
    this.version += 1;
    const version = this.version;
    const snapshot = copy(state);
    const keys = await record.commitProcessChange({ ...change, version });
    this.committed = Math.max(this.committed, version);
    if (!this.recorded || version > this.recorded.version) this.recorded = { version, state: snapshot };
    this.deliver(keys);
  }

  /** A copy of the newest state the database holds; undefined before the first commit. */
  recordedState(): S | undefined {
    return this.recorded ? copy(this.recorded.state) : undefined;
  }

  /** Notices with no state change behind them (the test email). */
  async notify(notices: Notice[]): Promise<void> {
    if (notices.length === 0) return;
    this.deliver(await record.queueNotices(notices));
  }

  async settle(): Promise<void> {
    await Promise.all(this.deliveries.splice(0));
  }

  /**
   * Before completing or continuing as new: waits until no Update handler is running and no
   * delivery is outstanding, both at once. A handler that finishes while deliveries settle may
   * have queued more of them, and an Update may be accepted meanwhile, so it checks again.
   */
  async drain(): Promise<void> {
    for (;;) {
      await condition(allHandlersFinished);
      if (this.deliveries.length === 0) return;
      await this.settle();
    }
  }

  private deliver(keys: string[]): void {
    for (const key of keys) this.deliveries.push(deliverEmail(key));
  }
}
