/**
 * supervisord's configuration methods: reloadConfig (reread), addProcessGroup and
 * removeProcessGroup (update, add, remove).
 */
import { isStoppedState } from '../index.js';
import { RpcFault } from './faults.js';
import type { MethodTable } from './rpc-registry.js';

export const configMethods: MethodTable = {
  'supervisor.reloadConfig': {
    params: [],
    returns: 'array',
    mutates: true,
    help: 'Reread the configuration file: [[added, changed, removed]] group names.',
    call: () => {
      throw new RpcFault('CANT_REREAD', 'this supervisor was not loaded from a configuration file');
    },
  },
  'supervisor.addProcessGroup': {
    params: ['string'],
    returns: 'boolean',
    mutates: true,
    help: 'Add a process group from the configuration file reread last.',
    call: (ctx, name) => {
      if (ctx.supervisor.group(String(name))) throw new RpcFault('ALREADY_ADDED', String(name));
      throw new RpcFault('BAD_NAME', String(name));
    },
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
