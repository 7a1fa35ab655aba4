/** Runs a scenario's script against one side. */
import { signal, sleep } from './cleanup.js';
import type { Side } from './side.js';
import type { Action, Scenario, Transition } from './types.js';

export interface ScriptResult {
  /** Why the script could not finish (a wait timed out, a request failed), if it did not. */
  readonly error?: string;
  /** The transitions recorded when the script ended, before any teardown. */
  readonly transitions: readonly Transition[];
  readonly ms: number;
}

const POLL_MS = 25;

function describe(a: Action): string {
  switch (a.do) {
    case 'waitState':
      return `wait for ${a.name} to enter ${a.state}${a.nth && a.nth > 1 ? ` (#${a.nth})` : ''}`;
    case 'waitCount':
      return `wait for ${a.count} transitions of ${a.name}`;
    case 'sleep':
      return `sleep ${a.ms} ms`;
    case 'shutdown':
      return 'shutdown';
    default:
      return `${a.do} ${a.name}`;
  }
}

function satisfied(a: Action, all: readonly Transition[]): boolean {
  if (a.do === 'waitState') {
    const n = all.filter((t) => t.name === a.name && t.to === a.state).length;
    return n >= (a.nth ?? 1);
  }
  if (a.do === 'waitCount') return all.filter((t) => t.name === a.name).length >= a.count;
  return true;
}

export async function runScript(side: Side, scenario: Scenario): Promise<ScriptResult> {
  const began = Date.now();
  const deadline = began + scenario.timeoutMs;
  const done = (error?: string): ScriptResult => ({
    ...(error === undefined ? {} : { error }),
    transitions: side.transitions(),
    ms: Date.now() - began,
  });
  for (const action of scenario.actions) {
    try {
      switch (action.do) {
        case 'start':
          await side.start(action.name);
          break;
        case 'stop':
          await side.stop(action.name);
          break;
        case 'kill9': {
          const pid = await side.pid(action.name);
          if (pid <= 0) return done(`kill9 ${action.name}: no pid`);
          signal(pid, 'SIGKILL');
          break;
        }
        case 'shutdown':
          await side.shutdown();
          break;
        case 'sleep':
          await sleep(Math.min(action.ms, Math.max(0, deadline - Date.now())));
          break;
        case 'waitState':
        case 'waitCount':
          while (!satisfied(action, side.transitions())) {
            if (Date.now() > deadline) {
              return done(`timed out (${scenario.timeoutMs} ms) at: ${describe(action)}`);
            }
            await sleep(POLL_MS);
          }
          break;
      }
    } catch (error) {
      return done(`${describe(action)}: ${(error as Error).message}`);
    }
    if (Date.now() > deadline) {
      return done(`timed out (${scenario.timeoutMs} ms) after: ${describe(action)}`);
    }
  }
  return done();
}
