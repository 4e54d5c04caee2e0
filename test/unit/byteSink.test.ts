// The byte writer behind `fields`: its integers, hex and text must be exactly what String(), toString(16)
// and UTF-8 make, whatever the value and however often the buffer has to grow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteSink } from '../../server/dissect/byteSink';

const dec = new TextDecoder();
const text = (s: ByteSink): string => dec.decode(s.buf.subarray(0, s.len));

/** Every digit count and its edges, the 31-bit limit, values past it, and a spread of others. */
function samples(): number[] {
  const v = [0, 1, 9, 10, 11, 99, 100, 101, 0x7fffffff, 0x80000000, 0xffffffff, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER];
  for (let p = 10; p < 1e16; p *= 10) v.push(p - 1, p, p + 1);
  let x = 12345;
  for (let i = 0; i < 5000; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    v.push(x, x % 1000, x % 100000);
  }
  return v;
}

test('uint writes every value as String() does', () => {
  const s = new ByteSink(4); // tiny: most writes grow it
  const want: string[] = [];
  for (const v of samples()) {
    s.uint(v);
    s.byte(32);
    want.push(String(v));
  }
  assert.equal(text(s), want.join(' ') + ' ');
});

test('hex writes 0x and lower-case digits, zero-padded to the width asked for', () => {
  const s = new ByteSink(4);
  const want: string[] = [];
  for (const v of samples().filter((x) => x <= 0xffffffff)) {
    for (const digits of [2, 4, 8]) {
      s.hex(v, digits);
      s.byte(32);
      want.push(`0x${v.toString(16).padStart(digits, '0')}`);
    }
  }
  assert.equal(text(s), want.join(' ') + ' ');
});

test('text writes ASCII byte by byte and anything else as UTF-8; hexBytes and copy append', () => {
  const s = new ByteSink(2);
  s.text('lns.example');
  s.text('\u00e9\u2603 \ufffd x');
  s.hexBytes(Uint8Array.of(0, 0x0f, 0xc8, 0xff));
  const other = new TextEncoder().encode('0123456789abcdefghijklmnopqrstuvwxyz-0123456789');
  s.copy(other, 3, 5);
  s.copy(other, 0, other.length);
  assert.equal(text(s), 'lns.example\u00e9\u2603 \ufffd x000fc8ff34' + '0123456789abcdefghijklmnopqrstuvwxyz-0123456789');
  s.clear();
  assert.equal(s.len, 0);
});
