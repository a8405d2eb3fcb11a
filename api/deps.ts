import type { Client } from '@temporalio/client';
import type { Authenticator } from './auth/authenticate';
import type { Config } from '../config/config';
import type { Logger } from '../config/logger';
import type { Database } from '../db/database';

/** Everything a route handler may use, passed in explicitly (no module-level singletons). */
export interface ApiDeps {
  config: Config;
  db: Database;
  temporal: Client;
  logger: Logger;
  /** Bearer tokens to users, with a short cache that revocations must clear. */
  authenticator: Authenticator;
  /** Reports whether Temporal answers, for /readyz. */
  temporalAnswers(): Promise<boolean>;
}
