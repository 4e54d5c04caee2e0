// Character-level scanning shared by the line classifiers: hex digits and the byte area of a dump line.

/** Value of a hex digit's char code, or -1. */
export function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

export function isHexCode(c: number): boolean {
  return hexVal(c) >= 0;
}

export function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9;
}

/** Index of the first non-blank character at or after `p` (s.length if none). */
export function skipBlanks(s: string, p: number): number {
  while (p < s.length && isSpaceCode(s.charCodeAt(p))) p++;
  return p;
}

/** Why the byte area of a line ended. */
export type AreaStop = 'eol' | 'gap' | 'text' | 'odd' | 'short';

/**
 * The byte area of a dump line: hex groups of one width separated by single spaces. `toks` holds
 * [start, width] pairs. `rest` is the column of the first non-blank text after the area (the ASCII
 * gutter, usually), -1 when the line ends with the area.
 */
export interface Area {
  toks: number[];
  group: number;
  bytes: number;
  stop: AreaStop;
  rest: number;
  /** The odd-length hex run that ended the area (stop 'odd'); -1 otherwise. */
  oddStart: number;
  oddEnd: number;
  /** Blank columns between `pos` and the first group (tells tshark's 2 spaces from Wireshark's 3). */
  lead: number;
}

/**
 * Reads the byte area starting at `pos`. The gutter must never be read as bytes, and tools pad it away
 * from the hex, so the area ends at a tab or at a run of 2+ spaces, except the one extra space that
 * hexdump -C puts after the 8th byte; at a `|`; at a group wider than the first (a gutter word such as
 * "1234" after xxd's 2-byte groups); and just after a shorter group (tcpdump's odd last byte).
 */
export function scanArea(s: string, pos: number): Area {
  const toks: number[] = [];
  const n = s.length;
  let group = 0;
  let bytes = 0;
  let p = pos;
  let lead = 0;
  const done = (stop: AreaStop, rest: number, oddStart = -1, oddEnd = -1): Area => ({
    toks, group, bytes, stop, rest, oddStart, oddEnd, lead,
  });
  for (;;) {
    const gapStart = p;
    let tab = false;
    while (p < n) {
      const c = s.charCodeAt(p);
      if (c === 32) p++;
      else if (c === 9) { tab = true; p++; }
      else break;
    }
    if (p >= n) return done('eol', -1);
    const gap = p - gapStart;
    if (toks.length === 0) lead = gap;
    else if (tab || (gap > 1 && !(gap === 2 && bytes === 8 && group === 2))) return done('gap', p);
    let q = p;
    while (q < n && isHexCode(s.charCodeAt(q))) q++;
    if (q === p || (q < n && !isSpaceCode(s.charCodeAt(q)))) return done('text', p);
    const w = q - p;
    if (w % 2 === 1) return done('odd', p, p, q);
    if (toks.length === 0) group = w;
    else if (w > group) return done('text', p);
    toks.push(p, w);
    bytes += w / 2;
    p = q;
    if (w < group) {
      const r = skipBlanks(s, p);
      return done('short', r < n ? r : -1);
    }
  }
}
