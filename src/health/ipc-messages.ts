/**
 * Messages a child sends on its IPC channel (Node's `process.send()`, or JSON lines on fd 3
 * from any language, see docs/health.md). Opened only for programs that ask for it.
 */

import type { ProgramConfig } from '../options/program-options.js';

/** Does this program get an IPC channel (fd 3)? Only when it asks for one. */
export const wantsIpc = (config: Pick<ProgramConfig, 'readiness' | 'liveness'>): boolean =>
  config.readiness?.kind === 'message' || config.liveness?.heartbeat === true;

/** A ready message: the string itself (`'ready'`) or an object with it set to true. */
export function isReadyMessage(message: unknown, expected: string): boolean {
  if (message === expected) return true;
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as Record<string, unknown>)[expected] === true
  );
}

type MessageListener = (message: unknown) => void;

/** Fans one run's messages out to whoever waits for them. */
export class MessageHub {
  readonly #listeners = new Set<MessageListener>();

  /** Delivers a message to every listener. */
  deliver(message: unknown): void {
    for (const listener of [...this.#listeners]) listener(message);
  }

  /** Calls `listener` with every message until the returned function is called. */
  subscribe(listener: MessageListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves with the first message `accept` takes; rejects with the abort reason. */
  waitFor(accept: (message: unknown) => boolean, signal: AbortSignal): Promise<unknown> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        unsubscribe();
        reject(signal.reason);
      };
      const unsubscribe = this.subscribe((message) => {
        if (!accept(message)) return;
        unsubscribe();
        signal.removeEventListener('abort', onAbort);
        resolve(message);
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  get size(): number {
    return this.#listeners.size;
  }
}
