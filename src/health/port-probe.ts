import { connect } from 'node:net';
import type { ProbeAttempt } from './probe-attempt.js';

/** A TCP connection to host:port succeeds (then it is closed at once). */
export function portAttempt(port: number, host: string): ProbeAttempt {
  const where = `${host}:${port}`;
  return (signal) =>
    new Promise((resolve) => {
      const socket = connect({ port, host });
      const done = (ok: boolean, message: string) => {
        signal.removeEventListener('abort', onAbort);
        socket.destroy();
        resolve(ok ? { ok, message, found: { host, port } } : { ok, message });
      };
      const onAbort = () => done(false, `connecting to ${where}: aborted`);
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('connect', () => done(true, `connected to ${where}`));
      socket.once('error', (error: NodeJS.ErrnoException) =>
        done(false, `connecting to ${where} failed: ${error.code ?? error.message}`),
      );
    });
}
