import type { Client } from '@temporalio/client';
import type { Options } from './options';

/** What every section gets: the options, a progress logger and the bench's own Temporal client. */
export interface Bench {
  options: Options;
  log(line: string): void;
  client: Client;
  /** The dev server's process id, when the bench started one (for its CPU and memory). */
  devServerPid?: number;
  /** The dev server's SQLite file, when it has one. */
  temporalDbFile?: string;
  startedAt: number;
}
