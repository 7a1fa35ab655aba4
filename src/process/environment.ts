import type { ProgramConfig } from '../options/program-options.js';
import { HOST_TOKEN_VARIABLE, hostToken } from './host-token.js';

/**
 * The child's environment, as supervisord builds it: the host's (unless
 * inheritEnvironment is false), SUPERVISOR_ENABLED / _PROCESS_NAME / _GROUP_NAME, then the
 * program's own `environment` on top. Beyond supervisord: OVERSEER_HOST names the host (the
 * watchdog finds descendants by it after a host crash; see docs/reliability.md).
 */
export function buildEnvironment(
  config: Pick<ProgramConfig, 'name' | 'group' | 'environment' | 'inheritEnvironment'>,
  host: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  if (config.inheritEnvironment) {
    // Keys, then one read each: process.env answers every access through the runtime, and
    // this runs at every spawn.
    for (const key of Object.keys(host)) {
      const value = host[key];
      if (value !== undefined) env[key] = value;
    }
  }
  env.SUPERVISOR_ENABLED = '1';
  env.SUPERVISOR_PROCESS_NAME = config.name;
  env.SUPERVISOR_GROUP_NAME = config.group;
  env[HOST_TOKEN_VARIABLE] = hostToken();
  return Object.assign(env, config.environment);
}
