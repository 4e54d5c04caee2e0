// A growable byte buffer text is built in. Fields output writes its cells here as bytes: the integers that
// fill most cells (frame numbers, IDs, Ns/Nr, hex codes) never become strings, and a line is never a chain
// of concatenated strings to be flattened and encoded again on output.

const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const encoder = new TextEncoder();
/** "00" … "99" as byte pairs: uint writes two digits per division. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + ((i & 1) === 0 ? Math.floor(i / 20) : (i >> 1) % 10));

export class ByteSink {
  buf: Uint8Array;
  len = 0;

  constructor(size = 1 << 16) {
    this.buf = new Uint8Array(size);
  }

  /** Makes room for `n` more bytes. */
  room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
  }

  byte(b: number): void {
    if (this.len >= this.buf.length) this.room(1);
    this.buf[this.len++] = b;
  }

  /** A string as UTF-8 (ASCII, nearly every cell, byte by byte). */
  text(s: string): void {
    const n = s.length;
    this.room(n);
    const buf = this.buf;
    let p = this.len;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.len = p;
        this.utf8(s.slice(i));
        return;
      }
      buf[p++] = c;
    }
    this.len = p;
  }

  private utf8(s: string): void {
    this.room(s.length * 3);
    this.len += encoder.encodeInto(s, this.buf.subarray(this.len)).written;
  }

  /** A non-negative integer below 2^53 in decimal. */
  uint(v: number): void {
    if (v > 0x7fffffff) {
      this.text(String(v));
      return;
    }
    // 31-bit integer arithmetic (| 0) instead of floating-point division: this runs for most fields cells
    const digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6
      : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
    if (this.len + digits > this.buf.length) this.room(digits);
    const buf = this.buf;
    let p = this.len + digits;
    this.len = p;
    let x = v | 0;
    while (x >= 100) {
      const q = (x / 100) | 0;
      const r = (x - q * 100) << 1;
      buf[--p] = PAIRS[r + 1]!;
      buf[--p] = PAIRS[r]!;
      x = q;
    }
    if (x >= 10) {
      buf[--p] = PAIRS[(x << 1) + 1]!;
      buf[--p] = PAIRS[x << 1]!;
    } else buf[--p] = 48 + x;
  }

  /** "0x" and a non-negative integer below 2^32 in lower-case hex, zero-padded to `digits`. */
  hex(v: number, digits: number): void {
    let need = 1;
    for (let x = v >>> 4; x !== 0; x >>>= 4) need++;
    const n = Math.max(need, digits);
    this.room(n + 2);
    const buf = this.buf;
    buf[this.len++] = 48; // 0
    buf[this.len++] = 120; // x
    let p = this.len + n;
    this.len = p;
    for (let x = v >>> 0, k = 0; k < n; k++, x >>>= 4) buf[--p] = HEX_DIGITS[x & 15]!;
  }

  /** Bytes as contiguous lower-case hex. */
  hexBytes(b: Uint8Array): void {
    this.room(b.length * 2);
    const buf = this.buf;
    let p = this.len;
    for (let i = 0; i < b.length; i++) {
      const x = b[i]!;
      buf[p++] = HEX_DIGITS[x >> 4]!;
      buf[p++] = HEX_DIGITS[x & 15]!;
    }
    this.len = p;
  }

  /** Bytes `from`..`to` of `src` (another sink's buffer) appended. */
  copy(src: Uint8Array, from: number, to: number): void {
    const n = to - from;
    this.room(n);
    const buf = this.buf;
    let p = this.len;
    if (n < 32) for (let i = from; i < to; i++) buf[p++] = src[i]!;
    else { buf.set(src.subarray(from, to), p); p += n; }
    this.len = p;
  }

  clear(): void {
    this.len = 0;
  }
}
