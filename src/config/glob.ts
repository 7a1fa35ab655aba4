import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/**
 * Python's glob.glob for an absolute pattern: `*`, `?` and `[...]` within one path
 * segment; names starting with '.' match only a pattern starting with '.'. Unsorted.
 */
export function glob(pattern: string): string[] {
  const segments = pattern.split(sep).filter((s, i) => s !== '' || i === 0);
  let paths = [segments[0] === '' ? sep : (segments[0] as string)];
  for (const segment of segments.slice(1)) {
    if (!/[*?[]/.test(segment)) {
      paths = paths.map((p) => join(p, segment)).filter(exists);
      continue;
    }
    const re = segmentRegExp(segment);
    paths = paths.flatMap((dir) =>
      list(dir)
        .filter((name) => re.test(name) && (!name.startsWith('.') || segment.startsWith('.')))
        .map((name) => join(dir, name)),
    );
  }
  return paths;
}

function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) re += '\\[';
      else {
        const body = segment
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
