/**
 * The node arguments a forked host needs to load its own script: none when the bench runs as
 * the JavaScript that build.mjs compiled (bench/.build, what `npm run bench` runs), tsx's
 * loader when it runs from the TypeScript sources (`tsx run.ts`).
 */
export const hostLoaderArgs = (): string[] =>
  import.meta.url.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Calls `check` every intervalMs until it returns a value other than undefined. */
export async function pollUntil<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  { intervalMs = 5, timeoutMs = 15_000 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Wraps a Node-style callback API call into a promise. */
export function cb<T = unknown>(fn: (done: (err: unknown, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    fn((err, value) => (err ? reject(err) : resolve(value as T))),
  );
}

export const fmtMs = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
