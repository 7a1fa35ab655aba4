import { type ChildProcess, spawn } from 'node:child_process';
import { fixture } from './processes.js';

/** Starts a host fixture under tsx; resolves with it and the first stdout line matching `ready`. */
export async function startHost(
  name: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  wrap: readonly string[] = [],
): Promise<{ child: ChildProcess; line: string; output: () => string }> {
  const argv = [...wrap, process.execPath, '--import', 'tsx', fixture(name), ...args];
  const child = spawn(argv[0] as string, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const deadline = Date.now() + 20_000;
  while (!/^ready.*$/m.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`host did not get ready: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const line = /^ready.*$/m.exec(out)?.[0] ?? '';
  return { child, line, output: () => out };
}
