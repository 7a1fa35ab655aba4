import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Kills the children when the host dies in a way no handler can see (SIGKILL, OOM killer, a
 * crash of Node itself). A tiny /bin/sh process, in its own session and deaf to signals, reads
 * "+PGID" / "-PGID" lines from a pipe the host holds; when the pipe closes (the host is gone,
 * however it ended), it SIGKILLs every process group still registered, then exits. It costs
 * one shell process per Supervisor, started with the first child, and one pipe write per
 * spawn and exit.
 */
const SCRIPT = `trap '' INT TERM HUP QUIT
groups=' '
while IFS= read -r line; do
  case "$line" in
    +*) groups="$groups\${line#+} " ;;
    -*) g="\${line#-}"; groups="\${groups%% $g *} \${groups#* $g }" ;;
  esac
done
for g in $groups; do kill -KILL "-$g" 2>/dev/null; done
exit 0`;

export class HostDeathWatchdog {
  #child: ChildProcess | undefined;
  #failed = false;

  /** Registers a process group to kill if the host dies. */
  watch(pgid: number): void {
    this.#send(`+${pgid}\n`);
  }

  /** The group is gone (or stopped): forget it. */
  forget(pgid: number): void {
    if (this.#child) this.#send(`-${pgid}\n`);
  }

  /** Ends the watchdog (it kills whatever is still registered, normally nothing). */
  close(): void {
    this.#child?.stdin?.end();
    this.#child = undefined;
  }

  #send(line: string): void {
    const stdin = this.#start()?.stdin;
    if (stdin && !stdin.destroyed) stdin.write(line);
  }

  #start(): ChildProcess | undefined {
    if (this.#child || this.#failed) return this.#child;
    try {
      const child = spawn('/bin/sh', ['-c', SCRIPT], {
        detached: true,
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      child.on('error', () => {
        this.#failed = true;
        this.#child = undefined;
      });
      child.stdin?.on('error', () => {});
      // Neither the watchdog nor its pipe may keep the host alive.
      child.unref();
      (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
      this.#child = child;
    } catch {
      this.#failed = true;
    }
    return this.#child;
  }
}
