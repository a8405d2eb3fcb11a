import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as Record<string, unknown>;
  await (globals.__trainflowTemporalStop as (() => Promise<void>) | undefined)?.();
  const bundlePath = globals.__trainflowBundlePath as string | undefined;
  if (bundlePath) fs.rmSync(bundlePath, { force: true });
}
