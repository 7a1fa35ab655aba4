import { OverseerError } from '../errors.js';

/** serveControl() was asked to listen beyond loopback without username and password. */
export class InsecureBindError extends OverseerError {
  readonly host: string;
  constructor(host: string) {
    super(
      'INSECURE_BIND',
      `Refusing to serve the control surface on "${host}" without credentials: anyone who can reach it could stop your programs. Pass username and password, or bind to 127.0.0.1.`,
    );
    this.host = host;
  }
}
