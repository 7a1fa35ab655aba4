/**
 * supervisord's addresses: a process is "group:name"; "name" names it when group and name are
 * equal (or the name is unique); "group" and "group:*" name a whole group.
 */

/** The "group:name" key of a process: the one place it is built. */
export function programKey(program: { readonly group: string; readonly name: string }): string {
  return `${program.group}:${program.name}`;
}

/** The group part of a "group:name" key. */
export const groupOfKey = (key: string): string => key.slice(0, key.indexOf(':'));

/** Resolves addresses to the keys of these processes (none when nothing matches). */
export function addressResolver(
  processes: readonly { readonly group: string; readonly name: string }[],
): (address: string) => string[] {
  const keys = processes.map((c) => ({ key: programKey(c), group: c.group, name: c.name }));
  return (address) => {
    const [group, name] = address.split(':');
    if (name === '*') return keys.filter((k) => k.group === group).map((k) => k.key);
    if (name !== undefined) return keys.filter((k) => k.key === address).map((k) => k.key);
    const own = keys.filter((k) => k.group === group && k.name === group);
    if (own.length) return own.map((k) => k.key);
    const byName = keys.filter((k) => k.name === address);
    if (byName.length === 1) return byName.map((k) => k.key);
    return keys.filter((k) => k.group === group).map((k) => k.key);
  };
}
