/**
 * Finds or builds the Temporal servers this project runs on, using package registries only:
 * - the Temporal CLI dev server (real server, SQLite persistence, web UI), built from the Go
 *   module proxy, or taken from TEMPORAL_CLI_PATH / PATH, or downloaded by the SDK as a last resort;
 * - the Java time-skipping test server from Maven Central, behind a small wrapper script.
 * Both are cached under TRAINFLOW_CACHE_DIR (default ~/.cache/trainflow) and reused.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const projectRoot = path.resolve(__dirname, '..');
const testServerPom = path.join(projectRoot, 'tools', 'temporal-test-server', 'pom.xml');

export function cacheDir(): string {
  const base = process.env.TRAINFLOW_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'trainflow');
  fs.mkdirSync(base, { recursive: true });
  return base;
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

/** Serialises builds between processes (parallel test workers, a second `npm start`). */
function withLock<T>(name: string, work: () => T): T {
  const lock = path.join(cacheDir(), `${name}.lock`);
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 15 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Path of a usable `temporal` CLI, building it with Go when allowed and possible. */
export function findTemporalCli(options: { build: boolean; log?: (message: string) => void }): string | undefined {
  if (process.env.TEMPORAL_CLI_PATH) return process.env.TEMPORAL_CLI_PATH;
  const fromPath = onPath('temporal');
  if (fromPath) return fromPath;
  const binDir = path.join(cacheDir(), `temporal-cli-${TEMPORAL_CLI_VERSION}`);
  const binary = path.join(binDir, 'temporal');
  if (fs.existsSync(binary)) return binary;
  if (!options.build || !onPath('go')) return undefined;
  return withLock('temporal-cli', () => {
    if (fs.existsSync(binary)) return binary;
    options.log?.(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} from the Go module proxy (a few minutes, once)...`);
    const result = spawnSync('go', ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: binDir, GOTOOLCHAIN: 'local' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.status !== 0 || !fs.existsSync(binary)) throw new Error('go install of the Temporal CLI failed (see output above)');
    return binary;
  });
}

export function devServerExecutable(log?: (message: string) => void): EphemeralServerExecutable {
  const cli = findTemporalCli({ build: true, log });
  // No local CLI and no Go: let the SDK download the dev server (needs the vendor's host).
  return cli ? { type: 'existing-path', path: cli } : { type: 'cached-download' };
}

/** Path of the time-skipping test server wrapper, fetching the jars with Maven when needed. */
export function findTimeSkippingServer(options: { build: boolean; log?: (message: string) => void }): string | undefined {
  if (process.env.TEMPORAL_TEST_SERVER_PATH) return process.env.TEMPORAL_TEST_SERVER_PATH;
  const dir = path.join(cacheDir(), 'temporal-test-server');
  const wrapper = path.join(dir, 'temporal-test-server');
  const pomStamp = fs.readFileSync(testServerPom, 'utf8');
  const stampFile = path.join(dir, 'wrapper-v2.pom.xml');
  const fresh = () => fs.existsSync(wrapper) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === pomStamp;
  if (fresh()) return wrapper;
  if (!options.build || !onPath('mvn') || !onPath('java')) return undefined;
  return withLock('temporal-test-server', () => {
    if (fresh()) return wrapper;
    options.log?.('Fetching the Temporal time-skipping test server from Maven Central (once)...');
    fs.mkdirSync(dir, { recursive: true });
    const classpathFile = path.join(dir, 'classpath.txt');
    execFileSync('mvn', ['-q', '-B', '-f', testServerPom, 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const classpath = fs.readFileSync(classpathFile, 'utf8').trim();
    // Only the port is passed through: with the extra --enable-time-skipping flag the Java
    // server skips past workflow-task timeouts while the worker is still working (tried here).
    const script = `#!/bin/sh
# Generated by trainflow (temporal/servers.ts): Temporal's Java time-skipping test server.
exec java -cp '${classpath}' io.temporal.testserver.TestServer "$@"
`;
    fs.writeFileSync(wrapper, script, { mode: 0o755 });
    fs.writeFileSync(stampFile, pomStamp);
    return wrapper;
  });
}

export function timeSkippingServerExecutable(log?: (message: string) => void): EphemeralServerExecutable {
  const wrapper = findTimeSkippingServer({ build: true, log });
  return wrapper ? { type: 'existing-path', path: wrapper } : { type: 'cached-download' };
}
