/**
 * Finds or builds the Temporal servers this project runs on, using package registries only:
 * - the Temporal CLI dev server (real server, SQLite persistence, web UI), built from the Go
 *   module proxy, or taken from TEMPORAL_CLI_PATH / PATH, or downloaded by the SDK as a last resort;
 * - the Java time-skipping test server from Maven Central, behind a small wrapper script;
 * - the Temporal server itself (the production one, PostgreSQL persistence) and its schema tool,
 *   built from the Go module proxy, with the PostgreSQL schemas of the same release.
 * All are cached under TRAINFLOW_CACHE_DIR (default ~/.cache/trainflow) and reused.
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
  const stampFile = path.join(dir, 'wrapper-v3.pom.xml');
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
    const archive = path.join(dir, 'test-server.jsa');
    const cds = recordClassArchive(classpath, archive) ? `-XX:SharedArchiveFile='${archive}' -Xshare:auto ` : '';
    // Only the port is passed through: with the extra --enable-time-skipping flag the Java
    // server skips past workflow-task timeouts while the worker is still working (tried here).
    const script = `#!/bin/sh
# Generated by trainflow (temporal/servers.ts): Temporal's Java time-skipping test server.
exec java ${cds}-cp '${classpath}' io.temporal.testserver.TestServer "$@"
`;
    fs.writeFileSync(wrapper, script, { mode: 0o755 });
    fs.writeFileSync(stampFile, pomStamp);
    return wrapper;
  });
}

/**
 * The SDK gives the test server 5 s to answer; a cold JVM on a loaded 2-core machine can take
 * longer. A class-data archive of the classes the server loads as it starts (AppCDS, recorded once
 * here by starting it for a few seconds) about halves that (1.1-1.9 s against 3.4-3.6 s, measured
 * side by side here under load). -Xshare:auto in the wrapper: an archive the JVM cannot use is
 * ignored, never an error.
 */
function recordClassArchive(classpath: string, archive: string): boolean {
  fs.rmSync(archive, { force: true });
  const port = String(20000 + Math.floor(Math.random() * 20000));
  // Killed (SIGTERM) after a few seconds, the JVM writes the archive as it exits.
  spawnSync('java', [`-XX:ArchiveClassesAtExit=${archive}`, '-cp', classpath, 'io.temporal.testserver.TestServer', port], {
    stdio: 'ignore',
    timeout: 10_000,
    killSignal: 'SIGTERM',
  });
  return fs.existsSync(archive);
}

export function timeSkippingServerExecutable(log?: (message: string) => void): EphemeralServerExecutable {
  const wrapper = findTimeSkippingServer({ build: true, log });
  return wrapper ? { type: 'existing-path', path: wrapper } : { type: 'cached-download' };
}

export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';

/** A built Temporal server release: the server, its SQL schema tool and the PostgreSQL schemas. */
export interface TemporalServerInstall {
  server: string;
  sqlTool: string;
  /** `schema/postgresql/v12` of the release: temporal/versioned and visibility/versioned. */
  postgresSchemaDir: string;
  /** Root for `--root`: its config/docker.yaml is the template the temporalio/server image runs. */
  root: string;
}

function serverInstallAt(dir: string): TemporalServerInstall {
  return {
    server: path.join(dir, 'temporal-server'),
    sqlTool: path.join(dir, 'temporal-sql-tool'),
    postgresSchemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
    root: dir,
  };
}

/**
 * The Temporal server, schema tool and schemas: TEMPORAL_SERVER_DIR when set (a directory laid
 * out as the cache is), else the cache, built there with Go when allowed and possible.
 * `go install` builds in about 4 minutes on 2 cores; the schemas come from the module cache.
 */
export function findTemporalServer(options: { build: boolean; log?: (message: string) => void }): TemporalServerInstall | undefined {
  if (process.env.TEMPORAL_SERVER_DIR) return serverInstallAt(process.env.TEMPORAL_SERVER_DIR);
  const dir = path.join(cacheDir(), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const ready = path.join(dir, 'ready');
  if (fs.existsSync(ready)) return serverInstallAt(dir);
  if (!options.build || !onPath('go')) return undefined;
  return withLock('temporal-server', () => {
    if (fs.existsSync(ready)) return serverInstallAt(dir);
    options.log?.(
      `Building the Temporal server ${TEMPORAL_SERVER_VERSION} and temporal-sql-tool from the Go module proxy (about 4 minutes, once)...`,
    );
    const build = path.join(dir, 'bin');
    fs.mkdirSync(build, { recursive: true });
    const packages = ['cmd/server', 'cmd/tools/sql'].map((p) => `${TEMPORAL_SERVER_MODULE}/${p}@${TEMPORAL_SERVER_VERSION}`);
    const result = spawnSync('go', ['install', ...packages], {
      env: { ...process.env, GOBIN: build, GOTOOLCHAIN: 'local' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.status !== 0) throw new Error('go install of the Temporal server failed (see output above)');
    const install = serverInstallAt(dir);
    fs.renameSync(path.join(build, 'server'), install.server);
    fs.renameSync(path.join(build, 'sql'), install.sqlTool);
    fs.rmSync(build, { recursive: true, force: true });
    // The schemas and the image's config template ship in the module's source, which the module
    // cache holds read-only.
    const modCache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
    const moduleDir = path.join(modCache, `${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`);
    fs.cpSync(path.join(moduleDir, 'schema', 'postgresql'), path.join(dir, 'schema', 'postgresql'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'config'), { recursive: true });
    fs.copyFileSync(path.join(moduleDir, 'config', 'docker.yaml'), path.join(dir, 'config', 'docker.yaml'));
    makeWritable(path.join(dir, 'schema'));
    makeWritable(path.join(dir, 'config'));
    fs.writeFileSync(ready, `${TEMPORAL_SERVER_VERSION}\n`);
    return install;
  });
}

function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(full);
    else fs.chmodSync(full, 0o644);
  }
}
