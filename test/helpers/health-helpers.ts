import { createServer } from 'node:net';
import type { HealthEvent, StateChange } from '../../src/index.js';

/** A port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves with the first event for which `accept` returns true. */
export function nextEvent<T>(
  on: (fn: (e: T) => void) => () => void,
  accept: (e: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const off = on((e) => {
      if (!accept(e)) return;
      off();
      resolve(e);
    });
  });
}

/** Records health events and transitions of everything a supervisor runs. */
export function recorder(sup: {
  on(e: 'health', fn: (h: HealthEvent) => void): () => void;
  on(e: 'state', fn: (c: StateChange) => void): () => void;
}) {
  const health: HealthEvent[] = [];
  const states: StateChange[] = [];
  sup.on('health', (h) => health.push(h));
  sup.on('state', (c) => states.push(c));
  return { health, states };
}
