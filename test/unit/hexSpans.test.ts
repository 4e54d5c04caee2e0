// The run-encoded byte spans of hex-dump frames against a plain three-integers-a-byte reference: random
// sequences of the shapes readers produce (regular rows, gaps between half-rows, repeats sharing one span,
// byte-swapped words, one-character literals), with truncation, must read back, invert and hull identically.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanRuns } from '../../server/dissect/capture/hexdump/spans';

function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
}

test('runs read back every span and invert byteAt like a per-byte table', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(seed);
    const runs = new SpanRuns();
    const ref: [number, number, number][] = [];
    let line = r(3);
    let col = r(8);
    const bytes = 1 + r(200);
    while (ref.length < bytes) {
      const shape = r(10);
      const push = (l: number, s: number, e: number): void => {
        runs.push(ref.length, l, s, e);
        ref.push([l, s, e]);
      };
      if (shape < 5) { push(line, col, col + 2); col += 3 + (r(8) === 0 ? 1 : 0); } // rows, with hexdump -C's extra space
      else if (shape < 6) { const n = 1 + r(20); for (let k = 0; k < n && ref.length < bytes; k++) push(line, col, col + 1); col += 2; } // `*` repeat
      else if (shape < 7) { push(line, col + 2, col + 4); if (ref.length < bytes) push(line, col, col + 2); col += 5; } // od's swapped word
      else if (shape < 8) { push(line, col, col + 1); col += 1; } // literal characters
      else { line += 1 + r(2); col = r(8); } // next line
      if (r(40) === 0 && ref.length > 0) {
        const n = r(ref.length);
        runs.truncate(n);
        ref.length = n;
      }
    }
    const spans = runs.finish(ref.length);
    assert.equal(spans.length, ref.length);
    ref.forEach(([l, s, e], i) => {
      assert.deepEqual(spans.span(i), { line: l, start: s, end: e }, `seed ${seed} byte ${i}`);
    });
    for (let k = 0; k < 50 && ref.length > 0; k++) {
      const a = r(ref.length);
      const b = a + r(ref.length - a);
      let sl = Infinity, sc = 0, el = -1, ec = 0;
      for (let i = a; i <= b; i++) {
        const [l, s, e] = ref[i]!;
        if (l < sl || (l === sl && s < sc)) { sl = l; sc = s; }
        if (l > el || (l === el && e > ec)) { el = l; ec = e; }
      }
      assert.deepEqual(spans.hull(a, b), { startLine: sl, start: sc, endLine: el, end: ec }, `seed ${seed} hull ${a}..${b}`);
    }
    const lines = new Set(ref.map((x) => x[0]));
    for (const l of [...lines, -1, Math.max(...lines) + 1]) {
      for (let c = 0; c < 120; c++) {
        const want = ref.findIndex(([rl, s, e]) => rl === l && c >= s && c < e);
        assert.equal(spans.byteAt(l, c), want, `seed ${seed} line ${l} col ${c}`);
      }
    }
  }
});
