/**
 * Trainflow against a Temporal server (the production one, on PostgreSQL) that speaks TLS only
 * and requires a client certificate from its CA (mTLS), configured the way a deployment is:
 * the TEMPORAL_TLS_* variables, for the API and the worker as separate processes. With the right
 * certificate a test email goes from the API through a workflow on the worker to the SMTP
 * server; with none, one from another CA, or without TLS, each half refuses to start and says why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient } from '../support/api-client';
import { createCertificateAuthority, type IssuedCertificate } from '../support/certificates';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTemporalServer, type TemporalServer } from '../support/temporal-server';
import { startTrainflowProcess, type TrainflowProcess } from '../support/trainflow-process';

const ADMIN_TOKEN = 'tls-test-admin-token-0123456789abcdef';

describe('Trainflow on a Temporal server that requires client certificates (mTLS)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainflow-tls-'));
  let caFile: string;
  let client: IssuedCertificate;
  let stranger: IssuedCertificate;
  let temporal: TemporalServer;
  let smtp: TestSmtpServer;
  let database: TestDatabase;
  const running: TrainflowProcess[] = [];

  beforeAll(async () => {
    const ca = await createCertificateAuthority(dir, 'trainflow-test-ca');
    caFile = ca.certFile;
    const server = await ca.issue('temporal-server');
    client = await ca.issue('trainflow-client');
    stranger = await (await createCertificateAuthority(dir, 'another-ca')).issue('stranger');
    temporal = await startTemporalServer({
      postgresUrl: process.env.DATABASE_URL!,
      tls: {
        certFile: server.certFile,
        keyFile: server.keyFile,
        caFile,
        requireClientAuth: true,
        client: {
          serverNameOverride: 'localhost',
          serverRootCACertificate: Buffer.from(ca.cert),
          clientCertPair: { crt: Buffer.from(client.cert), key: Buffer.from(client.key) },
        },
        clientCertFile: client.certFile,
        clientKeyFile: client.keyFile,
      },
    });
    smtp = await startTestSmtpServer();
    database = await createTestDatabase();
  }, 240_000);

  afterAll(async () => {
    for (const process of running) await process.stop();
    await database?.close();
    await smtp?.close();
    await temporal?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  const start = (role: 'api' | 'worker', env: Record<string, string>) =>
    startTrainflowProcess({
      role,
      databaseUrl: database.location.databaseUrl!,
      temporalAddress: temporal.address,
      taskQueue: 'tls-test',
      smtpUrl: smtp.url,
      adminToken: ADMIN_TOKEN,
      env,
    });

  const withCertificate = (certificate: IssuedCertificate) => ({
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: caFile,
    TEMPORAL_TLS_CLIENT_CERT_PATH: certificate.certFile,
    TEMPORAL_TLS_CLIENT_KEY_PATH: certificate.keyFile,
  });

  it('runs the API and the worker with a client certificate from the CA: a test email goes through a workflow', async () => {
    const worker = await start('worker', withCertificate(client));
    running.push(worker);
    const api = await start('api', withCertificate(client));
    running.push(api);

    const ready = await new ApiClient(api.url!, ADMIN_TOKEN).get('/readyz');
    expect({ status: ready.status, temporal: ready.body.temporal }).toEqual({ status: 200, temporal: true });
    const queued = await new ApiClient(api.url!, ADMIN_TOKEN).post('/api/admin/test-email', { to: 'ops@example.nhs.uk' });
    expect(queued.status).toBe(202);
    await eventually(
      async () => {
        expect(smtp.received.map((m) => m.to)).toContainEqual(['ops@example.nhs.uk']);
      },
      'the test email to arrive over SMTP',
      60_000,
    );
  }, 240_000);

  it.each([
    ['the CA but no client certificate', () => ({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: caFile }), 'TLS without a client certificate'],
    ['a client certificate from another CA', () => withCertificate(stranger), 'mTLS with a client certificate'],
    ['no TLS at all', () => ({}), 'plain TCP'],
  ])(
    'refuses to start either half with %s, naming the address and what it presented',
    async (_case, env, presented) => {
      for (const role of ['worker', 'api'] as const) {
        const failure = await start(role, env()).then(
          (process) => {
            running.push(process);
            return 'started';
          },
          (error: Error) => error.message,
        );
        expect(failure).toContain(`exited (1) during start-up`);
        expect(failure).toContain(`Cannot connect to Temporal at ${temporal.address} (${presented})`);
      }
    },
    300_000,
  );
});
