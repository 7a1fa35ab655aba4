// A supervisord event listener (protocol 3.0) that appends one JSON line per
// PROCESS_STATE_* event to the file named by its first argument.
// Protocol: write READY\n; read a header line of key:value tokens with len:N; read N bytes
// of payload; answer RESULT 2\nOK; then READY\n again. Only stdout carries the protocol.
import { appendFileSync } from 'node:fs';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: event-listener.js OUTPUT_FILE\n');
  process.exit(2);
}

/** Parses "k1:v1 k2:v2" (header and payload share this format). */
function tokens(text) {
  const result = {};
  for (const token of text.trim().split(/\s+/)) {
    const colon = token.indexOf(':');
    if (colon > 0) result[token.slice(0, colon)] = token.slice(colon + 1);
  }
  return result;
}

function record(header, payload) {
  const eventname = header.eventname ?? '';
  const prefix = 'PROCESS_STATE_';
  if (!eventname.startsWith(prefix)) return;
  const fields = tokens(payload.split('\n', 1)[0] ?? '');
  const line = {
    serial: Number(header.serial),
    name: fields.processname,
    group: fields.groupname,
    from: fields.from_state,
    to: eventname.slice(prefix.length),
  };
  if (fields.tries !== undefined) line.tries = Number(fields.tries);
  if (fields.expected !== undefined) line.expected = fields.expected === '1';
  if (fields.pid !== undefined) line.pid = Number(fields.pid);
  appendFileSync(out, `${JSON.stringify(line)}\n`);
}

let buffer = Buffer.alloc(0);
let header = null;

function drain() {
  for (;;) {
    if (header === null) {
      const newline = buffer.indexOf(0x0a);
      if (newline < 0) return;
      header = tokens(buffer.subarray(0, newline).toString('utf8'));
      buffer = buffer.subarray(newline + 1);
    }
    const length = Number(header.len ?? 0);
    if (buffer.length < length) return;
    const payload = buffer.subarray(0, length).toString('utf8');
    buffer = buffer.subarray(length);
    try {
      record(header, payload);
    } catch (error) {
      process.stderr.write(`event-listener: ${error}\n`);
    }
    header = null;
    process.stdout.write('RESULT 2\nOK');
    process.stdout.write('READY\n');
  }
}

process.stdin.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  drain();
});
process.stdin.on('end', () => process.exit(0));
process.stdout.write('READY\n');
