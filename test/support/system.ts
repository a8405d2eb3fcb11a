import { randomBytes } from 'node:crypto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { type Config, loadConfig } from '../../config/config';
import { createLogger } from '../../config/logger';
import { startSystem, type System, type SystemRole } from '../../system/system';
import { createTestDatabase, type TestDatabase } from './database';
import { startTestSmtpServer, type TestSmtpServer } from './smtp';
import { ApiClient } from './api-client';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/**
 * Tests run quiet; TRAINFLOW_TEST_LOG_LEVEL (or TEST_LOG_LEVEL) =error, info or debug shows what the
 * in-process API and worker log (a page's 500, a failed activity) while debugging a test.
 */
export const testLogLevel = () => process.env.TRAINFLOW_TEST_LOG_LEVEL ?? process.env.TEST_LOG_LEVEL ?? 'silent';

export interface TestSystem extends System {
  baseUrl: string;
  smtp: TestSmtpServer;
  database: TestDatabase;
  admin: ApiClient;
  as(token: string): ApiClient;
  /** The clock the API and pages run on (the `now` option, or the workflows' time): tests date things from it. */
  now(): Date;
  /**
   * Moves the API's and pages' clock to `day` until it is set back (undefined): for a test whose
   * outcome depends on the date. Workflows keep the Temporal server's time.
   */
  setToday(day: Date | undefined): void;
}

/**
 * The time the workflows run on: the Temporal dev server keeps the machine's wall clock (it cannot
 * skip time), so an API whose clock is not moved follows it and agrees with the workflows' timers
 * and histories. The one place test systems read the machine's clock; outcomes that depend on the
 * date set it with `setToday` or the `now` option.
 */
const workflowTime = () => new Date();

/**
 * The whole system on real parts for one test file: a Temporal dev server (the suite's shared one
 * by default), a fresh database
 * (PGlite, or PostgreSQL when DATABASE_URL is set), a real SMTP server, the worker and the API.
 */
export async function startTestSystem(
  overrides: Partial<Config> = {},
  options: { ownTemporal?: boolean; role?: SystemRole; now?: () => Date; spanExporter?: SpanExporter } = {},
): Promise<TestSystem> {
  const smtp = await startTestSmtpServer();
  const database = await createTestDatabase();
  const config: Config = {
    ...loadConfig({ ADMIN_TOKEN: TEST_ADMIN_TOKEN, LOG_LEVEL: testLogLevel(), DATA_DIR: database.location.dataDir }),
    port: 0,
    smtpUrl: smtp.url,
    taskQueue: `test-${randomBytes(4).toString('hex')}`,
    // The suite's shared dev server (test/support/global-setup.ts), unless the test needs its own.
    temporalAddress: options.ownTemporal ? undefined : process.env.TRAINFLOW_TEST_TEMPORAL_ADDRESS,
    ...overrides,
  };
  let today: Date | undefined;
  const now = () => today ?? options.now?.() ?? workflowTime();
  let system: System;
  try {
    system = await startSystem(config, {
      db: database.db,
      logger: createLogger(testLogLevel()),
      stablePorts: false,
      role: options.role,
      now,
      spanExporter: options.spanExporter,
    });
  } catch (error) {
    await database.close();
    await smtp.close();
    throw error;
  }
  const baseUrl = system.apiUrl!;
  return {
    ...system,
    baseUrl,
    smtp,
    database,
    admin: new ApiClient(baseUrl, TEST_ADMIN_TOKEN),
    as: (token: string) => new ApiClient(baseUrl, token),
    now,
    setToday(day) {
      today = day;
    },
    async stop() {
      await system.stop();
      await database.close();
      await smtp.close();
    },
  };
}
