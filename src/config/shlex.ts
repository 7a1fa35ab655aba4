/**
 * The two ways supervisord splits text with Python's shlex module: `command=` with
 * shlex.split (POSIX rules), and `environment=` with a non-POSIX shlex lexer whose word
 * characters are letters, digits and `_/.+-():` (datatypes.dict_of_key_value_pairs).
 */

const SPACE = new Set([' ', '\t', '\r', '\n']);
const QUOTES = new Set(["'", '"']);
const WORD = /^[A-Za-z0-9_/.+\-():]$/;

/** Python's shlex.split(text): POSIX quoting and backslashes, no comments. Throws on bad quoting. */
export function shlexSplit(text: string): string[] {
  const words: string[] = [];
  let token: string | undefined;
  let i = 0;
  while (i < text.length) {
    const c = text[i++] as string;
    if (SPACE.has(c)) {
      if (token !== undefined) words.push(token);
      token = undefined;
    } else if (c === '\\') {
      if (i >= text.length) throw new Error('No escaped character');
      token = (token ?? '') + text[i++];
    } else if (QUOTES.has(c)) {
      const end = quoted(text, i, c);
      token = (token ?? '') + end.text;
      i = end.next;
    } else token = (token ?? '') + c;
  }
  if (token !== undefined) words.push(token);
  return words;
}

/** The inside of a POSIX quote starting at `i`: literal in '...', \" and \\ escaped in "...". */
function quoted(text: string, start: number, quote: string): { text: string; next: number } {
  let out = '';
  let i = start;
  while (i < text.length) {
    const c = text[i++] as string;
    if (c === quote) return { text: out, next: i };
    if (quote === '"' && c === '\\' && i < text.length) {
      const n = text[i] as string;
      if (n === '"' || n === '\\') {
        out += n;
        i++;
        continue;
      }
    }
    out += c;
  }
  throw new Error('No closing quotation');
}

/** Python's non-POSIX shlex tokens, as dict_of_key_value_pairs configures the lexer. */
export function shlexTokens(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (SPACE.has(c)) i++;
    else if (c === '#') i = skipLine(text, i);
    else if (QUOTES.has(c)) {
      const close = text.indexOf(c, i + 1);
      if (close === -1) throw new Error('No closing quotation');
      tokens.push(text.slice(i, close + 1));
      i = close + 1;
    } else if (WORD.test(c)) {
      let j = i + 1;
      // Inside a word, non-POSIX shlex takes quote characters as word characters.
      while (j < text.length && (WORD.test(text[j] as string) || QUOTES.has(text[j] as string)))
        j++;
      tokens.push(text.slice(i, j));
      i = j;
    } else {
      tokens.push(c);
      i++;
    }
  }
  return tokens;
}

function skipLine(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl === -1 ? text.length : nl + 1;
}

/**
 * supervisord's `KEY=val,KEY2="v w"` (dict_of_key_value_pairs): every fourth token is the
 * separator, quotes are stripped from values only. Throws Error with supervisord's message.
 */
export function parseKeyValuePairs(text: string): Record<string, string> {
  const tokens = shlexTokens(text);
  const out: Record<string, string> = {};
  for (let i = 0; i < tokens.length; i += 4) {
    const [key, eq, value] = tokens.slice(i, i + 3);
    if (key === undefined || value === undefined || eq !== '=') {
      throw new Error(`Unexpected end of key/value pairs in value '${text}'`);
    }
    out[key] = value.replace(/^['"]+|['"]+$/g, '');
  }
  return out;
}
