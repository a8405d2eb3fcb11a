/**
 * How the API (a client) and the worker reach Temporal: the address plus TLS (a CA, a client
 * certificate for mTLS) or an API key (Temporal Cloud), read from the environment by the SDK's
 * environment-config package, so the variable names are the ones Temporal documents for every
 * SDK and the `temporal` CLI: TEMPORAL_TLS, TEMPORAL_TLS_SERVER_CA_CERT_PATH,
 * TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH (or the *_DATA forms),
 * TEMPORAL_TLS_SERVER_NAME, TEMPORAL_API_KEY, and a TOML profile when TEMPORAL_CONFIG_FILE names one.
 */
import { Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection, type NativeConnectionOptions, type TLSConfig } from '@temporalio/worker';

export interface TemporalSecurity {
  tls?: NativeConnectionOptions['tls'];
  apiKey?: string;
  metadata?: Record<string, string>;
}

export interface TemporalEnvironment {
  address?: string;
  namespace?: string;
  security: TemporalSecurity;
}

/** Reads the Temporal connection variables (and the TOML profile TEMPORAL_CONFIG_FILE names, if any). */
export function temporalFromEnvironment(env: NodeJS.ProcessEnv): TemporalEnvironment {
  const vars = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  // A profile file only when named: a developer's ~/.config/temporalio/temporal.toml must not
  // redirect `npm start` or the tests.
  const loaded = loadClientConnectConfig({ overrideEnvVars: vars, disableFile: !vars.TEMPORAL_CONFIG_FILE });
  const { address, tls, apiKey, metadata } = loaded.connectionOptions;
  const security: TemporalSecurity = {};
  // The package reads files as Uint8Array; the client's gRPC library wants Buffers.
  if (tls !== undefined) security.tls = typeof tls === 'object' && tls !== null ? asBuffers(tls) : tls;
  if (apiKey) security.apiKey = apiKey as string;
  if (metadata && Object.keys(metadata).length > 0) security.metadata = metadata as Record<string, string>;
  return { address, namespace: loaded.namespace, security };
}

function asBuffers(tls: TLSConfig): TLSConfig {
  const buffer = (data: Uint8Array | undefined) => (data === undefined ? undefined : Buffer.from(data));
  return {
    ...tls,
    serverRootCACertificate: buffer(tls.serverRootCACertificate),
    clientCertPair: tls.clientCertPair ? { crt: Buffer.from(tls.clientCertPair.crt), key: Buffer.from(tls.clientCertPair.key) } : undefined,
  };
}

/** In one line, what the connection presents, for start-up messages (never a secret). */
export function describeSecurity(security: TemporalSecurity): string {
  const parts: string[] = [];
  if (!security.tls) parts.push('plain TCP');
  else if (security.tls === true) parts.push('TLS');
  else parts.push(security.tls.clientCertPair ? 'mTLS with a client certificate' : 'TLS without a client certificate');
  if (security.apiKey) parts.push('API key');
  return parts.join(', ');
}

function startupError(address: string, security: TemporalSecurity, error: unknown): Error {
  const cause = error instanceof Error ? error.message : String(error);
  return new Error(
    `Cannot connect to Temporal at ${address} (${describeSecurity(security)}): ${cause}\n` +
      'Check TEMPORAL_ADDRESS and the TLS settings (TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_CLIENT_CERT_PATH, ' +
      'TEMPORAL_TLS_CLIENT_KEY_PATH) or TEMPORAL_API_KEY.',
    { cause: error },
  );
}

/** The client connection (API, schedules); checks the server answers before returning. */
export async function connectClient(address: string, security: TemporalSecurity): Promise<Connection> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, ...security, connectTimeout: 10_000 });
    await connection.workflowService.getSystemInfo({});
    return connection;
  } catch (error) {
    await connection?.close().catch(() => undefined);
    throw startupError(address, security, error);
  }
}

/** The worker's connection (the SDK core's own, in Rust). */
export async function connectWorker(address: string, security: TemporalSecurity): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect({ address, ...security });
  } catch (error) {
    throw startupError(address, security, error);
  }
}
