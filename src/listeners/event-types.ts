/**
 * supervisord's event types (supervisor/events.py EventTypes): a listener subscribed to an
 * abstract type (PROCESS_STATE, TICK, EVENT) receives every concrete type under it.
 */
export const EVENT_TYPES = {
  EVENT: undefined,
  PROCESS_STATE: 'EVENT',
  PROCESS_STATE_STOPPED: 'PROCESS_STATE',
  PROCESS_STATE_EXITED: 'PROCESS_STATE',
  PROCESS_STATE_STARTING: 'PROCESS_STATE',
  PROCESS_STATE_STOPPING: 'PROCESS_STATE',
  PROCESS_STATE_BACKOFF: 'PROCESS_STATE',
  PROCESS_STATE_FATAL: 'PROCESS_STATE',
  PROCESS_STATE_RUNNING: 'PROCESS_STATE',
  PROCESS_STATE_UNKNOWN: 'PROCESS_STATE',
  PROCESS_COMMUNICATION: 'EVENT',
  PROCESS_COMMUNICATION_STDOUT: 'PROCESS_COMMUNICATION',
  PROCESS_COMMUNICATION_STDERR: 'PROCESS_COMMUNICATION',
  PROCESS_LOG: 'EVENT',
  PROCESS_LOG_STDOUT: 'PROCESS_LOG',
  PROCESS_LOG_STDERR: 'PROCESS_LOG',
  REMOTE_COMMUNICATION: 'EVENT',
  SUPERVISOR_STATE_CHANGE: 'EVENT',
  SUPERVISOR_STATE_CHANGE_RUNNING: 'SUPERVISOR_STATE_CHANGE',
  SUPERVISOR_STATE_CHANGE_STOPPING: 'SUPERVISOR_STATE_CHANGE',
  TICK: 'EVENT',
  TICK_5: 'TICK',
  TICK_60: 'TICK',
  TICK_3600: 'TICK',
  PROCESS_GROUP: 'EVENT',
  PROCESS_GROUP_ADDED: 'PROCESS_GROUP',
  PROCESS_GROUP_REMOVED: 'PROCESS_GROUP',
} as const;

/** A supervisord event type name, abstract or concrete. */
export type EventTypeName = keyof typeof EVENT_TYPES;

export function isEventTypeName(name: string): name is EventTypeName {
  return Object.hasOwn(EVENT_TYPES, name);
}

/** True when an event of `type` goes to a listener subscribed to `subscribed`. */
export function isA(type: EventTypeName, subscribed: EventTypeName): boolean {
  let t: EventTypeName | undefined = type;
  while (t !== undefined) {
    if (t === subscribed) return true;
    t = EVENT_TYPES[t];
  }
  return false;
}
