import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Authenticator } from './auth/authenticate';
import type { Config } from '../config/config';
import type { Logger } from '../config/logger';
import type { Database } from '../db/database';
import type { Mailer } from '../mail/mailer';
import type { EmailLinks } from './auth/email-links';
import type { Sessions } from './auth/sessions';
import type { HttpMetrics } from '../observability/metrics';
import type { Tracing } from '../observability/tracing';

/** Everything a route handler may use, passed in explicitly (no module-level singletons). */
export interface ApiDeps {
  config: Config;
  db: Database;
  temporal: Client;
  logger: Logger;
  /** Bearer tokens to users, with a short cache that revocations must clear. */
  authenticator: Authenticator;
  /** People signed in through the pages (web/). */
  sessions: Sessions;
  /** Sign-in links by email, and invitations. */
  emailLinks: EmailLinks;
  /**
   * Sends sign-in links and invitations at once, not through the outbox (which stores what it
   * sends: these carry secrets). Undefined in a process with no SMTP server to send through.
   */
  mailer?: Mailer;
  /** PUBLIC_URL, or where this process listens: the origin of every link to a page. */
  publicUrl: string;
  /** The clock sessions, sign-in links, token expiry and deadline statuses read (tests move it). */
  now(): Date;
  /** The payload encryption the client uses (PAYLOAD_ENCRYPTION_KEYS), for the codec server. */
  payloadCodec?: PayloadCodec;
  /** GET /metrics (observability/metrics.ts). */
  metrics?: HttpMetrics;
  /** A span per request (observability/tracing.ts). */
  tracing?: Pick<Tracing, 'middleware'>;
  /** Reports whether Temporal answers, for /readyz. */
  temporalAnswers(): Promise<boolean>;
}
