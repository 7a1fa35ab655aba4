/**
 * Reads the IPC channel's wire format: one JSON value per line (what Node's `process.send()`
 * writes in 'json' serialization, and what any language can write on fd 3). A line that is
 * not JSON, or longer than the limit, is dropped: a child cannot crash the host with garbage.
 */
export class JsonLines {
  #partial = '';
  #dropping = false;
  /** Lines dropped because they were not JSON or too long. */
  dropped = 0;

  constructor(private readonly maxLineBytes = 1024 * 1024) {}

  /** The messages completed by this chunk, in order. */
  push(chunk: Buffer | string): unknown[] {
    const text = this.#partial + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    const lines = text.split('\n');
    this.#partial = lines.pop() ?? '';
    const messages: unknown[] = [];
    for (const line of lines) {
      if (this.#dropping) {
        this.#dropping = false;
        continue;
      }
      this.#parse(line, messages);
    }
    if (this.#partial.length > this.maxLineBytes) {
      this.#partial = '';
      this.#dropping = true;
      this.dropped++;
    }
    return messages;
  }

  #parse(line: string, into: unknown[]): void {
    if (line.trim() === '') return;
    try {
      into.push(JSON.parse(line));
    } catch {
      this.dropped++;
    }
  }
}
