/**
 * Times full GET responses (request sent to last byte read), a new connection each (a keep-alive
 * connection can be closed by the server while the client reuses it: ECONNRESET).
 */
import { Agent, get } from 'node:http';
import { performance } from 'node:perf_hooks';

function getOnce(url: string, agent: Agent): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`GET ${url}: HTTP ${res.statusCode}`));
        else resolve({ ms: performance.now() - t0, bytes });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** `count` GETs after one warm-up GET: each one's milliseconds, and the body size. */
export async function timeGets(
  url: string,
  count: number,
): Promise<{ ms: number[]; bytes: number }> {
  const agent = new Agent({ keepAlive: false, maxSockets: 1 });
  try {
    let { bytes } = await getOnce(url, agent);
    const ms: number[] = [];
    for (let i = 0; i < count; i++) {
      const r = await getOnce(url, agent);
      ms.push(r.ms);
      bytes = r.bytes;
    }
    return { ms, bytes };
  } finally {
    agent.destroy();
  }
}
