/** Runs one peer inside a scenario: create, use, close, then check nothing of it is left. */
import { createDriver, type Driver, type DriverOptions, type PeerName } from './peers/driver.js';
import type { Context } from './types.js';

export type PeerOutcome<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Creates the driver, runs fn, always closes the driver, then asserts that no process of the
 * scenario is alive (a leak throws: it is a harness failure, never a peer's result). An error
 * of the peer itself (it failed to start, timed out...) is returned, so the other peers still run.
 */
export async function withDriver<T>(
  ctx: Context,
  peer: PeerName,
  fn: (driver: Driver) => Promise<T>,
  options: Partial<DriverOptions> = {},
): Promise<PeerOutcome<T>> {
  let outcome: PeerOutcome<T>;
  let driver: Driver | undefined;
  try {
    driver = await createDriver(peer, { tmpDir: ctx.tmpDir, ...options });
    outcome = { ok: true, value: await fn(driver) };
  } catch (e) {
    const message = (e as Error).message.split('\n')[0]!;
    ctx.log(`${peer} failed: ${(e as Error).stack ?? message}`);
    outcome = { ok: false, error: message };
  }
  try {
    await driver?.close();
  } catch (e) {
    ctx.log(`${peer} close failed: ${(e as Error).message}`);
  }
  await ctx.assertNoLeaks(`${ctx.name} / ${peer}`);
  return outcome;
}
