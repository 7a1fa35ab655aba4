/**
 * Runs supervisord's own Python code (Debian's supervisor package) on inputs, to compare
 * overseer's reader with the real thing. Undefined when python3 or the package is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's python3 (the one supervisord runs on), else whatever python3 is on PATH. */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const PROBE = spawnSync(PYTHON, ['-c', 'import supervisor.options'], { encoding: 'utf8' });

/** Why the Python side cannot run, or undefined when it can (for `skip`). */
export const pythonMissing: string | undefined =
  PROBE.status === 0 ? undefined : "python3 with Debian's supervisor package is not installed";

/**
 * Calls `fn(input)` in Python for every input (fn is Python source of a one-argument
 * function named f); returns per input either { ok: value } or { error: message }.
 */
export function python<I>(
  fn: string,
  inputs: readonly I[],
): Array<{ ok?: unknown; error?: string }> {
  const script = `
import json, sys
${fn}
out = []
for i in json.load(sys.stdin):
    try:
        out.append({"ok": f(i)})
    except Exception as e:
        out.append({"error": str(e)})
print(json.dumps(out))
`;
  const res = spawnSync(PYTHON, ['-c', script], {
    input: JSON.stringify(inputs),
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`python3 failed: ${res.stderr}`);
  return JSON.parse(res.stdout);
}
