/**
 * supervisord's configuration methods, over `supervisor.reread()` / `update()` (the file the
 * supervisor was loaded from): reloadConfig (supervisorctl reread), addProcessGroup and
 * removeProcessGroup (update, add, remove).
 */
import { isStoppedState } from '../index.js';
import type { ControlContext } from './context.js';
import { messageOf, RpcFault } from './faults.js';
import type { MethodTable } from './rpc-registry.js';

/** The diff of the configuration file against the active one; CANT_REREAD when unreadable. */
function reread(ctx: ControlContext) {
  try {
    return ctx.supervisor.reread();
  } catch (error) {
    const option = (error as { option?: string }).option;
    if (option === 'config') {
      throw new RpcFault('CANT_REREAD', 'this supervisor was not loaded from a configuration file');
    }
    throw new RpcFault('CANT_REREAD', messageOf(error));
  }
}

/**
 * Groups a previous addProcessGroup's update() brought in beyond the one asked for:
 * supervisorctl update adds them one by one next, and each is answered true once.
 */
const broughtIn = new WeakMap<ControlContext, Set<string>>();

async function addGroup(ctx: ControlContext, name: string): Promise<boolean> {
  const pending = broughtIn.get(ctx) ?? new Set<string>();
  broughtIn.set(ctx, pending);
  if (pending.delete(name) && ctx.supervisor.group(name)) return true;
  if (ctx.supervisor.group(name)) throw new RpcFault('ALREADY_ADDED', name);
  if (!reread(ctx).added.includes(name)) throw new RpcFault('BAD_NAME', name);
  // Only the whole file can be applied: update() brings every pending change in at once.
  const diff = await ctx.supervisor.update();
  for (const group of [...diff.added, ...diff.changed]) if (group !== name) pending.add(group);
  return true;
}

export const configMethods: MethodTable = {
  'supervisor.reloadConfig': {
    params: [],
    returns: 'array',
    mutates: false, // reads the file and reports; applies nothing
    help: 'Reread the configuration file: [[added, changed, removed]] group names.',
    call: (ctx) => {
      const diff = reread(ctx);
      return [[[...diff.added], [...diff.changed], [...diff.removed]]];
    },
  },
  'supervisor.addProcessGroup': {
    params: ['string'],
    returns: 'boolean',
    mutates: true,
    help: 'Add a process group from the configuration file as it is now.',
    call: (ctx, name) => addGroup(ctx, String(name)),
  },
  'supervisor.removeProcessGroup': {
    params: ['string'],
    returns: 'boolean',
    mutates: true,
    help: 'Remove a process group whose processes are all stopped.',
    call: async (ctx, name) => {
      const group = ctx.supervisor.group(String(name));
      if (!group) throw new RpcFault('BAD_NAME', String(name));
      if (group.members.some((p) => !isStoppedState(p.state))) {
        throw new RpcFault('STILL_RUNNING', String(name));
      }
      await ctx.supervisor.remove(String(name));
      return true;
    },
  },
};
