/** Parent side of one scale-curves point: fork the host, GET what it serves, collect its ops. */
import type { ChildProcess } from 'node:child_process';
import { timeGets } from './http-get.js';
import {
  type FromScaleHost,
  forkScaleHost,
  type ScaleJob,
  type ScaleOps,
  type ScaleUrls,
} from './scale-host.js';

export interface ServedTimes {
  /** Each GET's full response time, ms. */
  readonly ms: readonly number[];
  readonly bytes: number;
}

export interface PointResult {
  readonly ops: ScaleOps;
  readonly served: Partial<Record<keyof ScaleUrls, ServedTimes>>;
}

/** The host's messages, one at a time; rejects when it exits first or reports an error. */
function messages(child: ChildProcess) {
  const queue: FromScaleHost[] = [];
  let wake: (() => void) | undefined;
  let exited: string | undefined;
  child.on('message', (m: FromScaleHost) => {
    queue.push(m);
    wake?.();
  });
  child.once('exit', (code, signal) => {
    exited = `scale host exited (${code ?? signal})`;
    wake?.();
  });
  return async function next<T extends FromScaleHost['type']>(type: T, timeoutMs: number) {
    const deadline = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      while (queue.length === 0) {
        if (exited) throw new Error(exited);
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
      const m = queue.shift()!;
      if (m.type === 'error') throw new Error(`scale host: ${m.message}`);
      if (m.type !== type) throw new Error(`scale host: expected '${type}', got '${m.type}'`);
      return m as Extract<FromScaleHost, { type: T }>;
    } finally {
      clearTimeout(deadline);
    }
  };
}

export async function runPoint(job: ScaleJob, gets: number, timeoutMs = 600_000) {
  const child = forkScaleHost(job);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = messages(child);
  try {
    const { urls } = await next('serving', timeoutMs);
    const served: PointResult['served'] = {};
    for (const [what, url] of Object.entries(urls) as [keyof ScaleUrls, string][]) {
      served[what] = await timeGets(url, gets);
    }
    child.send({ type: 'go' });
    const { ops } = await next('result', timeoutMs);
    await exited;
    return { ops, served } satisfies PointResult;
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}
