// Accumulates one frame's bytes (a growable typed array) and their text spans (as runs, see spans.ts).

import { hexVal } from './scan';
import { SpanRuns } from './spans';
import type { ByteSpans } from './spans';

export class FrameBuilder {
  bytes = new Uint8Array(256);
  private readonly spans = new SpanRuns();
  length = 0;

  /** Starts a new frame (the assembler reuses one builder). */
  reset(): void {
    this.length = 0;
    this.spans.reset();
  }

  push(value: number, line: number, start: number, end: number): void {
    if (this.length === this.bytes.length) {
      const b = new Uint8Array(this.bytes.length * 2);
      b.set(this.bytes);
      this.bytes = b;
    }
    const i = this.length++;
    this.bytes[i] = value;
    this.spans.push(i, line, start, end);
  }

  /** Appends the byte whose two hex digits start at column `col` of `text`. */
  pushHex(text: string, line: number, col: number): void {
    const h = hexVal(text.charCodeAt(col));
    const l = hexVal(text.charCodeAt(col + 1));
    this.push(((h < 0 ? 0 : h) << 4) | (l < 0 ? 0 : l), line, col, col + 2);
  }

  /** Appends bytes [from, to) of this frame again, all attributed to one span (a `*` repeat line). */
  repeat(from: number, to: number, times: number, line: number, start: number, end: number): void {
    for (let t = 0; t < times; t++) {
      for (let i = from; i < to; i++) this.push(this.bytes[i] ?? 0, line, start, end);
    }
  }

  truncate(n: number): void {
    if (n < this.length) {
      this.length = n;
      this.spans.truncate(n);
    }
  }

  finish(): { bytes: Uint8Array; spans: ByteSpans } {
    return { bytes: this.bytes.slice(0, this.length), spans: this.spans.finish(this.length) };
  }
}
