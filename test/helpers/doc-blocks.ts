import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The file, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string's first word: ts, js, sh, yaml, ini, mermaid... ('' for none). */
  readonly lang: string;
  /** The rest of the info string (for example `check=none`). */
  readonly meta: string;
  /** The nearest heading above the block. */
  readonly heading: string;
  readonly code: string;
}

/** Every fenced block of a Markdown file (```lang meta ... ```), in order. */
export function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(new URL(file, `file://${repoRoot}`), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (/^#{1,6} /.test(text)) heading = text.replace(/^#+ /, '');
    const fence = /^(```+)\s*(\S*)\s*(.*)$/.exec(text);
    if (!fence) continue;
    const [, ticks = '```', lang = '', meta = ''] = fence;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] ?? '').startsWith(ticks); i++)
      body.push(lines[i] ?? '');
    blocks.push({ file, line: start + 1, lang, meta, heading, code: `${body.join('\n')}\n` });
  }
  return blocks;
}

/** A port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
