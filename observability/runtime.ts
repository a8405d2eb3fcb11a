/**
 * The Temporal SDK runtime of this process, installed once before any worker: its logs (the
 * SDK's, the core's and every workflow's and activity's, each with its workflowId, runId and
 * activityId) go through Trainflow's pino logger, and its metrics are served by the runtime's
 * Prometheus exporter: on TEMPORAL_SDK_METRICS_ADDRESS for a scraper when set, else on a free
 * local port that the API's /metrics reads and appends (observability/metrics.ts).
 * The launcher owns Ctrl-C: without `shutdownSignals: []` the SDK stops its workers on signals.
 */
import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import { makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { Logger } from '../config/logger';
import { freePort } from '../system/ports';

let metricsAddress: string | undefined;
let installed: Promise<void> | undefined;

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The SDK's Logger interface on a pino logger. */
export function sdkLoggerOn(logger: Logger): SdkLogger {
  const sdk = logger.child({ component: 'temporal-sdk' });
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => sdk[PINO_LEVEL[level]](meta ?? {}, message);
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

export function installTemporalRuntime(logger: Logger, sdkMetricsAddress?: string): Promise<void> {
  installed ??= (async () => {
    metricsAddress = sdkMetricsAddress ?? `127.0.0.1:${await freePort()}`;
    const level = logger.levelVal >= 50 ? 'ERROR' : logger.levelVal >= 40 ? 'WARN' : 'INFO';
    Runtime.install({
      shutdownSignals: [],
      logger: sdkLoggerOn(logger),
      telemetryOptions: {
        logging: { forward: {}, filter: makeTelemetryFilterString({ core: level, other: level }) },
        metrics: { prometheus: { bindAddress: metricsAddress } },
      },
    });
  })();
  return installed;
}

/** The runtime's Prometheus exposition, or nothing when it does not answer (no runtime here). */
export async function sdkMetricsText(): Promise<string> {
  if (!metricsAddress) return '';
  const host = metricsAddress.replace(/^0\.0\.0\.0:/, '127.0.0.1:');
  try {
    const response = await fetch(`http://${host}/metrics`, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? await response.text() : '';
  } catch {
    return '';
  }
}
