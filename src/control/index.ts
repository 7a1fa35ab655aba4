/**
 * overseer/control: a control surface supervisord's users already know, for a Supervisor
 * embedded in a Node application. supervisorctl and supervisord's event listeners over
 * XML-RPC, a live status page, Prometheus metrics, and health probes. Opt-in: the core
 * never imports this module.
 * @packageDocumentation
 */

export { InsecureBindError } from '../errors.js';
export { Faults, RpcFault } from './faults.js';
export { type ControlHandler, controlHandler } from './handler.js';
export type { ControlOptions, ControlSettings, ServeControlOptions } from './options.js';
export { type ControlServer, serveControl } from './server.js';
