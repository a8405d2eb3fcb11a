import fs from 'node:fs';
import type { DevServer } from '../../temporal/dev-server';

export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as Record<string, unknown>;
  await (globals.__trainflowDevServer as DevServer | undefined)?.stop();
  const bundlePath = globals.__trainflowBundlePath as string | undefined;
  if (bundlePath) fs.rmSync(bundlePath, { force: true });
}
