/**
 * A minimal XML-RPC client over a unix socket, enough to drive supervisord's API
 * (strings, ints, booleans, arrays, structs). Written for the bench; no dependency.
 */
import http from 'node:http';

export type RpcValue = string | number | boolean | RpcValue[] | { [key: string]: RpcValue };

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function encode(v: RpcValue): string {
  if (typeof v === 'string') return `<value><string>${escapeXml(v)}</string></value>`;
  if (typeof v === 'boolean') return `<value><boolean>${v ? 1 : 0}</boolean></value>`;
  if (typeof v === 'number') return `<value><int>${Math.trunc(v)}</int></value>`;
  if (Array.isArray(v))
    return `<value><array><data>${v.map(encode).join('')}</data></array></value>`;
  const members = Object.entries(v)
    .map(([k, x]) => `<member><name>${escapeXml(k)}</name>${encode(x)}</member>`)
    .join('');
  return `<value><struct>${members}</struct></value>`;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&amp;/g, '&');

/** Recursive-descent parser over the tags of a response body. */
class Parser {
  private pos = 0;
  private readonly tokens: string[];
  constructor(xml: string) {
    this.tokens = xml
      .replace(/<\?xml[^>]*\?>/, '')
      .split(/(<[^>]+>)/)
      .map((t) => (t.startsWith('<') ? t : t.trim() === '' ? '' : t))
      .filter((t) => t !== '');
  }
  private peek(): string | undefined {
    return this.tokens[this.pos];
  }
  private take(expected?: string): string {
    const t = this.tokens[this.pos++];
    if (t === undefined || (expected !== undefined && t !== expected))
      throw new Error(`XML-RPC: expected ${expected ?? 'a token'}, got ${t}`);
    return t;
  }
  private text(close: string): string {
    if (this.peek() === close) {
      this.pos++;
      return '';
    }
    const s = this.take();
    this.take(close);
    return unescapeXml(s);
  }
  value(): RpcValue {
    this.take('<value>');
    const t = this.take();
    let v: RpcValue;
    if (t === '</value>') return '';
    if (!t.startsWith('<')) {
      this.take('</value>');
      return unescapeXml(t);
    }
    switch (t) {
      case '<string>':
        v = this.text('</string>');
        break;
      case '<string/>':
        v = '';
        break;
      case '<int>':
      case '<i4>':
        v = Number(this.text(t.replace('<', '</')));
        break;
      case '<double>':
        v = Number(this.text('</double>'));
        break;
      case '<boolean>':
        v = this.text('</boolean>') === '1';
        break;
      case '<array>': {
        this.take('<data>');
        const items: RpcValue[] = [];
        while (this.peek() === '<value>') items.push(this.value());
        this.take('</data>');
        this.take('</array>');
        v = items;
        break;
      }
      case '<struct>': {
        const obj: { [key: string]: RpcValue } = {};
        while (this.peek() === '<member>') {
          this.take('<member>');
          this.take('<name>');
          const name = this.text('</name>');
          obj[name] = this.value();
          this.take('</member>');
        }
        this.take('</struct>');
        v = obj;
        break;
      }
      default:
        throw new Error(`XML-RPC: unsupported type ${t}`);
    }
    this.take('</value>');
    return v;
  }
  response(): RpcValue {
    this.take('<methodResponse>');
    const t = this.take();
    if (t === '<fault>') {
      const fault = this.value() as { faultCode: number; faultString: string };
      throw new RpcFault(fault.faultCode, fault.faultString);
    }
    this.take('<param>');
    return this.value();
  }
}

export class RpcFault extends Error {
  constructor(
    readonly code: number,
    readonly faultString: string,
  ) {
    super(`XML-RPC fault ${code}: ${faultString}`);
  }
}

export class XmlRpcClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  constructor(readonly socketPath: string) {}

  call(method: string, ...params: RpcValue[]): Promise<RpcValue> {
    const body =
      `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>` +
      params.map((p) => `<param>${encode(p)}</param>`).join('') +
      '</params></methodCall>';
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          socketPath: this.socketPath,
          path: '/RPC2',
          method: 'POST',
          agent: this.agent,
          headers: { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            data += c;
          });
          res.on('end', () => {
            try {
              resolve(new Parser(data).response());
            } catch (e) {
              reject(e);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
