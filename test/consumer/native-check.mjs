// Is the prebuilt native addon in use? Prints "subreaper true" when the host became a child
// subreaper through it (Linux), "subreaper false" when running without it.
import { Supervisor } from 'overseer';

const sup = new Supervisor({ sampleIntervalMs: 0 });
sup.add({ name: 'noop', command: ['node', '-e', ''], startSecs: 0, autorestart: false });
await sup.start();
console.log(`subreaper ${sup.stats().orphans.subreaper}`);
await sup[Symbol.asyncDispose]();
