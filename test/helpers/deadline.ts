/**
 * Waits until `check()` is true, re-checking every 20 ms; throws naming `what` after
 * `timeoutMs`, so a waiting loop in a test fails instead of hanging the suite.
 */
export async function eventually(
  check: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
