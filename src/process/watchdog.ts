import { type ChildProcess, spawn } from 'node:child_process';
import { hostToken } from './host-token.js';
import { endOfTurn } from './this-turn.js';

const PLUS = 0x2b;

/**
 * Kills the children when the host dies in a way no handler can see (SIGKILL, OOM killer, a
 * crash of Node itself). A tiny /bin/sh process, in its own session and deaf to signals, reads
 * lines from a pipe the host holds: "+g PGID" / "-g PGID" for programs' process groups, and
 * "+p PID START" / "-p PID" for descendants seen outside them (a setsid'd grandchild, an
 * orphan). When the pipe closes (the host is gone, however it ended), it SIGKILLs every group
 * still registered, every registered pid whose start time still matches (no reused pid is
 * hit), and every process whose environment carries this host's OVERSEER_HOST token (found
 * with one grep over /proc; descendants nobody saw are caught too), then exits. It costs one
 * shell process per Supervisor, started with the first child, and one pipe write per callback that registers (the lines of a start of many programs go
 * together) or per turn of the event loop that only forgets (the exits of a stop). Each id is a
 * shell variable of its own (g<pgid>, p<pid>=<start>): adding or forgetting one costs the same
 * however many are registered (a list in one string cost O(N) per exit, O(N^2) per stop).
 */
const SCRIPT = `trap '' INT TERM HUP QUIT
token=$1
quit=''
while IFS= read -r line; do
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
  /** Lines not written yet: one write per turn, whatever the number of events in it. */
  #pending = '';
  /** A flush after this callback is asked for (a registration is pending). */
  #registering = false;
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
    this.#send(`+p ${pid}:${start}\n`);
  }

  forgetPid(pid: number): void {
    if (this.#pids.delete(pid) && this.#child) this.#send(`-p ${pid}\n`);
  }

  /**
   * Ends the watchdog: it kills what is still registered (normally nothing), but not by the
   * host token (other Supervisors of this host may still run programs).
   */
  close(): void {
    this.#flush();
    const stdin = this.#child?.stdin;
    if (stdin && !stdin.destroyed) stdin.end('q\n');
    this.#child = undefined;
    this.#groups.clear();
    this.#pids.clear();
  }

  #send(line: string): void {
    // Started at the first line (a later forget() needs to know it runs).
    if (!this.#start()) return;
    // A registration goes out after this callback; a forget waits for the end of the turn,
    // so the exits of a stop of many programs (one callback each) make one write, not one
    // each (each write wakes the shell). Lines go out in the order given, whichever comes.
    if (line.charCodeAt(0) === PLUS) {
      if (!this.#registering) {
        this.#registering = true;
        queueMicrotask(this.#flushNow);
      }
    } else this.#flushSoon();
    this.#pending += line;
  }

  readonly #flushNow = () => this.#flush();
  readonly #flushSoon = endOfTurn(this.#flushNow);

  #flush(): void {
    this.#registering = false;
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
