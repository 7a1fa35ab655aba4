import { OverseerError } from '../errors.js';

/**
 * An event listener pool dropped an event (its buffer was full) or a listener broke the
 * protocol and gets no more events (UNKNOWN): reported as an `error` event, as supervisord
 * logs it. The supervisor carries on.
 */
export class ListenerProtocolError extends OverseerError<'EVENT_LISTENER'> {
  constructor(message: string) {
    super('EVENT_LISTENER', message);
  }
}
