/**
 * The composition root: brings up whatever the configuration leaves to us (Temporal dev server,
 * local mail inbox), then the database, the worker and the API, and shuts them down in reverse.
 * With embedded PGlite the worker and the API share one process and one database connection.
 * Composition only: how each part starts lives with the part.
 */
import net from 'node:net';
import type { Server } from 'node:http';
import { Client } from '@temporalio/client';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createApp } from '../api/app';
import { sweepExpiredRateLimits } from '../api/http/rate-limits';
import { createAuthenticator } from '../api/auth/authenticate';
import { createEmailLinks } from '../api/auth/email-links';
import { createSessions } from '../api/auth/sessions';
import type { WebDeps } from '../web/deps';
import { nunjucksSetup } from '../web/nunjucks-setup';
import { createOidcProviders } from '../web/sign-in/oidc';
import type { Config } from '../config/config';
import { createLogger, type Logger } from '../config/logger';
import { type Database, migrateDatabase, openDatabase } from '../db/database';
import type { LocalInbox } from '../mail/local-inbox';
import { createSmtpMailer, type Mailer } from '../mail/mailer';
import { createMetrics } from '../observability/metrics';
import { installTemporalRuntime } from '../observability/runtime';
import { createTracing } from '../observability/tracing';
import { ensureDigestSchedule, ensureRetentionSchedule, ensureScanSchedule } from '../temporal/schedules';
import { connectClient, connectWorker } from '../temporal/connection';
import { startConfiguredDevServer } from '../temporal/dev-server';
import { dataConverterFor } from '../temporal/payload-encryption';
import { createWorker } from '../worker/worker';
import { freePort } from './ports';

export type SystemRole = 'all' | 'api' | 'worker';

export interface System {
  config: Config;
  logger: Logger;
  apiUrl?: string;
  /** The origin of every link to a page: PUBLIC_URL, or where the API listens. */
  publicUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  mailInboxUrl?: string;
  db: Database;
  client: Client;
  worker?: Worker;
  server?: Server;
  stop(): Promise<void>;
}

export interface StartOptions {
  role?: SystemRole;
  logger?: Logger;
  /** An already migrated and opened database (tests); otherwise the configuration's. */
  db?: Database;
  /** Prefer the usual ports (7233, 8233, 1025, 1080) when free; tests say no. */
  stablePorts?: boolean;
  /** The clock of sessions, sign-in links and token expiry (tests move it); the system clock by default. */
  now?: () => Date;
  /** Traces go here instead of OTLP (tests pass an in-memory exporter). */
  spanExporter?: SpanExporter;
}

export async function startSystem(config: Config, options: StartOptions = {}): Promise<System> {
  const role = options.role ?? 'all';
  const logger = options.logger ?? createLogger(config.logLevel);
  await installTemporalRuntime(logger, config.sdkMetricsAddress);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) {
      await step().catch((error: unknown) => logger.warn({ err: error }, 'error while stopping'));
    }
  };
  try {
    // Temporal
    let temporalAddress = config.temporalAddress;
    let temporalUiUrl: string | undefined;
    if (!temporalAddress) {
      const devServer = await startConfiguredDevServer(config, logger, options.stablePorts ?? true);
      stops.push(() => devServer.stop());
      temporalAddress = devServer.address;
      temporalUiUrl = devServer.uiUrl;
    }
    const connection = await connectClient(temporalAddress, config.temporalSecurity);
    stops.push(() => connection.close());
    const dataConverter = dataConverterFor(config.payloadEncryptionKeys);
    const tracing = createTracing({ ...config.tracing, exporter: options.spanExporter });
    stops.push(() => tracing.shutdown());
    const client = new Client({
      connection,
      namespace: config.temporalNamespace,
      dataConverter,
      interceptors: { workflow: tracing.clientInterceptors },
    });

    // Mail
    let mailInboxUrl: string | undefined;
    let smtpUrl = config.smtpUrl;
    if (!smtpUrl && role !== 'api') {
      // The mail catcher is a development dependency: a deployment sets SMTP_URL.
      const { startLocalInbox } = require('../mail/local-inbox') as typeof import('../mail/local-inbox');
      const inbox: LocalInbox = await startLocalInbox({
        dataDir: config.dataDir,
        smtpPort: await freePort(1025),
        webPort: await freePort(1080),
      });
      stops.push(() => inbox.close());
      smtpUrl = inbox.smtpUrl;
      mailInboxUrl = inbox.webUrl;
    }

    // Database: migrations first (PGlite's directory is held by one process at a time).
    let db = options.db;
    if (!db) {
      await migrateDatabase(config);
      const opened = await openDatabase(config);
      stops.push(() => opened.close());
      db = opened;
    }

    // Port 0 (tests): pick the port now, so that links and the sign-in redirect name it.
    const port = config.port === 0 && !config.publicUrl ? await freePort(undefined, config.host) : config.port;
    const publicUrl = (config.publicUrl ?? `http://${config.host}:${port}`).replace(/\/$/, '');
    const now = options.now ?? (() => new Date());

    let worker: Worker | undefined;
    if (role !== 'api') {
      const mailer: Mailer = createSmtpMailer(smtpUrl!, config.mailFrom);
      stops.push(async () => mailer.close());
      const nativeConnection = await connectWorker(temporalAddress, config.temporalSecurity);
      stops.push(() => nativeConnection.close());
      const activities = createActivities({
        prisma: db.prisma,
        mailer,
        logger,
        publicUrl,
        temporal: client,
        taskQueue: config.taskQueue,
        now,
        documentRetention: config.documentRetention,
        documentStorage: config.documentStorage,
        virusScan: config.virusScan,
      });
      worker = await createWorker({
        connection: nativeConnection,
        namespace: config.temporalNamespace,
        taskQueue: config.taskQueue,
        activities,
        maxCachedWorkflows: config.maxCachedWorkflows,
        maxConcurrentWorkflowTasks: config.maxConcurrentWorkflowTasks,
        dataConverter,
        interceptors: tracing.workerInterceptors,
        sinks: tracing.sinks,
      });
      const running = worker.run();
      const w = worker;
      stops.push(async () => {
        if (w.getState() === 'RUNNING') w.shutdown();
        await running;
      });
      await ensureDigestSchedule(client, config);
      await ensureRetentionSchedule(client, config);
      if (config.virusScan) await ensureScanSchedule(client, config);
    }

    let server: Server | undefined;
    let apiUrl: string | undefined;
    if (role !== 'worker') {
      // Sign-in links and invitations go straight to the SMTP server (they carry secrets).
      const apiMailer = smtpUrl ? createSmtpMailer(smtpUrl, config.mailFrom) : undefined;
      if (apiMailer) stops.push(async () => apiMailer.close());
      const sessions = createSessions(db.prisma, config.sessionSettings, now);
      const deps: WebDeps = {
        config,
        db,
        temporal: client,
        logger,
        authenticator: createAuthenticator(db.prisma, config.adminToken, { now }),
        sessions,
        mailer: apiMailer,
        publicUrl,
        now,
        emailLinks: createEmailLinks({
          prisma: db.prisma,
          mailer: apiMailer,
          logger,
          publicUrl,
          now,
          enabled: config.emailSignIn,
          providerLabels: config.oidcProviders.map((provider) => provider.label),
        }),
        oidc: createOidcProviders({ prisma: db.prisma, providers: config.oidcProviders, publicUrl, logger, now }),
        views: nunjucksSetup(),
        payloadCodec: dataConverter?.payloadCodecs[0],
        metrics: createMetrics(db.prisma),
        tracing,
        temporalAnswers: async () => {
          try {
            await connection.healthService.check({});
            return true;
          } catch {
            return false;
          }
        },
      };
      const { app } = createApp(deps);
      server = await new Promise<Server>((resolve, reject) => {
        const s = app.listen(port, config.host, () => resolve(s));
        s.once('error', reject);
        // Idle keep-alive connections stay open longer than a client or load balancer keeps them
        // (60 s is common), so the server never closes one just as a request is sent on it (ECONNRESET).
        s.keepAliveTimeout = 65_000;
        s.headersTimeout = 66_000;
      });
      const listening = server;
      stops.push(() => new Promise<void>((resolve) => listening.close(() => resolve())));
      const address = server.address() as net.AddressInfo;
      apiUrl = `http://${config.host}:${address.port}`;
      // Sessions that expired without coming back are ended (and audited) every few minutes, and
      // expired rate-limit counters deleted.
      const sweep = setInterval(() => {
        sessions.endExpired().catch((error: unknown) => logger.warn({ err: error }, 'expired sessions not swept'));
        sweepExpiredRateLimits(db.prisma, now()).catch((error: unknown) => logger.warn({ err: error }, 'expired rate limits not swept'));
      }, 5 * 60_000);
      sweep.unref();
      stops.push(async () => clearInterval(sweep));
    }

    return { config, logger, apiUrl, publicUrl, temporalAddress, temporalUiUrl, mailInboxUrl, db, client, worker, server, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
