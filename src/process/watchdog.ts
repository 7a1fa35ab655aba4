import { type ChildProcess, spawn } from 'node:child_process';
import { hostToken } from './host-token.js';

/**
 * Group lines wait this long to go out together. Each write wakes the shell, which on a busy host
 * costs the host's loop far more than the write (under a crash storm of 50 restarts/s, one
 * write per restart was the largest cost after the spawn itself). A child spawned in the
 * last moments before the host died unseen is still found by its OVERSEER_HOST token; a
 * group forgotten late cannot have been reused that soon.
 */
export const WRITE_DELAY_MS = 100;

/**
 * Kills the children when the host dies in a way no handler can see (SIGKILL, OOM killer, a
 * crash of Node itself). A tiny /bin/sh process, in its own session and deaf to signals, reads
 * lines from a pipe the host holds: "+g PGID" / "-g PGID" for programs' process groups,
 * "+p PID START" / "-p PID" for descendants seen outside them (a setsid'd grandchild, an
 * orphan), and "x" (exit: nothing is left to guard). When the pipe closes (the host is gone,
 * however it ended), it SIGKILLs every group still registered, every registered pid whose
 * start time still matches (no reused pid is hit), and every process whose environment
 * carries this host's OVERSEER_HOST token (found with one grep over /proc; descendants nobody
 * saw are caught too), then exits. It costs one shell process per Supervisor, started with
 * the first child, and at most one pipe write per WRITE_DELAY_MS (the lines of a start, a
 * stop or a crash storm go together). Each id is a shell variable of its own (g<pgid>,
 * p<pid>=<start>): adding or forgetting one costs the same however many are registered (a
 * list in one string cost O(N) per exit, O(N^2) per stop).
 */
const SCRIPT = `trap '' INT TERM HUP QUIT
token=$1
quit=''
while IFS= read -r line; do
  [ "$line" = x ] && exit 0
  [ "$line" = q ] && { quit=1; break; }
  id="\${line#?? }"; id="\${id%%:*}"
  case "$id" in ''|*[!0-9]*) continue ;; esac
  case "$line" in
    '+g '*) eval "g$id=1" ;;
    '-g '*) unset "g$id" ;;
    '+p '*) eval "p$id=\\\${line#*:}" ;;
    '-p '*) unset "p$id" ;;
  esac
done
set | while IFS= read -r entry; do
  name="\${entry%%=*}"; want="\${entry#*=}"; want="\${want#\\'}"; want="\${want%\\'}"
  case "$name" in
    g[0-9]*) kill -KILL "-\${name#g}" 2>/dev/null ;;
    p[0-9]*)
      p="\${name#p}"
      s=$(cat "/proc/$p/stat" 2>/dev/null) || continue
      s="\${s##*) }"; set -- $s
      [ "$want" = 0 ] || [ "\${20}" = "$want" ] && kill -KILL "$p" 2>/dev/null ;;
  esac
done
[ -n "$quit" ] && exit 0
for f in $(grep -lzxF "OVERSEER_HOST=$token" /proc/[0-9]*/environ 2>/dev/null); do
  p="\${f#/proc/}"; kill -KILL "\${p%/environ}" 2>/dev/null
done
exit 0`;

export class HostDeathWatchdog {
  #child: ChildProcess | undefined;
  #failed = false;
  /** hold(): no timed writes until close(). */
  #held = false;
  /** Lines not written yet: they go out together (see WRITE_DELAY_MS). */
  #pending = '';
  /** The write of the pending lines, due WRITE_DELAY_MS after the first of them. */
  #timer: NodeJS.Timeout | undefined;
  readonly #groups = new Set<number>();
  readonly #pids = new Set<number>();

  /** Registers a process group to kill if the host dies. */
  watch(pgid: number): void {
    if (this.#groups.has(pgid)) return;
    this.#groups.add(pgid);
    this.#send(`+g ${pgid}\n`);
  }

  /** The group is gone (or stopped): forget it. */
  forget(pgid: number): void {
    if (this.#groups.delete(pgid) && this.#child) this.#send(`-g ${pgid}\n`);
  }

  /** Registers one descendant (start: its start time in clock ticks, 0 when unknown). */
  watchPid(pid: number, start: number): void {
    if (this.#pids.has(pid)) return;
    this.#pids.add(pid);
    // A descendant seen outside the groups is rare, and it may carry no token: at once.
    this.#send(`+p ${pid}:${start}\n`, true);
  }

  forgetPid(pid: number): void {
    if (this.#pids.delete(pid) && this.#child) this.#send(`-p ${pid}\n`);
  }

  /**
   * Lines wait for close() (or the next line that must go at once) instead of going out
   * every WRITE_DELAY_MS: a stop of every program writes its thousands of "-g" lines once, at
   * the end, so the shell does not read them byte by byte while the programs are exiting
   * and the host is busy with their exits. A group forgotten that late (the length of the
   * stop) cannot have been reused that soon either.
   */
  hold(): void {
    this.#held = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Ends the watchdog: it kills what is still registered, but not by the host token (other
   * Supervisors of this host may still run programs). Normally nothing is: after a stop every
   * group was forgotten, and the shell is told to exit at once ("x") instead of reading the
   * stop's "-g" lines one byte at a time (sh's read: some 1,000 reads for 100 programs) and
   * then walking its variables to kill nothing. (Less work for the machine; the host's own
   * stop was not measurably shorter for it.)
   */
  close(): void {
    this.#held = false;
    const nothingLeft = this.#groups.size === 0 && this.#pids.size === 0;
    if (nothingLeft) this.#pending = '';
    this.#flush();
    const stdin = this.#child?.stdin;
    if (stdin && !stdin.destroyed) stdin.end(nothingLeft ? 'x\n' : 'q\n');
    this.#child = undefined;
    this.#groups.clear();
    this.#pids.clear();
  }

  /** Queues a line; `now`: written after this callback with all before it, not later. */
  #send(line: string, now = false): void {
    // Started at the first line (a later forget() needs to know it runs).
    if (!this.#start()) return;
    this.#pending += line;
    if (now) queueMicrotask(this.#flushNow);
    else if (!this.#timer && !this.#held) {
      this.#timer = setTimeout(this.#flushNow, WRITE_DELAY_MS);
      this.#timer.unref();
    }
  }

  readonly #flushNow = () => this.#flush();

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const lines = this.#pending;
    if (lines === '') return;
    this.#pending = '';
    const stdin = this.#child?.stdin;
    if (stdin && !stdin.destroyed) stdin.write(lines);
  }

  #start(): ChildProcess | undefined {
    if (this.#child || this.#failed) return this.#child;
    try {
      const child = spawn('/bin/sh', ['-c', SCRIPT, 'overseer-watchdog', hostToken()], {
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
