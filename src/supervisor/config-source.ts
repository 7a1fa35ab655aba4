import { loadSupervisordConfig } from '../config/load.js';
import { OptionError } from '../errors.js';
import type { EventListenerOptions } from '../listeners/options.js';
import type { SupervisorConfig } from './config-plan.js';
import type { PoolOptions } from './pool.js';
import type { SupervisorSettings } from './supervisor-options.js';

/** The configuration passed, or the supervisor's supervisord.conf read again. */
export function configOrFile(
  settings: SupervisorSettings,
  config: SupervisorConfig | undefined,
): SupervisorConfig {
  if (config !== undefined) return config;
  const file = settings.configFile;
  if (file === undefined) {
    throw new OptionError({
      option: 'config',
      value: undefined,
      fix: 'Pass a configuration, or create the supervisor with the options of loadSupervisordConfig() so there is a file to read again.',
    });
  }
  return loadSupervisordConfig(file, settings.configEnv ? { env: settings.configEnv } : {}).config;
}

/** addEventListener()'s options as a pool: priority -1 (started first, stopped last). */
export function listenerPool(options: EventListenerOptions): PoolOptions {
  const { events, bufferSize, ...program } = options;
  return {
    priority: -1,
    ...program,
    eventListener: { events, ...(bufferSize === undefined ? {} : { bufferSize }) },
  };
}
