/**
 * A real ClamAV daemon for the tests: Debian's clamd (package clamav-daemon, which .ci/run
 * installs) on a loopback port, its database a single signature of our own, since ClamAV's
 * published signatures come from its own mirror, not a package registry. The signature matches
 * the EICAR test string, so `infectedPdf()` is a PDF clamd finds infected; clean files pass.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../system/ports';

const CLAMD = '/usr/sbin/clamd';
export const TEST_SIGNATURE = 'Trainflow.Test.EICAR';
// The EICAR anti-virus test string: harmless, recognised by scanners by agreement.
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/** A PDF (so the type check passes) carrying the test string: what the scan must refuse. */
export const infectedPdf = () =>
  Buffer.from(`%PDF-1.4\n% ${EICAR}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`);

export interface TestClamd {
  host: string;
  port: number;
  stop(): Promise<void>;
}

/** Whether something answers clamd's PING with PONG on the port. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.end('zPING\0'));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer.startsWith('PONG')));
    socket.on('error', () => resolve(false));
  });
}

/** A port nothing listens on yet: where a daemon will be (the tests of a scanner that is down). */
export const clamdPort = () => freePort();

export async function startTestClamd(port?: number): Promise<TestClamd> {
  if (!fs.existsSync(CLAMD)) throw new Error(`${CLAMD} is missing: install Debian's clamav-daemon (.ci/run does)`);
  const listenOn = port ?? (await freePort());
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'trainflow-clamd-'));
  const database = path.join(directory, 'db');
  fs.mkdirSync(database);
  const hex = Buffer.from(EICAR).toString('hex');
  fs.writeFileSync(path.join(database, 'trainflow-test.ndb'), `${TEST_SIGNATURE}:0:*:${hex}\n`);
  const config = path.join(directory, 'clamd.conf');
  fs.writeFileSync(
    config,
    [
      `DatabaseDirectory ${database}`,
      `TCPSocket ${listenOn}`,
      'TCPAddr 127.0.0.1',
      'Foreground yes',
      `PidFile ${path.join(directory, 'clamd.pid')}`,
      `TemporaryDirectory ${directory}`,
      'LogTime no',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(CLAMD, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Loading the one-signature database takes a second or two; wait on the daemon's own answer.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`clamd exited (${child.exitCode}): ${stderr}`);
    if (await pong(listenOn)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    host: '127.0.0.1',
    port: listenOn,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
