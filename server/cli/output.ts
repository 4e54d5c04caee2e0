// Buffered stdout: one write per ~64 KiB instead of one per line (the fields command prints a line a frame).
import { writeSync } from 'node:fs';

export class Out {
  private buf = '';
  line(s: string): void {
    this.buf += s + '\n';
    if (this.buf.length > 1 << 16) this.flush();
  }
  flush(): void {
    if (!this.buf) return;
    writeAll(this.buf);
    this.buf = '';
  }
}

function writeAll(s: string): void {
  const b = Buffer.from(s, 'utf8');
  let off = 0;
  while (off < b.length) {
    try {
      off += writeSync(1, b, off, b.length - off);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') process.exit(0);
      throw e;
    }
  }
}
