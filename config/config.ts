import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import type { DocumentStorage } from '../db/document-storage';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from '../domain/documents';
import { DEFAULT_RETENTION_PERIODS, isRetentionPeriod, type RetentionPeriods } from '../domain/document-retention';
import { DEFAULT_RAG_THRESHOLDS, type RagThresholds } from '../domain/fair-share/maths';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings } from '../domain/sign-in';
import { type ProcessSettings, ProcessSettingsSchema } from '../domain/settings';
import { parseIsoDuration } from '../domain/time';
import { type OidcProviderConfig, oidcProvidersFrom } from './oidc-providers';
import { tracingEnabled } from '../observability/tracing';
import { type TemporalSecurity, temporalFromEnvironment } from '../temporal/connection';
import { type EncryptionKey, parseEncryptionKeys } from '../temporal/payload-encryption';

export { ProcessSettingsSchema, type ProcessSettings } from '../domain/settings';

const dayList = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'a comma-separated list of whole numbers')
  .transform((value) => value.split(',').map(Number));

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./.data'),
  DATABASE_URL: z.string().optional(),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().optional(),
  TEMPORAL_TASK_QUEUE: z.string().default('trainflow'),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).default(5),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Trainflow <no-reply@trainflow.local>'),
  // The admin token opens everything: long, and not one of the examples people copy.
  ADMIN_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters (openssl rand -base64 32)')
    .refine((token) => !/changeme|change-me|password|secret|example|admin_token|\.\.\./i.test(token), {
      message: 'is a placeholder, not a secret (openssl rand -base64 32)',
    })
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().positive().default(60),
  DIGEST_CRON: z.string().default('0 7 * * MON'),
  CONFIRMATION_REMINDER_DAYS: dayList.optional(),
  REVIEW_REMINDER_AFTER: z.string().optional(),
  REVIEW_ESCALATION_AFTER: z.string().optional(),
  AMENDMENT_REMINDER_AFTER: z.string().optional(),
  FUNDING_DECISION_REMINDER_AFTER: z.string().optional(),
  WAITLIST_OFFERS_CLOSE_BEFORE_START: z.string().optional(),
  CONFIRMATION_MIN_AFTER_FUNDING: z.string().optional(),
  EVIDENCE_RESUBMISSION_PERIOD: z.string().optional(),
  SESSION_IDLE_TIMEOUT: z.string().optional(),
  SESSION_LIFETIME: z.string().optional(),
  EMAIL_SIGN_IN: z.enum(['on', 'off']).default('on'),
  SUPPORT_CONTACT: z.string().trim().min(1).max(300).optional(),
  PAYLOAD_ENCRYPTION_KEYS: z.string().optional(),
  CODEC_CORS_ORIGIN: z.string().url().optional(),
  TEMPORAL_SDK_METRICS_ADDRESS: z
    .string()
    .regex(/^[^:]+:\d+$/, 'host:port')
    .optional(),
  OTEL_SERVICE_NAME: z.string().default('trainflow'),
  FAIR_SHARE_GREEN_AT: z.coerce.number().positive().max(100).default(DEFAULT_RAG_THRESHOLDS.greenAt),
  FAIR_SHARE_AMBER_AT: z.coerce.number().positive().max(100).default(DEFAULT_RAG_THRESHOLDS.amberAt),
  DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .max(100 * 1024 * 1024)
    .default(DEFAULT_DOCUMENT_LIMITS.maxBytes),
  DOCUMENT_MAX_PER_ITEM: z.coerce.number().int().positive().max(100).default(DEFAULT_DOCUMENT_LIMITS.maxPerItem),
  DOCUMENT_RETENTION_AFTER_CLOSE: z
    .string()
    .refine(isRetentionPeriod, 'an ISO 8601 duration, such as P2Y')
    .default(DEFAULT_RETENTION_PERIODS.afterClose),
  DOCUMENT_RETENTION_ACCREDITED: z
    .string()
    .refine(isRetentionPeriod, 'an ISO 8601 duration, such as P6Y')
    .default(DEFAULT_RETENTION_PERIODS.afterAccreditation),
  DOCUMENT_STORE: z.enum(['database', 's3']).default('database'),
  CLAMD_ADDRESS: z
    .string()
    .regex(/^[^:]+:\d+$/, 'host:port')
    .optional(),
  CLAMD_TIMEOUT: z.string().optional(),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_PREFIX: z.string().max(200).default('documents/'),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
});

export interface Config {
  port: number;
  host: string;
  publicUrl?: string;
  dataDir: string;
  databaseUrl?: string;
  temporalAddress?: string;
  temporalNamespace: string;
  /** TLS, mTLS or an API key for TEMPORAL_ADDRESS (temporal/connection.ts); empty for the dev server. */
  temporalSecurity: TemporalSecurity;
  taskQueue: string;
  /** Open workflows the worker keeps in memory (about 1 MB each); unset: the SDK's default. */
  maxCachedWorkflows?: number;
  /**
   * Workflow tasks the worker takes on at once. A task's 10 s deadline runs from when the worker
   * takes it, so a worker restarting into a backlog must not take more than it can finish: with
   * the SDK's 40, a cold worker on 2 busy cores let all of them time out together, again and again.
   */
  maxConcurrentWorkflowTasks: number;
  smtpUrl?: string;
  mailFrom: string;
  adminToken: string;
  adminTokenGenerated: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** Requests a minute per authenticated user. */
  rateLimitPerMinute: number;
  /** Refused requests (no or a bad credential, an unknown calendar feed) a minute per address. */
  rateLimitPerAddressPerMinute: number;
  digestCron: string;
  processSettings: ProcessSettings;
  /** How long a signed-in session lasts unused, and at most. */
  sessionSettings: SessionSettings;
  /** Sign-in by a link sent to one's email address (EMAIL_SIGN_IN=off turns it off). */
  emailSignIn: boolean;
  /** Single-sign-on providers listed on the sign-in page (OIDC_PROVIDERS). */
  oidcProviders: OidcProviderConfig[];
  /** Whom people are told to ask for an account, on the page for someone not invited. */
  supportContact: string;
  /** Keys that seal workflow payloads, newest first (temporal/payload-encryption.ts); unset: plain. */
  payloadEncryptionKeys?: EncryptionKey[];
  /** The Temporal UI's origin, allowed to call the codec server from the browser. */
  codecCorsOrigin?: string;
  /** Where the SDK runtime serves its Prometheus metrics; unset: a free local port /metrics reads. */
  sdkMetricsAddress?: string;
  /** OpenTelemetry traces to OTLP (observability/tracing.ts): on when an OTLP endpoint is set. */
  tracing: { enabled: boolean; serviceName: string };
  /** The fair-share ratios at which a provider is green and amber (below amber: red). */
  fairShareThresholds: RagThresholds;
  /** The size of a document and the number an evidence item may have in a round (domain/documents.ts). */
  documentLimits: DocumentLimits;
  /** How long documents are kept after an application closed, or an accreditation ended (domain/document-retention.ts). */
  documentRetention: RetentionPeriods;
  /** Where documents' bytes are kept (DOCUMENT_STORE, S3_*). */
  documentStorage: DocumentStorage;
  /** The ClamAV daemon every attached file is scanned by (CLAMD_ADDRESS); unset: no scan. */
  virusScan?: VirusScanSettings;
}

export interface VirusScanSettings {
  host: string;
  port: number;
  /** How long one scan may take before the file is held as "scanning" (CLAMD_TIMEOUT, PT20S). */
  timeoutMs: number;
}

/** A duration of hours, minutes or seconds (PT30M) as milliseconds. */
function durationInMs(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  let d;
  try {
    d = parseIsoDuration(value);
  } catch {
    throw new Error(`${name} must be an ISO 8601 duration, such as PT30M`);
  }
  if (d.years || d.months) throw new Error(`${name} must be in weeks, days, hours, minutes or seconds`);
  const ms = ((d.weeks * 7 + d.days) * 86_400 + d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000;
  if (ms <= 0) throw new Error(`${name} must be longer than zero`);
  return ms;
}

function durationInDays(value: string | undefined, name: string, options: { allowZero?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined;
  const days = parseIsoDuration(value).days;
  if (options.allowZero && days === 0) return 0;
  if (!days) throw new Error(`${name} must be an ISO 8601 duration in days, such as P10D`);
  return days;
}

/** Reads the environment once; an invalid value stops the process with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const temporal = temporalFromEnvironment(env);
  const temporalAddress = e.TEMPORAL_ADDRESS ?? temporal.address;
  if (!temporalAddress && Object.keys(temporal.security).length > 0) {
    throw new Error(
      'Invalid configuration: TEMPORAL_TLS_* or TEMPORAL_API_KEY is set but TEMPORAL_ADDRESS is not (the dev server takes neither)',
    );
  }
  if (e.FAIR_SHARE_AMBER_AT > e.FAIR_SHARE_GREEN_AT) {
    throw new Error('Invalid configuration: FAIR_SHARE_AMBER_AT must not be above FAIR_SHARE_GREEN_AT');
  }
  const processSettings = ProcessSettingsSchema.parse({
    confirmationReminderDaysBefore: e.CONFIRMATION_REMINDER_DAYS,
    reviewReminderAfterDays: durationInDays(e.REVIEW_REMINDER_AFTER, 'REVIEW_REMINDER_AFTER'),
    reviewEscalationAfterDays: durationInDays(e.REVIEW_ESCALATION_AFTER, 'REVIEW_ESCALATION_AFTER'),
    amendmentReminderAfterDays: durationInDays(e.AMENDMENT_REMINDER_AFTER, 'AMENDMENT_REMINDER_AFTER'),
    fundingDecisionReminderAfterDays: durationInDays(e.FUNDING_DECISION_REMINDER_AFTER, 'FUNDING_DECISION_REMINDER_AFTER'),
    waitlistOffersCloseDaysBeforeStart: durationInDays(e.WAITLIST_OFFERS_CLOSE_BEFORE_START, 'WAITLIST_OFFERS_CLOSE_BEFORE_START'),
    minDaysToConfirmAfterFunding: durationInDays(e.CONFIRMATION_MIN_AFTER_FUNDING, 'CONFIRMATION_MIN_AFTER_FUNDING', { allowZero: true }),
    evidenceResubmissionDays: durationInDays(e.EVIDENCE_RESUBMISSION_PERIOD, 'EVIDENCE_RESUBMISSION_PERIOD'),
  });
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    temporalAddress,
    temporalNamespace: e.TEMPORAL_NAMESPACE ?? temporal.namespace ?? 'default',
    temporalSecurity: temporal.security,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    adminToken: e.ADMIN_TOKEN ?? `tf_admin_${randomBytes(24).toString('base64url')}`,
    adminTokenGenerated: e.ADMIN_TOKEN === undefined,
    logLevel: e.LOG_LEVEL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    rateLimitPerAddressPerMinute: e.RATE_LIMIT_PER_ADDRESS,
    digestCron: e.DIGEST_CRON,
    processSettings,
    sessionSettings: {
      idleTimeoutMs: durationInMs(e.SESSION_IDLE_TIMEOUT, 'SESSION_IDLE_TIMEOUT', DEFAULT_SESSION_SETTINGS.idleTimeoutMs),
      lifetimeMs: durationInMs(e.SESSION_LIFETIME, 'SESSION_LIFETIME', DEFAULT_SESSION_SETTINGS.lifetimeMs),
    },
    emailSignIn: e.EMAIL_SIGN_IN === 'on',
    oidcProviders: oidcProvidersFrom(env),
    supportContact: e.SUPPORT_CONTACT ?? 'the person who manages Trainflow for your region',
    payloadEncryptionKeys: e.PAYLOAD_ENCRYPTION_KEYS === undefined ? undefined : parseEncryptionKeys(e.PAYLOAD_ENCRYPTION_KEYS),
    codecCorsOrigin: e.CODEC_CORS_ORIGIN,
    sdkMetricsAddress: e.TEMPORAL_SDK_METRICS_ADDRESS,
    tracing: { enabled: tracingEnabled(env), serviceName: e.OTEL_SERVICE_NAME },
    fairShareThresholds: { greenAt: e.FAIR_SHARE_GREEN_AT, amberAt: e.FAIR_SHARE_AMBER_AT },
    documentLimits: { maxBytes: e.DOCUMENT_MAX_BYTES, maxPerItem: e.DOCUMENT_MAX_PER_ITEM },
    documentRetention: { afterClose: e.DOCUMENT_RETENTION_AFTER_CLOSE, afterAccreditation: e.DOCUMENT_RETENTION_ACCREDITED },
    documentStorage: documentStorageFrom(e, env),
    virusScan: e.CLAMD_ADDRESS
      ? {
          host: e.CLAMD_ADDRESS.slice(0, e.CLAMD_ADDRESS.lastIndexOf(':')),
          port: Number(e.CLAMD_ADDRESS.slice(e.CLAMD_ADDRESS.lastIndexOf(':') + 1)),
          timeoutMs: durationInMs(e.CLAMD_TIMEOUT, 'CLAMD_TIMEOUT', 20_000),
        }
      : undefined,
  };
}

/** DOCUMENT_STORE=s3 needs a bucket; the region falls back to the SDK's own AWS_REGION, then us-east-1. */
function documentStorageFrom(e: z.infer<typeof EnvSchema>, env: NodeJS.ProcessEnv): DocumentStorage {
  if (e.DOCUMENT_STORE === 'database') return { kind: 'database' };
  if (!e.S3_BUCKET) throw new Error('Invalid configuration: S3_BUCKET is required with DOCUMENT_STORE=s3');
  return {
    kind: 's3',
    bucket: e.S3_BUCKET,
    prefix: e.S3_PREFIX,
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION ?? env.AWS_REGION ?? 'us-east-1',
    // Most S3-compatible servers want the bucket in the path; AWS S3 itself, in the host name.
    forcePathStyle: e.S3_FORCE_PATH_STYLE === undefined ? e.S3_ENDPOINT !== undefined : e.S3_FORCE_PATH_STYLE === 'true',
  };
}
