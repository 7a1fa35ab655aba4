/**
 * XML-RPC on the wire: parses a `<methodCall>` (with fast-xml-parser) into a method name and
 * JavaScript values, and writes `<methodResponse>` bodies the way Python's xmlrpc.client reads
 * them. Pure: no I/O.
 */
import { XMLParser } from 'fast-xml-parser';

/** A value XML-RPC can carry. Integers in the i4 range go out as <int>, other numbers as <double>. */
export type RpcValue = string | number | boolean | readonly RpcValue[] | RpcStruct;
export interface RpcStruct {
  readonly [key: string]: RpcValue;
}

export interface RpcCall {
  readonly method: string;
  readonly params: RpcValue[];
}

/** The body is not a well-formed XML-RPC call (HTTP 400, as supervisord answers). */
export class RpcParseError extends Error {
  constructor(why: string) {
    super(`Invalid XML-RPC request: ${why}`);
    this.name = 'RpcParseError';
  }
}

const LISTS = new Set(['param', 'value', 'member']);
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (tag: string) => LISTS.has(tag),
});

type Node = string | { readonly [tag: string]: unknown };

/** Parses a request body. Throws RpcParseError. */
export function parseCall(xml: string): RpcCall {
  // XML-RPC has no DTDs; refusing them up front rules out entity expansion attacks.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new RpcParseError('DTDs are not allowed');
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml, true) as Record<string, unknown>;
  } catch (error) {
    throw new RpcParseError((error as Error).message);
  }
  const call = doc.methodCall as Record<string, unknown> | undefined;
  if (!call || typeof call !== 'object') throw new RpcParseError('no <methodCall>');
  const method = typeof call.methodName === 'string' ? call.methodName.trim() : '';
  if (!method) throw new RpcParseError('no <methodName>');
  const params = (call.params as { param?: { value?: Node[] }[] } | undefined)?.param ?? [];
  return { method, params: params.map((p) => decodeValue(p.value?.[0] ?? '')) };
}

function decodeValue(node: Node): RpcValue {
  if (typeof node === 'string') return node; // <value>text</value> is a string
  const tag = Object.keys(node).find((key) => key !== '#text');
  if (tag === undefined) return typeof node['#text'] === 'string' ? node['#text'] : '';
  const body = node[tag];
  switch (tag) {
    case 'string':
    case 'dateTime.iso8601':
      return textOf(body);
    case 'int':
    case 'i4':
    case 'i8':
      return integer(textOf(body));
    case 'double':
      return number(textOf(body));
    case 'boolean':
      return boolean(textOf(body));
    case 'base64':
      return Buffer.from(textOf(body).replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'nil':
      return '';
    case 'array':
      return decodeArray(body);
    case 'struct':
      return decodeStruct(body);
    default:
      throw new RpcParseError(`unknown value type <${tag}>`);
  }
}

function textOf(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object' && typeof (body as Node & object)['#text'] === 'string') {
    return (body as { '#text': string })['#text'];
  }
  return '';
}

function integer(text: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new RpcParseError(`bad integer "${t}"`);
  return Number(t);
}

function number(text: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || Number.isNaN(value)) throw new RpcParseError(`bad double "${text}"`);
  return value;
}

function boolean(text: string): boolean {
  const t = text.trim();
  if (t !== '0' && t !== '1') throw new RpcParseError(`bad boolean "${t}"`);
  return t === '1';
}

function decodeArray(body: unknown): RpcValue[] {
  const data = (body as { data?: unknown } | undefined)?.data;
  const values = (data as { value?: Node[] } | undefined)?.value ?? [];
  return values.map(decodeValue);
}

function decodeStruct(body: unknown): RpcStruct {
  const members = (body as { member?: { name?: unknown; value?: Node[] }[] } | undefined)?.member;
  const out: Record<string, RpcValue> = {};
  for (const m of members ?? []) {
    const key = textOf(m.name);
    if (key === '__proto__') continue;
    out[key] = decodeValue(m.value?.[0] ?? '');
  }
  return out;
}

// ---- writing ----

const MAX_I4 = 2 ** 31 - 1;
const MIN_I4 = -(2 ** 31);

// Characters XML 1.0 cannot carry at all, not even as references (C0 controls but tab, LF,
// CR; lone surrogates; U+FFFE/U+FFFF). A log line with an ANSI colour code would otherwise
// make the client's parser reject the whole response.
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escapes text for an XML element body, replacing what XML cannot carry with U+FFFD. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export function encodeValue(value: RpcValue): string {
  if (typeof value === 'string') return `<value><string>${escapeXml(value)}</string></value>`;
  if (typeof value === 'boolean') return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= MIN_I4 && value <= MAX_I4) {
      return `<value><int>${value}</int></value>`;
    }
    return `<value><double>${Number.isFinite(value) ? value : 0}</double></value>`;
  }
  if (Array.isArray(value)) {
    return `<value><array><data>${value.map(encodeValue).join('')}</data></array></value>`;
  }
  const members = Object.entries(value as RpcStruct)
    .map(([k, v]) => `<member><name>${escapeXml(k)}</name>${encodeValue(v)}</member>`)
    .join('');
  return `<value><struct>${members}</struct></value>`;
}

const HEAD = "<?xml version='1.0'?>\n";

/** A successful `<methodResponse>` with one value. */
export function encodeResponse(value: RpcValue): string {
  return `${HEAD}<methodResponse><params><param>${encodeValue(value)}</param></params></methodResponse>\n`;
}

/** A `<methodResponse>` carrying a fault. */
export function encodeFault(code: number, faultString: string): string {
  const struct = encodeValue({ faultCode: code, faultString });
  return `${HEAD}<methodResponse><fault>${struct}</fault></methodResponse>\n`;
}
