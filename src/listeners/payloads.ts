import type { StateChange } from '../events.js';

/**
 * The payloads supervisord 4.2 sends (supervisor/events.py), from overseer's events. Every
 * name is a concrete supervisord event type.
 */
export interface ListenerEvent {
  readonly eventName: string;
  readonly payload: string;
}

const WITH_PID = new Set(['RUNNING', 'STOPPING', 'STOPPED']);

/** PROCESS_STATE_<TO>: processname groupname from_state, then tries / expected pid / pid. */
export function stateEvent(change: StateChange): ListenerEvent {
  const fields = [
    `processname:${change.name}`,
    `groupname:${change.group}`,
    `from_state:${change.from}`,
  ];
  if (change.to === 'STARTING' || change.to === 'BACKOFF') fields.push(`tries:${change.tries}`);
  else if (change.to === 'EXITED')
    fields.push(`expected:${change.expected ? 1 : 0}`, `pid:${change.pid}`);
  else if (WITH_PID.has(change.to)) fields.push(`pid:${change.pid}`);
  return { eventName: `PROCESS_STATE_${change.to}`, payload: fields.join(' ') };
}

interface ProcessRef {
  readonly name: string;
  readonly group: string;
  readonly pid: number;
}

/** PROCESS_LOG_STDOUT / _STDERR: a header line, then the data as written. */
export function logEvent(p: ProcessRef, channel: 'stdout' | 'stderr', data: string): ListenerEvent {
  return {
    eventName: `PROCESS_LOG_${channel.toUpperCase()}`,
    payload: `processname:${p.name} groupname:${p.group} pid:${p.pid} channel:${channel}\n${data}`,
  };
}

/** PROCESS_COMMUNICATION_STDOUT / _STDERR: what came between the capture tokens. */
export function communicationEvent(
  p: ProcessRef,
  channel: 'stdout' | 'stderr',
  data: string,
): ListenerEvent {
  return {
    eventName: `PROCESS_COMMUNICATION_${channel.toUpperCase()}`,
    payload: `processname:${p.name} groupname:${p.group} pid:${p.pid}\n${data}`,
  };
}

export function groupEvent(kind: 'ADDED' | 'REMOVED', group: string): ListenerEvent {
  return { eventName: `PROCESS_GROUP_${kind}`, payload: `groupname:${group}\n` };
}

/** TICK_5 / TICK_60 / TICK_3600: `when` is the start of the period, in epoch seconds. */
export function tickEvent(period: 5 | 60 | 3600, when: number): ListenerEvent {
  return { eventName: `TICK_${period}`, payload: `when:${when}` };
}

export function supervisorStateEvent(state: 'RUNNING' | 'STOPPING'): ListenerEvent {
  return { eventName: `SUPERVISOR_STATE_CHANGE_${state}`, payload: '' };
}

/** REMOTE_COMMUNICATION (supervisord's sendRemoteCommEvent): `type:` line, then the data. */
export function remoteEvent(type: string, data: string): ListenerEvent {
  return { eventName: 'REMOTE_COMMUNICATION', payload: `type:${type}\n${data}` };
}
