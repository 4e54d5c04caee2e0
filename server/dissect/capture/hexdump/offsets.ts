// Offset-format helpers: format labels, offset radix, and turning one offset line into bytes.

import type { OffsetLine } from './classify';
import type { OpenFrame, PendingLine } from './frame';

/** Frames never grow past this through `*` expansion, whatever offset the text claims. */
export const MAX_FRAME = 1 << 20;

const RADIX_DIGITS: Record<number, RegExp> = { 16: /^[0-9a-fA-F]+$/, 10: /^[0-9]+$/, 8: /^[0-7]+$/ };

/** The offset's value in `radix`, NaN if it has digits outside it. */
export function offsetValue(text: string, radix: number): number {
  return RADIX_DIGITS[radix]?.test(text) ? parseInt(text, radix) : NaN;
}

/** The format label for a frame whose first line is `r`, and whether it prints byte-swapped words. */
export function offsetFormat(r: OffsetLine, line: string): { format: string; swap: boolean } {
  const a = r.area;
  const w = r.offText.length;
  if (r.ox) return { format: a.rest >= 0 ? 'tcpdump-X' : 'tcpdump-x', swap: false };
  if (a.rest >= 0 && line.charCodeAt(a.rest) === 124) return { format: 'hexdump-C', swap: false };
  // Plain `hexdump` and `od -x` print 16-bit words in host order: byte-swapped on the usual little-endian host.
  if (!r.colon && (w === 6 || w === 7) && a.group === 4) return { format: 'hexdump', swap: true };
  if (r.colon && w === 8) return { format: 'xxd', swap: false };
  if (!r.colon && (w === 6 || w === 7) && a.group === 2) return { format: 'od', swap: false };
  if (!r.colon && w === 4 && a.group === 2 && a.lead >= 2) return { format: a.lead >= 3 ? 'wireshark-copy' : 'tshark-x', swap: false };
  return { format: 'text2pcap', swap: false };
}

/** Bytes the pending line can supply: its groups left of the gutter column. */
export function available(f: OpenFrame, p: PendingLine): number {
  const t = p.rec.area.toks;
  let n = 0;
  for (let k = 0; k < t.length; k += 2) {
    if ((t[k] ?? 0) >= f.gutterCol) break;
    n += (t[k + 1] ?? 0) / 2;
  }
  return n;
}

/**
 * Settles the offset radix from the first two offsets: od prints octal offsets unless told -Ax, and only the
 * delta that equals the bytes on the line is right.
 */
export function settleRadix(f: OpenFrame, p: PendingLine, nextText: string): void {
  if (f.radixKnown) return;
  f.radixKnown = true;
  const max = available(f, p);
  for (const radix of [16, 8, 10]) {
    const d = offsetValue(nextText, radix) - offsetValue(p.rec.offText, radix);
    if (d === max) {
      f.radix = radix;
      p.off = offsetValue(p.rec.offText, radix);
      if (radix === 8 && f.format === 'hexdump') f.format = 'od-x';
      return;
    }
  }
}

/**
 * Appends the pending line's bytes: `needed` of them when the next offset says so, else all it has.
 * Returns how many bytes the line fell short by (0 when none or unknown).
 */
export function flushPending(f: OpenFrame, lineText: string, needed: number | null): number {
  const p = f.pending;
  if (!p) return 0;
  f.pending = null;
  const a = p.rec.area;
  const max = available(f, p);
  const n = needed === null ? max : Math.min(needed, max);
  if (a.stop === 'odd' && a.oddStart < f.gutterCol && (needed === null || needed > max)) {
    f.problem('hexdump.odd_digits', 'error', `Odd number of hex digits in '${lineText.slice(a.oddStart, a.oddEnd)}'; the rest of the line is skipped`,
      p.line, a.oddStart, a.oddEnd);
  }
  const from = f.b.length;
  let got = 0;
  let cutCol = -1;
  for (let k = 0; k < a.toks.length && got < n; k += 2) {
    const start = a.toks[k] ?? 0;
    const w = a.toks[k + 1] ?? 0;
    const nb = w / 2;
    let j = 0;
    for (; j < nb && got < n; j++, got++) {
      f.b.pushHex(lineText, p.line, f.swap ? start + w - 2 * (j + 1) : start + 2 * j);
    }
    if (got === n && j === nb && k + 2 < a.toks.length) cutCol = a.toks[k + 2] ?? -1;
  }
  // What the offsets cut off, or the text after the groups, is the gutter: later lines stop there too.
  if (cutCol >= 0 && cutCol < f.gutterCol) f.gutterCol = cutCol;
  if (a.rest >= 0 && a.stop !== 'odd' && a.rest < f.gutterCol) f.gutterCol = a.rest;
  f.lastFrom = from;
  f.lastTo = f.b.length;
  f.expected = p.off + n;
  if (p.line > f.endLine) f.endLine = p.line;
  return needed !== null && needed > max && a.stop !== 'odd' ? needed - max : 0;
}

/** Expands a pending `*` up to offset `v`: the last line, repeated. */
export function expandStar(f: OpenFrame, v: number): void {
  const star = f.star;
  if (!star) return;
  f.star = null;
  const row = f.lastTo - f.lastFrom;
  const span = v - f.expected;
  if (row <= 0 || span < 0) {
    f.problem('hexdump.repeat_misaligned', 'error', 'Repeat line (*) without a line to repeat before the next offset', star.line, star.col, star.col + 1);
    return;
  }
  let times = Math.floor(span / row);
  if (span % row !== 0) {
    f.problem('hexdump.repeat_misaligned', 'error', `The next offset is not a whole number of ${row}-byte lines away`, star.line, star.col, star.col + 1);
  }
  if (f.b.length + times * row > MAX_FRAME) {
    times = Math.max(0, Math.floor((MAX_FRAME - f.b.length) / row));
    f.problem('hexdump.repeat_too_long', 'error', `Repeat expansion capped at ${MAX_FRAME} bytes`, star.line, star.col, star.col + 1);
  }
  f.b.repeat(f.lastFrom, f.lastTo, times, star.line, star.col, star.col + 1);
  f.expected += times * row;
  if (star.line > f.endLine) f.endLine = star.line;
}
