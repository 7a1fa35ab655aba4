import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** test/fixtures, absolute. */
export const FIXTURES_DIR = resolve(here, '..', 'fixtures');

/** Quotes one word for a command line split like a POSIX shell (shlex, shell-quote). */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command line running a Node fixture of test/fixtures with the current node binary,
 * by absolute paths, so that both supervisors run exactly the same thing whatever PATH is.
 */
export function nodeFixture(file: string, ...args: Array<string | number>): string {
  return [process.execPath, resolve(FIXTURES_DIR, file), ...args.map(String)]
    .map(shellWord)
    .join(' ');
}

/** An absolute path under test/fixtures, quoted for a command line. */
export function fixturePath(file: string): string {
  return shellWord(resolve(FIXTURES_DIR, file));
}
