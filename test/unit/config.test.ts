import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/config';

describe('configuration from the environment', () => {
  it('refuses an admin token under 32 characters or a known placeholder, and takes a long random one', () => {
    expect(() => loadConfig({ ADMIN_TOKEN: 'short-token-1234' })).toThrow(/ADMIN_TOKEN: must be at least 32 characters/);
    expect(() => loadConfig({ ADMIN_TOKEN: 'changeme-changeme-changeme-changeme' })).toThrow(/ADMIN_TOKEN: is a placeholder/);
    expect(() => loadConfig({ ADMIN_TOKEN: 'tf_admin_...............................' })).toThrow(/ADMIN_TOKEN: is a placeholder/);
    expect(loadConfig({ ADMIN_TOKEN: 'q8Jx1v0bQm3N7yZ2rT5kW9pL4sD6fH8gA1cE3uI5oY=' }).adminToken).toBe(
      'q8Jx1v0bQm3N7yZ2rT5kW9pL4sD6fH8gA1cE3uI5oY=',
    );
  });

  it('leaves the worker cache to the SDK unless WORKER_MAX_CACHED_WORKFLOWS is set', () => {
    expect(loadConfig({}).maxCachedWorkflows).toBeUndefined();
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '500' }).maxCachedWorkflows).toBe(500);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' }).maxCachedWorkflows).toBe(0);
  });

  it('takes on 5 workflow tasks at once unless WORKER_MAX_CONCURRENT_WORKFLOW_TASKS says otherwise', () => {
    expect(loadConfig({}).maxConcurrentWorkflowTasks).toBe(5);
    expect(loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '20' }).maxConcurrentWorkflowTasks).toBe(20);
    expect(() => loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS/);
  });

  it.each(['-1', 'many', '2.5'])('refuses WORKER_MAX_CACHED_WORKFLOWS=%s, naming the variable', (value) => {
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: value })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
  });

  it('reads reminder settings as days and refuses a duration that is not in days', () => {
    expect(loadConfig({ REVIEW_REMINDER_AFTER: 'P5D', CONFIRMATION_REMINDER_DAYS: '21,7' }).processSettings).toMatchObject({
      reviewReminderAfterDays: 5,
      confirmationReminderDaysBefore: [21, 7],
    });
    expect(() => loadConfig({ REVIEW_REMINDER_AFTER: 'PT5H' })).toThrow(/REVIEW_REMINDER_AFTER/);
  });

  it('reads the amendment and funding-decision reminders, defaulting to 14 and 10 days', () => {
    expect(loadConfig({}).processSettings).toMatchObject({ amendmentReminderAfterDays: 14, fundingDecisionReminderAfterDays: 10 });
    expect(loadConfig({ AMENDMENT_REMINDER_AFTER: 'P7D', FUNDING_DECISION_REMINDER_AFTER: 'P3D' }).processSettings).toMatchObject({
      amendmentReminderAfterDays: 7,
      fundingDecisionReminderAfterDays: 3,
    });
    expect(() => loadConfig({ FUNDING_DECISION_REMINDER_AFTER: 'P1M' })).toThrow(/FUNDING_DECISION_REMINDER_AFTER/);
    expect(loadConfig({}).processSettings.waitlistOffersCloseDaysBeforeStart).toBe(14);
    expect(loadConfig({ WAITLIST_OFFERS_CLOSE_BEFORE_START: 'P7D' }).processSettings.waitlistOffersCloseDaysBeforeStart).toBe(7);
    expect(loadConfig({}).processSettings.minDaysToConfirmAfterFunding).toBe(14);
    expect(loadConfig({ CONFIRMATION_MIN_AFTER_FUNDING: 'P0D' }).processSettings.minDaysToConfirmAfterFunding).toBe(0);
    expect(() => loadConfig({ CONFIRMATION_MIN_AFTER_FUNDING: 'P0D', WAITLIST_OFFERS_CLOSE_BEFORE_START: 'P0D' })).toThrow(
      /WAITLIST_OFFERS_CLOSE_BEFORE_START/,
    );
  });

  it('reads single-sign-on providers by name, with defaults for scopes and claims', () => {
    const config = loadConfig({
      OIDC_PROVIDERS: 'entra, cis2',
      OIDC_ENTRA_ISSUER: 'https://login.microsoftonline.com/tenant-id/v2.0',
      OIDC_ENTRA_CLIENT_ID: 'entra-client',
      OIDC_ENTRA_CLIENT_SECRET: 'entra-secret',
      OIDC_ENTRA_LABEL: 'NHSmail',
      OIDC_ENTRA_EMAIL_VERIFIED_CLAIM: 'none',
      OIDC_CIS2_ISSUER: 'https://am.nhsidentity.spineservices.nhs.uk/openam/oauth2/realms/root/realms/oidc',
      OIDC_CIS2_CLIENT_ID: 'cis2-client',
      OIDC_CIS2_CLIENT_SECRET: 'cis2-secret',
      OIDC_CIS2_TOKEN_AUTH_METHOD: 'client_secret_post',
      OIDC_CIS2_SCOPES: 'openid email profile nationalrbacaccess',
      OIDC_CIS2_AUTHORIZATION_PARAMS: 'acr_values=AAL2_OR_AAL3_ANY',
    });
    expect(config.oidcProviders).toEqual([
      expect.objectContaining({
        name: 'entra',
        label: 'NHSmail',
        scopes: 'openid email profile',
        emailClaim: 'email',
        emailVerifiedClaim: undefined,
      }),
      expect.objectContaining({
        name: 'cis2',
        label: 'cis2',
        tokenAuthMethod: 'client_secret_post',
        emailVerifiedClaim: 'email_verified',
        authorizationParams: { acr_values: 'AAL2_OR_AAL3_ANY' },
      }),
    ]);
    expect(loadConfig({}).oidcProviders).toEqual([]);
  });

  it.each([
    [{ OIDC_PROVIDERS: 'entra' }, /OIDC_ENTRA_ISSUER/],
    [{ OIDC_PROVIDERS: 'Entra!' }, /OIDC_PROVIDERS/],
    [
      { OIDC_PROVIDERS: 'x', OIDC_X_ISSUER: 'https://x', OIDC_X_CLIENT_ID: 'c', OIDC_X_CLIENT_SECRET: 's', OIDC_X_SCOPES: 'email' },
      /OIDC_X_SCOPES/,
    ],
    [
      {
        OIDC_PROVIDERS: 'x',
        OIDC_X_ISSUER: 'https://x',
        OIDC_X_CLIENT_ID: 'c',
        OIDC_X_CLIENT_SECRET: 's',
        OIDC_X_AUTHORIZATION_PARAMS: 'state=1',
      },
      /OIDC_X_AUTHORIZATION_PARAMS/,
    ],
  ])('refuses a provider set up wrongly, naming the variable (%p)', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads session timeouts as durations, 30 minutes idle and 12 hours at most by default', () => {
    expect(loadConfig({}).sessionSettings).toEqual({ idleTimeoutMs: 30 * 60_000, lifetimeMs: 12 * 3_600_000 });
    expect(loadConfig({ SESSION_IDLE_TIMEOUT: 'PT15M', SESSION_LIFETIME: 'PT8H' }).sessionSettings).toEqual({
      idleTimeoutMs: 15 * 60_000,
      lifetimeMs: 8 * 3_600_000,
    });
    expect(() => loadConfig({ SESSION_IDLE_TIMEOUT: '30' })).toThrow(/SESSION_IDLE_TIMEOUT/);
    expect(() => loadConfig({ SESSION_LIFETIME: 'P1M' })).toThrow(/SESSION_LIFETIME/);
    expect(loadConfig({ EMAIL_SIGN_IN: 'off' }).emailSignIn).toBe(false);
  });

  describe('Temporal connection security, under the variable names Temporal documents', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainflow-config-'));
    const file = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('is plain TCP with nothing set', () => {
      expect(loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233' }).temporalSecurity).toEqual({});
    });

    it('reads the CA, the client certificate and key for mTLS from their files', () => {
      const config = loadConfig({
        TEMPORAL_ADDRESS: 'temporal.internal:7233',
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: file('ca.pem', 'CA'),
        TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.pem', 'CERT'),
        TEMPORAL_TLS_CLIENT_KEY_PATH: file('client.key', 'KEY'),
        TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      });
      const tls = config.temporalSecurity.tls as {
        serverRootCACertificate: Buffer;
        clientCertPair: { crt: Buffer; key: Buffer };
        serverNameOverride: string;
      };
      expect(Buffer.isBuffer(tls.serverRootCACertificate)).toBe(true);
      expect({
        ca: tls.serverRootCACertificate.toString(),
        crt: tls.clientCertPair.crt.toString(),
        key: tls.clientCertPair.key.toString(),
        serverName: tls.serverNameOverride,
      }).toEqual({ ca: 'CA', crt: 'CERT', key: 'KEY', serverName: 'temporal.internal' });
    });

    it('turns TLS on for an API key (Temporal Cloud), with the namespace from TEMPORAL_NAMESPACE', () => {
      const config = loadConfig({
        TEMPORAL_ADDRESS: 'eu-west-2.aws.api.temporal.io:7233',
        TEMPORAL_NAMESPACE: 'trainflow.a1b2c',
        TEMPORAL_API_KEY: 'key-123',
      });
      expect({ security: config.temporalSecurity, namespace: config.temporalNamespace }).toEqual({
        security: { tls: true, apiKey: 'key-123' },
        namespace: 'trainflow.a1b2c',
      });
    });

    it('refuses TLS settings without TEMPORAL_ADDRESS (the dev server takes none)', () => {
      expect(() => loadConfig({ TEMPORAL_API_KEY: 'key-123' })).toThrow(/TEMPORAL_ADDRESS/);
    });
  });

  it('reads the fair-share RAG thresholds, 1.0 for green and 0.8 for amber by default', () => {
    expect(loadConfig({}).fairShareThresholds).toEqual({ greenAt: 1, amberAt: 0.8 });
    expect(loadConfig({ FAIR_SHARE_GREEN_AT: '0.95', FAIR_SHARE_AMBER_AT: '0.75' }).fairShareThresholds).toEqual({
      greenAt: 0.95,
      amberAt: 0.75,
    });
    expect(() => loadConfig({ FAIR_SHARE_GREEN_AT: 'high' })).toThrow(/FAIR_SHARE_GREEN_AT/);
    expect(() => loadConfig({ FAIR_SHARE_GREEN_AT: '0.7' })).toThrow(/FAIR_SHARE_AMBER_AT must not be above FAIR_SHARE_GREEN_AT/);
  });

  it('keeps documents two years after an application closed and six after an accreditation ended, unless told otherwise', () => {
    expect(loadConfig({}).documentRetention).toEqual({ afterClose: 'P2Y', afterAccreditation: 'P6Y' });
    expect(loadConfig({ DOCUMENT_RETENTION_AFTER_CLOSE: 'P18M', DOCUMENT_RETENTION_ACCREDITED: 'P7Y' }).documentRetention).toEqual({
      afterClose: 'P18M',
      afterAccreditation: 'P7Y',
    });
    expect(() => loadConfig({ DOCUMENT_RETENTION_AFTER_CLOSE: 'two years' })).toThrow(
      /DOCUMENT_RETENTION_AFTER_CLOSE: an ISO 8601 duration/,
    );
    expect(() => loadConfig({ DOCUMENT_RETENTION_ACCREDITED: 'P0Y' })).toThrow(/DOCUMENT_RETENTION_ACCREDITED/);
  });

  it('scans files with clamd only when CLAMD_ADDRESS names one, waiting 20 seconds for a verdict unless told otherwise', () => {
    expect(loadConfig({}).virusScan).toBeUndefined();
    expect(loadConfig({ CLAMD_ADDRESS: 'clamd.internal:3310' }).virusScan).toEqual({
      host: 'clamd.internal',
      port: 3310,
      timeoutMs: 20_000,
    });
    expect(loadConfig({ CLAMD_ADDRESS: '127.0.0.1:3310', CLAMD_TIMEOUT: 'PT1M' }).virusScan?.timeoutMs).toBe(60_000);
    expect(() => loadConfig({ CLAMD_ADDRESS: 'clamd.internal' })).toThrow(/CLAMD_ADDRESS/);
  });

  it('keeps documents in the database unless DOCUMENT_STORE=s3 names a bucket', () => {
    expect(loadConfig({}).documentStorage).toEqual({ kind: 'database' });
    expect(() => loadConfig({ DOCUMENT_STORE: 's3' })).toThrow(/S3_BUCKET is required with DOCUMENT_STORE=s3/);
    expect(() => loadConfig({ DOCUMENT_STORE: 'ftp' })).toThrow(/DOCUMENT_STORE/);
    // AWS S3 itself: the bucket in the host name, the SDK's region.
    expect(loadConfig({ DOCUMENT_STORE: 's3', S3_BUCKET: 'trainflow-docs', AWS_REGION: 'eu-west-2' }).documentStorage).toEqual({
      kind: 's3',
      bucket: 'trainflow-docs',
      prefix: 'documents/',
      endpoint: undefined,
      region: 'eu-west-2',
      forcePathStyle: false,
    });
    // An S3-compatible server: the bucket in the path unless told otherwise.
    const compatible = { DOCUMENT_STORE: 's3', S3_BUCKET: 'docs', S3_ENDPOINT: 'http://store.internal:9000' };
    expect(loadConfig(compatible).documentStorage).toMatchObject({
      endpoint: 'http://store.internal:9000',
      region: 'us-east-1',
      forcePathStyle: true,
    });
    expect(loadConfig({ ...compatible, S3_FORCE_PATH_STYLE: 'false', S3_REGION: 'uk-1' }).documentStorage).toMatchObject({
      region: 'uk-1',
      forcePathStyle: false,
    });
  });
});
