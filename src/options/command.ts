import { parse } from 'shell-quote';
import { fail, type OptionContext } from './validate.js';

/**
 * Turns the `command` option into an argv. A string is split like a POSIX shell would
 * (quotes, backslashes), as supervisord does with shlex, but no shell runs: `$VAR` and
 * `${VAR}` stay literal and operators (`|`, `&&`, `>`, `;`) are refused, pointing to `shell: true`.
 * With `shell: true` the string goes to `/bin/sh -c` as is.
 */
export function normalizeCommand(
  ctx: OptionContext,
  value: unknown,
  shell: boolean,
  option = 'command',
): readonly string[] {
  if (Array.isArray(value)) return checkArgv(ctx, value, shell, option);
  if (typeof value !== 'string' || value.trim() === '') {
    fail(
      ctx,
      option,
      value,
      'Use a command line like "node server.js --port 3000" or an argv array like ["node", "server.js"].',
    );
  }
  if (shell) return ['/bin/sh', '-c', value];
  return Object.freeze(splitCommand(ctx, value, option));
}

function checkArgv(
  ctx: OptionContext,
  argv: unknown[],
  shell: boolean,
  option: string,
): readonly string[] {
  if (argv.length === 0 || argv.some((a) => typeof a !== 'string') || argv[0] === '') {
    fail(
      ctx,
      option,
      argv,
      'Use a non-empty array of strings whose first item is the program, like ["node", "server.js"].',
    );
  }
  const strings = argv as string[];
  if (shell) return Object.freeze(['/bin/sh', '-c', strings.join(' ')]);
  return Object.freeze([...strings]);
}

/** Stands for "$" while shell-quote splits (NUL never reaches here: checkInputShape refuses it). */
const DOLLAR = '\0';

/**
 * Hides every "$" from shell-quote, which would expand `${HOME}` to `$HOME`: with no shell,
 * `$HOME` and `${HOME}` both reach the child as written. A backslash before "$" escapes it
 * outside single quotes, as in a shell.
 */
function hideDollars(line: string): string {
  let out = '';
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === '\\' && line[i + 1] === '$' && quote !== "'") {
      out += DOLLAR;
      i++;
      continue;
    }
    if (c === '\\' && quote !== "'") {
      out += c + (line[i + 1] ?? '');
      i++;
      continue;
    }
    if ((c === "'" || c === '"') && (quote === undefined || quote === c)) {
      quote = quote ? undefined : c;
    }
    out += c === '$' ? DOLLAR : c;
  }
  return out;
}

const showDollars = (text: string): string => text.replaceAll(DOLLAR, '$');

function splitCommand(ctx: OptionContext, line: string, option: string): string[] {
  const entries = parse(hideDollars(line));
  const argv: string[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') argv.push(showDollars(entry));
    else if ('op' in entry && entry.op === 'glob') argv.push(showDollars(entry.pattern));
    else if ('comment' in entry) break;
    else {
      fail(
        ctx,
        option,
        line,
        `It contains the shell operator "${entry.op}", and no shell is run by default. Set shell: true to run it through /bin/sh, or pass an argv array.`,
      );
    }
  }
  return argv;
}
