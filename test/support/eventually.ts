/** Polls until the check passes (for effects that follow asynchronously), or fails with its last error. */
export async function eventually<T>(check: () => Promise<T>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Polls until the check answers something (not undefined), and returns it. */
export function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  return eventually(
    async () => {
      const result = await check();
      if (result === undefined) throw new Error('not yet');
      return result;
    },
    what,
    timeoutMs,
  );
}
