import { readFileSync } from 'node:fs';

/** The variable every child gets, naming the host that supervises it (see the watchdog). */
export const HOST_TOKEN_VARIABLE = 'OVERSEER_HOST';

let token: string | undefined;

/**
 * `<pid>.<start ticks>` of this host: unique on the machine while the host lives, so the
 * watchdog can find, after the host died, every descendant that kept its environment, even
 * one no sampling pass or sweep ever saw (a setsid'd grandchild of a crashed program).
 */
export function hostToken(): string {
  if (token !== undefined) return token;
  let start = '0';
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '0';
  } catch {
    start = String(Date.now());
  }
  token = `${process.pid}.${start}`;
  return token;
}
