import type { Notice } from '../../domain/notifications';
import type { ProcessCommit } from '../../domain/process';
import { mail, record } from '../activities';

/**
 * A workflow's link to the outside world: each state change is committed (read model,
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
    const keys = await record.commitProcessChange({ ...change, version });
    this.committed = Math.max(this.committed, version);
    this.deliver(keys);
  }

  /** Notices with no state change behind them (the test email). */
  async notify(notices: Notice[]): Promise<void> {
    if (notices.length === 0) return;
    this.deliver(await record.queueNotices(notices));
  }

  async settle(): Promise<void> {
    await Promise.all(this.deliveries.splice(0));
  }

  private deliver(keys: string[]): void {
    for (const key of keys) this.deliveries.push(mail.deliverEmail(key));
  }
}
