import type { Scenario } from '../types.js';
import { scenario as autorestartFalse } from './autorestart-false.js';
import { scenario as autorestartTrue } from './autorestart-true.js';
import { scenario as cleanStop } from './clean-stop.js';
import { scenario as expectedExit } from './expected-exit.js';
import { scenario as ignoreSigterm } from './ignore-sigterm.js';
import { scenario as killedBySignal } from './killed-by-signal.js';
import { scenario as noRetries } from './no-retries.js';
import { scenario as priorityOrder } from './priority-order.js';
import { scenario as quickExitFatal } from './quick-exit-fatal.js';
import { scenario as shutdownEqualPriority } from './shutdown-equal-priority.js';
import { scenario as shutdownOrder } from './shutdown-order.js';
import { scenario as shutdownPoolOrder } from './shutdown-pool-order.js';
import { scenario as spawnError } from './spawn-error.js';
import { scenario as startMissingCommand } from './start-missing-command.js';
import { scenario as startWhileStopping } from './start-while-stopping.js';
import { scenario as startsecsZero } from './startsecs-zero.js';
import { scenario as stopInBackoff } from './stop-in-backoff.js';
import { scenario as stopWhileStarting } from './stop-while-starting.js';
import { scenario as unexpectedExit } from './unexpected-exit.js';

/** Every scenario, in the order they run. */
export const scenarios: readonly Scenario[] = [
  cleanStop,
  stopWhileStarting,
  quickExitFatal,
  noRetries,
  expectedExit,
  unexpectedExit,
  autorestartTrue,
  autorestartFalse,
  killedBySignal,
  spawnError,
  stopInBackoff,
  ignoreSigterm,
  startsecsZero,
  priorityOrder,
  shutdownOrder,
  shutdownEqualPriority,
  shutdownPoolOrder,
  startMissingCommand,
  startWhileStopping,
];
