/** supervisord's namespecs ("group:name", "group:*", "name") resolved against a Supervisor. */
import type { Program, Supervisor } from '../index.js';
import { RpcFault } from './faults.js';

/** What a namespec names: a whole group (program undefined) or one program of it. */
export interface Target {
  readonly group: string;
  readonly program: Program | undefined;
}

/** supervisord's split_namespec: "g:n" -> [g, n]; "g:" and "g:*" -> [g, undefined]; "n" -> [n, n]. */
export function splitNamespec(namespec: string): [string, string | undefined] {
  const at = namespec.indexOf(':');
  if (at < 0) return [namespec, namespec];
  const process = namespec.slice(at + 1);
  return [namespec.slice(0, at), process === '' || process === '*' ? undefined : process];
}

/** "group:name", or "name" when both are the same (supervisord's make_namespec). */
export function makeNamespec(group: string, name: string): string {
  return group === name ? name : `${group}:${name}`;
}

/** Resolves a namespec; BAD_NAME fault when nothing by that name exists. */
export function resolveTarget(supervisor: Supervisor, namespec: string): Target {
  const [groupName, processName] = splitNamespec(namespec);
  const group = supervisor.group(groupName);
  if (!group) {
    // Lenient like overseer's own addresses: a bare name unique across groups.
    const unique = processName === groupName ? supervisor.get(namespec) : undefined;
    if (unique) return { group: unique.group, program: unique };
    throw new RpcFault('BAD_NAME', namespec);
  }
  if (processName === undefined) return { group: groupName, program: undefined };
  const program = group.members.find((p) => p.name === processName);
  if (!program) throw new RpcFault('BAD_NAME', namespec);
  return { group: groupName, program };
}

/** Resolves a namespec that must name one program (getProcessInfo, logs, stdin). */
export function resolveProgram(supervisor: Supervisor, namespec: string): Program {
  const { program } = resolveTarget(supervisor, namespec);
  if (!program) throw new RpcFault('BAD_NAME', namespec);
  return program;
}

/** Group names, in ascending priority of their first member (then by name). */
export function groupsByPriority(supervisor: Supervisor): string[] {
  const lowest = new Map<string, number>();
  for (const p of supervisor.programs) {
    const prev = lowest.get(p.group);
    if (prev === undefined || p.config.priority < prev) lowest.set(p.group, p.config.priority);
  }
  return [...lowest].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([g]) => g);
}
