// Accumulates one frame's bytes and their text spans in growable typed arrays.

import { hexVal } from './scan';

export class FrameBuilder {
  bytes = new Uint8Array(256);
  spans = new Int32Array(768);
  length = 0;

  private grow(): void {
    const b = new Uint8Array(this.bytes.length * 2);
    b.set(this.bytes);
    this.bytes = b;
    const s = new Int32Array(this.spans.length * 2);
    s.set(this.spans);
    this.spans = s;
  }

  push(value: number, line: number, start: number, end: number): void {
    if (this.length === this.bytes.length) this.grow();
    const i = this.length++;
    this.bytes[i] = value;
    this.spans[i * 3] = line;
    this.spans[i * 3 + 1] = start;
    this.spans[i * 3 + 2] = end;
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
    if (n < this.length) this.length = n;
  }

  finish(): { bytes: Uint8Array; spans: Int32Array } {
    return { bytes: this.bytes.slice(0, this.length), spans: this.spans.slice(0, this.length * 3) };
  }
}
