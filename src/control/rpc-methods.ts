/** Every published XML-RPC method: supervisord's `supervisor` and `system` namespaces. */
import { configMethods } from './rpc-config.js';
import { infoMethods } from './rpc-info.js';
import { logMethods } from './rpc-logs.js';
import { processMethods } from './rpc-process.js';
import { type MethodTable, systemMethods } from './rpc-registry.js';

const supervisorMethods: MethodTable = {
  ...infoMethods,
  ...processMethods,
  ...logMethods,
  ...configMethods,
};

export const methods: MethodTable = {
  ...supervisorMethods,
  ...systemMethods(() => methods),
};
