// Where each byte of a hex-dump frame sits in the text, stored as runs: bytes on one line whose spans
// have one width and follow each other at one stride (a row of `xx xx xx …` is one run, `hexdump -C`'s
// two half-rows two). A frame of n bytes costs a few runs a row instead of three integers a byte — the
// language server keeps this for every frame of a document (measured: 64 MB → a few MB for 10 000 frames).

/** Five Int32 per run: first byte, line, start column of its first byte, width, stride (0: all bytes share one span). */
const FIRST = 0, LINE = 1, START = 2, WIDTH = 3, STRIDE = 4, RUN = 5;

export class ByteSpans {
  constructor(
    /** Runs in byte order (and so in non-decreasing line order). */
    private readonly runs: Int32Array,
    /** Number of bytes covered. */
    readonly length: number,
  ) {}

  /** Index of the run holding byte `i` (0 ≤ i < length). */
  private runOf(i: number): number {
    const r = this.runs;
    let lo = 0;
    let hi = r.length / RUN - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((r[mid * RUN + FIRST] ?? 0) <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Line, start column and end column (exclusive) of byte `i` (0 ≤ i < length), from one run lookup. */
  span(i: number): { line: number; start: number; end: number } {
    const r = this.runs;
    const k = this.runOf(i) * RUN;
    const start = (r[k + START] ?? 0) + (i - (r[k + FIRST] ?? 0)) * (r[k + STRIDE] ?? 0);
    return { line: r[k + LINE] ?? 0, start, end: start + (r[k + WIDTH] ?? 0) };
  }

  /**
   * The earliest (line, start) and the latest (line, end) of the spans of bytes [a, b] (0 ≤ a ≤ b < length),
   * run by run: within a run the stride is never negative, so its first byte starts earliest and its last
   * ends latest. (Not simply the first and last byte: od prints 16-bit words byte-swapped.)
   */
  hull(a: number, b: number): { startLine: number; start: number; endLine: number; end: number } {
    const r = this.runs;
    const nRuns = r.length / RUN;
    let sl = Infinity; let sc = 0; let el = -1; let ec = 0;
    for (let j = this.runOf(a); j < nRuns; j++) {
      const k = j * RUN;
      const first = r[k + FIRST] ?? 0;
      if (first > b) break;
      const next = j + 1 < nRuns ? (r[k + RUN + FIRST] ?? 0) : this.length;
      const lo = Math.max(a, first);
      const hi = Math.min(b, next - 1);
      const line = r[k + LINE] ?? 0;
      const stride = r[k + STRIDE] ?? 0;
      const st = (r[k + START] ?? 0) + (lo - first) * stride;
      const en = (r[k + START] ?? 0) + (hi - first) * stride + (r[k + WIDTH] ?? 0);
      if (line < sl || (line === sl && st < sc)) { sl = line; sc = st; }
      if (line > el || (line === el && en > ec)) { el = line; ec = en; }
    }
    return { startLine: sl, start: sc, endLine: el, end: ec };
  }

  /** The first byte (in byte order) whose span on `line` covers `character`, or -1. */
  byteAt(line: number, character: number): number {
    const r = this.runs;
    const nRuns = r.length / RUN;
    // First run on `line` or after it (lines never decrease from run to run).
    let lo = 0;
    let hi = nRuns;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((r[mid * RUN + LINE] ?? 0) < line) lo = mid + 1;
      else hi = mid;
    }
    for (let j = lo; j < nRuns && r[j * RUN + LINE] === line; j++) {
      const k = j * RUN;
      const first = r[k + FIRST] ?? 0;
      const start = r[k + START] ?? 0;
      const width = r[k + WIDTH] ?? 0;
      const stride = r[k + STRIDE] ?? 0;
      const count = (j + 1 < nRuns ? (r[k + RUN + FIRST] ?? 0) : this.length) - first;
      if (character < start) continue;
      const n = stride === 0 ? 0 : Math.floor((character - start) / stride);
      if (n < count && character < start + n * stride + width) return first + n;
    }
    return -1;
  }
}

/** Accumulates runs as bytes are appended in order (see FrameBuilder). */
export class SpanRuns {
  private runs = new Int32Array(RUN * 16);
  private nRuns = 0;
  /** Bytes in the last run (its stride is settled by the second one). */
  private lastCount = 0;

  reset(): void {
    this.nRuns = 0;
    this.lastCount = 0;
  }

  push(byteIndex: number, line: number, start: number, end: number): void {
    const width = end - start;
    if (this.nRuns > 0) {
      const k = (this.nRuns - 1) * RUN;
      const r = this.runs;
      if (r[k + LINE] === line && r[k + WIDTH] === width) {
        const expected = (r[k + START] ?? 0) + this.lastCount * (r[k + STRIDE] ?? 0);
        if (this.lastCount === 1) {
          // The second byte settles the stride: a span that repeats (stride 0, a `*` line) or one that
          // follows without overlap. Anything else (od's byte-swapped words) starts a run of its own.
          const stride = start - (r[k + START] ?? 0);
          if (stride === 0 || stride >= width) {
            r[k + STRIDE] = stride;
            this.lastCount++;
            return;
          }
        } else if (start === expected) {
          this.lastCount++;
          return;
        }
      }
    }
    if ((this.nRuns + 1) * RUN > this.runs.length) {
      const grown = new Int32Array(this.runs.length * 2);
      grown.set(this.runs);
      this.runs = grown;
    }
    const k = this.nRuns++ * RUN;
    this.runs[k + FIRST] = byteIndex;
    this.runs[k + LINE] = line;
    this.runs[k + START] = start;
    this.runs[k + WIDTH] = width;
    this.runs[k + STRIDE] = 0;
    this.lastCount = 1;
  }

  /** Drops every byte from `n` on (runs wholly past it go; the last one is cut). */
  truncate(n: number): void {
    let popped = false;
    while (this.nRuns > 0 && (this.runs[(this.nRuns - 1) * RUN + FIRST] ?? 0) >= n) {
      this.nRuns--;
      popped = true;
    }
    if (this.nRuns === 0) {
      this.lastCount = 0;
      return;
    }
    // The new last run ran up to a popped run's first byte (≥ n), or is the old last run.
    const left = n - (this.runs[(this.nRuns - 1) * RUN + FIRST] ?? 0);
    this.lastCount = popped ? left : Math.min(this.lastCount, left);
  }

  finish(length: number): ByteSpans {
    return new ByteSpans(this.runs.slice(0, this.nRuns * RUN), length);
  }
}
