import { errorText, type ProbeAttempt } from './probe-attempt.js';

/** An HTTP probe, normalized: GET `url`, pass on one of `status` (any 2xx/3xx without it). */
export interface HttpTarget {
  readonly kind: 'http';
  readonly url: string;
  readonly status: readonly number[] | undefined;
}

/** Bodies larger than this are not read (the connection is dropped instead). */
const MAX_BODY = 64 * 1024;
/** Characters of a failing response's body kept in the message. */
const SNIPPET = 120;

/** GET with Node's built-in fetch; redirects are not followed (a 3xx is an answer). */
export function httpAttempt(target: HttpTarget): ProbeAttempt {
  return async (signal) => {
    let response: Response;
    try {
      response = await fetch(target.url, { signal, redirect: 'manual' });
    } catch (error) {
      return { ok: false, message: `GET ${target.url} failed: ${errorText(error)}` };
    }
    const body = await readSmallBody(response);
    const { status } = response;
    if (expectedStatus(target, status)) {
      return {
        ok: true,
        message: `HTTP ${status} from ${target.url}`,
        found: { status, url: target.url, body },
      };
    }
    return { ok: false, message: statusMessage(target, status, body) };
  };
}

/** Any 2xx/3xx, or one of the target's `status` list. */
export function expectedStatus(target: HttpTarget, status: number): boolean {
  return target.status ? target.status.includes(status) : status >= 200 && status < 400;
}

/** "HTTP 503 from <url> (expected 200-399): <start of the body>". */
export function statusMessage(target: HttpTarget, status: number, body: string): string {
  const want = target.status ? target.status.join(', ') : '200-399';
  const snippet = body ? `: ${oneLine(body).slice(0, SNIPPET)}` : '';
  return `HTTP ${status} from ${target.url} (expected ${want})${snippet}`;
}

/** Reads the body when it is small, so the connection can be reused; '' otherwise. */
async function readSmallBody(response: Response): Promise<string> {
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  try {
    if (length > MAX_BODY) {
      await response.body?.cancel();
      return '';
    }
    const text = await response.text();
    return text.length > MAX_BODY ? '' : text;
  } catch {
    return '';
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
