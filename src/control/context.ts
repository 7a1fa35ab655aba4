/**
 * What every part of the control surface shares for one Supervisor: the settings, the main
 * log, the counters, and the subscriptions that feed them (released by detach()).
 */
import type { Supervisor } from '../index.js';
import { Counters } from './counters.js';
import { exitLine, MainLog, spawnLine, stateLine } from './main-log.js';
import type { ControlSettings } from './options.js';

export interface ControlContext {
  readonly supervisor: Supervisor;
  readonly settings: ControlSettings;
  readonly mainLog: MainLog;
  readonly counters: Counters;
  /** Epoch milliseconds when the control surface was attached. */
  readonly since: number;
  /** Stops listening to the supervisor. */
  detach(): void;
}

export function createContext(supervisor: Supervisor, settings: ControlSettings): ControlContext {
  const mainLog = new MainLog(settings.mainLogBytes);
  const counters = new Counters();
  const offs = [
    supervisor.on('spawn', (info) => {
      counters.spawn(info);
      mainLog.write('INFO', spawnLine(info), info.time);
    }),
    supervisor.on('exit', (exit) => {
      counters.exit(exit);
      mainLog.write(
        exit.expected || exit.cause === 'stop-requested' ? 'INFO' : 'WARN',
        exitLine(exit),
        exit.time,
      );
    }),
    supervisor.on('state', (change) => {
      const line = stateLine(change);
      if (line) mainLog.write(change.to === 'FATAL' ? 'CRIT' : 'INFO', line, change.time);
    }),
    supervisor.on('add', (ref) => mainLog.write('INFO', `added: ${ref.group}:${ref.name}`)),
    supervisor.on('remove', (ref) => {
      counters.forget(ref.group, ref.name);
      mainLog.write('INFO', `removed: ${ref.group}:${ref.name}`);
    }),
    supervisor.on('stats', (stats) => counters.sample(stats)),
    supervisor.on('log', (line) => counters.line(line)),
  ];
  return {
    supervisor,
    settings,
    mainLog,
    counters,
    since: Date.now(),
    detach: () => {
      for (const off of offs.splice(0)) off();
    },
  };
}
