/**
 * Just enough XML-RPC over supervisord's unix socket to drive a scenario: start, stop,
 * read a pid, check that the daemon is up.
 */
import { request } from 'node:http';

export type RpcValue = string | number | boolean;

export class RpcFault extends Error {
  constructor(
    readonly code: number,
    readonly faultString: string,
  ) {
    super(`XML-RPC fault ${code}: ${faultString}`);
  }
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function encode(value: RpcValue): string {
  if (typeof value === 'boolean') return `<boolean>${value ? 1 : 0}</boolean>`;
  if (typeof value === 'number') return `<int>${value}</int>`;
  return `<string>${escapeXml(value)}</string>`;
}

/** Calls a method; resolves with the raw XML of the response (callers pick what they need). */
export function call(
  socketPath: string,
  method: string,
  params: readonly RpcValue[],
  timeoutMs = 5000,
): Promise<string> {
  const body =
    `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>` +
    params.map((p) => `<param><value>${encode(p)}</value></param>`).join('') +
    '</params></methodCall>';
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        path: '/RPC2',
        method: 'POST',
        headers: { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const xml = Buffer.concat(chunks).toString('utf8');
          if (xml.includes('<fault>')) {
            const code = /<name>faultCode<\/name>\s*<value>\s*<int>(-?\d+)<\/int>/.exec(xml);
            const text = /<name>faultString<\/name>\s*<value>\s*<string>([^<]*)<\/string>/.exec(
              xml,
            );
            reject(new RpcFault(Number(code?.[1] ?? 0), text?.[1] ?? xml));
          } else if (res.statusCode !== 200) {
            reject(new Error(`XML-RPC ${method}: HTTP ${res.statusCode}`));
          } else {
            resolve(xml);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`XML-RPC ${method}: timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The integer member `name` of a struct in a response. */
export function intMember(xml: string, name: string): number | undefined {
  const m = new RegExp(`<name>${name}</name>\\s*<value>\\s*<int>(-?\\d+)</int>`).exec(xml);
  return m ? Number(m[1]) : undefined;
}
