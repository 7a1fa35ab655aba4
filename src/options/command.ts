import { parse } from 'shell-quote';
import { fail, type OptionContext } from './validate.js';

/**
 * Turns the `command` option into an argv. A string is split like a POSIX shell would
 * (quotes, backslashes), as supervisord does with shlex, but no shell runs: `$VAR` stays
 * literal and operators (`|`, `&&`, `>`, `;`) are refused, pointing to `shell: true`.
 * With `shell: true` the string goes to `/bin/sh -c` as is.
 */
export function normalizeCommand(
  ctx: OptionContext,
  value: unknown,
  shell: boolean,
): readonly string[] {
  if (Array.isArray(value)) return checkArgv(ctx, value, shell);
  if (typeof value !== 'string' || value.trim() === '') {
    fail(
      ctx,
      'command',
      value,
      'Use a command line like "node server.js --port 3000" or an argv array like ["node", "server.js"].',
    );
  }
  if (shell) return ['/bin/sh', '-c', value];
  return Object.freeze(splitCommand(ctx, value));
}

function checkArgv(ctx: OptionContext, argv: unknown[], shell: boolean): readonly string[] {
  if (argv.length === 0 || argv.some((a) => typeof a !== 'string') || argv[0] === '') {
    fail(
      ctx,
      'command',
      argv,
      'Use a non-empty array of strings whose first item is the program, like ["node", "server.js"].',
    );
  }
  const strings = argv as string[];
  if (shell) return Object.freeze(['/bin/sh', '-c', strings.join(' ')]);
  return Object.freeze([...strings]);
}

function splitCommand(ctx: OptionContext, line: string): string[] {
  const entries = parse(line, (key) => `$${key}`);
  const argv: string[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') argv.push(entry);
    else if ('op' in entry && entry.op === 'glob') argv.push(entry.pattern);
    else if ('comment' in entry) break;
    else {
      fail(
        ctx,
        'command',
        line,
        `It contains the shell operator "${entry.op}", and no shell is run by default. Set shell: true to run it through /bin/sh, or pass an argv array.`,
      );
    }
  }
  return argv;
}
