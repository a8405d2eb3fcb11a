import type { Client } from '@temporalio/client';
import type { Config } from '../config/config';
import type { Logger } from '../config/logger';
import type { Database } from '../db/database';

/** Everything a route handler may use, passed in explicitly (no module-level singletons). */
export interface ApiDeps {
  config: Config;
  db: Database;
  temporal: Client;
  logger: Logger;
  /** Reports whether Temporal answers, for /readyz. */
  temporalAnswers(): Promise<boolean>;
}
