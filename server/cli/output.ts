// Buffered stdout: text goes into one byte buffer and out in writes of ~64 KiB (the fields command prints a
// line a frame, and writes its cells into the buffer as bytes: see FieldsFormatter.write).
import { writeSync } from 'node:fs';
import { ByteSink } from '../dissect/byteSink';

const FLUSH_AT = 1 << 16;

export class Out {
  readonly sink = new ByteSink(FLUSH_AT * 2);

  line(s: string): void {
    this.sink.text(s);
    this.endLine();
  }

  /** Text without a line end (a line built in pieces). */
  text(s: string): void {
    this.sink.text(s);
    if (this.sink.len >= FLUSH_AT) this.flush();
  }

  /** Ends a line written into `sink` directly; flushes once enough is buffered. */
  endLine(): void {
    this.sink.byte(10);
    if (this.sink.len >= FLUSH_AT) this.flush();
  }

  flush(): void {
    const s = this.sink;
    if (s.len === 0) return;
    writeAll(s.buf, s.len);
    s.clear();
  }
}

function writeAll(b: Uint8Array, len: number): void {
  let off = 0;
  while (off < len) {
    try {
      off += writeSync(1, b, off, len - off);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') process.exit(0);
      throw e;
    }
  }
}
