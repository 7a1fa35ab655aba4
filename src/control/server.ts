/**
 * serveControl(): a node:http server of its own for the control surface, on loopback port
 * 9001 by default like supervisord's [inet_http_server]. Anything but loopback needs
 * credentials (InsecureBindError otherwise); connections are capped.
 */
import { createServer, type Server } from 'node:http';
import { isIP } from 'node:net';
import { InsecureBindError, type Supervisor } from '../index.js';
import { optInteger, optString } from '../options/validate.js';
import { controlHandler } from './handler.js';
import type { ServeControlOptions } from './options.js';

export interface ControlServer {
  /** "http://127.0.0.1:9001": what supervisorctl's -s and SUPERVISOR_SERVER_URL take. */
  readonly url: string;
  /** The port listened on (the one picked when port was 0). */
  readonly port: number;
  /** Stops listening, ends open connections and streams, and detaches from the supervisor. */
  close(): Promise<void>;
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '::ffff:127.0.0.1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

const ctx = { program: undefined };

export async function serveControl(
  supervisor: Supervisor,
  options: ServeControlOptions = {},
): Promise<ControlServer> {
  const host = optString(ctx, 'host', options.host) ?? '127.0.0.1';
  const port = optInteger(ctx, 'port', options.port, 9001, 0, 65535);
  const maxConnections = optInteger(ctx, 'maxConnections', options.maxConnections, 64, 1);
  if (!isLoopback(host) && (options.username === undefined || options.password === undefined)) {
    throw new InsecureBindError(host);
  }
  const { host: _h, port: _p, maxConnections: _m, ...handlerOptions } = options;
  const handler = controlHandler(supervisor, handlerOptions);
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, (req, res) =>
    handler(req, res),
  );
  server.maxConnections = maxConnections;
  try {
    await listen(server, host, port);
  } catch (error) {
    handler.close();
    throw error;
  }
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const shown = isIP(host) === 6 ? `[${host}]` : host;
  return {
    url: `http://${shown}:${bound}`,
    port: bound,
    close: () => {
      handler.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
