import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { SupervisorConfig } from '../supervisor/config-plan.js';
import type { SupervisorOptions } from '../supervisor/supervisor-options.js';
import { assemble } from './assemble.js';
import type { ConfigWarning } from './errors.js';
import type { Expansion } from './expand.js';
import { readText, readWithIncludes } from './reader.js';
import type { SupervisordControl } from './server-sections.js';

export interface LoadOptions {
  /** Environment for %(ENV_X)s. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface ParseOptions extends LoadOptions {
  /** Directory for %(here)s and relative [include] patterns. */
  readonly here: string;
  /** Name used in errors and warnings. @default '<string>' */
  readonly file?: string;
}

/** A supervisord configuration, translated. */
export interface LoadedConfig {
  /** For `new Supervisor(options)`: logDir from childlogdir, and the file to re-read. */
  readonly options: SupervisorOptions;
  /** For `supervisor.update(config)`: programs, [group:x] groups and event listeners. */
  readonly config: SupervisorConfig;
  /** Keys and sections with no effect, unknown keys (with a did-you-mean), empty includes. */
  readonly warnings: readonly ConfigWarning[];
  /** Every file read, the main one first. */
  readonly files: readonly string[];
  /** [inet_http_server] / [unix_http_server], for overseer/control; undefined without them. */
  readonly control: SupervisordControl | undefined;
}

/** Host-level expansions: ENV_*, here, host_node_name. */
function baseNames(here: string, env: LoadOptions['env']): Map<string, Expansion> {
  const names = new Map<string, Expansion>();
  for (const [k, v] of Object.entries(env ?? process.env))
    if (v !== undefined) names.set(`ENV_${k}`, v);
  names.set('here', here);
  names.set('host_node_name', hostname());
  return names;
}

/**
 * Reads a supervisord.conf (and the files its [include] names) with supervisord 4.2's rules.
 * Throws ConfigError naming the file, line, section and key of the first invalid value;
 * nothing is started. Synchronous, like supervisord's own reading.
 */
export function loadSupervisordConfig(path: string, options: LoadOptions = {}): LoadedConfig {
  const file = resolve(path);
  const loaded = parse(readText(file), file, dirname(file), options);
  return {
    ...loaded,
    options: {
      ...loaded.options,
      configFile: file,
      ...(options.env ? { configEnv: options.env } : {}),
    },
  };
}

/** parseSupervisordConfig for a string: `here` stands for the file's directory. */
export function parseSupervisordConfig(text: string, options: ParseOptions): LoadedConfig {
  return parse(text, options.file ?? '<string>', resolve(options.here), options);
}

function parse(text: string, file: string, here: string, options: LoadOptions): LoadedConfig {
  const warnings: ConfigWarning[] = [];
  const names = baseNames(here, options.env);
  const { doc, files } = readWithIncludes(text, file, here, names, warnings);
  const { logDir, config, control } = assemble(doc, names, warnings);
  return {
    options: logDir === undefined ? {} : { logDir },
    config,
    warnings,
    files,
    control,
  };
}
