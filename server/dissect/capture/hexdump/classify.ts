// Pass 1 of the reader: what each line of the text is, independent of its neighbours.

import { parseDirective, parseSummary } from './directive';
import type { Directive, Summary } from './directive';
import { parseCArrayLine, parseStringLine } from './literals';
import type { CArrayLine, StringLine } from './literals';
import { scanArea, skipBlanks } from './scan';
import type { Area } from './scan';

/** A dump line that starts with an offset (xxd, hexdump -C, od, tcpdump, tshark, text2pcap...). */
export interface OffsetLine {
  kind: 'offset';
  offText: string;
  offStart: number;
  offEnd: number;
  colon: boolean;
  ox: boolean;
  area: Area;
  /** The same line read as offset-less groups, when that is also a sensible reading (`c802 006e ...`). */
  alt: RowLine | null;
}

/** Hex without offsets: a contiguous stream (`c802006e...`, xxd -p) or space-separated groups. */
export interface RowLine {
  kind: 'row';
  area: Area;
  contiguous: boolean;
  /** Convincing enough to start a frame on its own (continuation lines need less). */
  startOk: boolean;
  /** Column range of a line's single bare token (maybe hexdump's / od's final length line), else -1. */
  loneStart: number;
  loneEnd: number;
}

export type LineRec =
  | { kind: 'blank' }
  | { kind: 'prose'; summary: Summary | null }
  | { kind: 'directive'; directive: Directive }
  | { kind: 'star'; col: number }
  | OffsetLine
  | RowLine
  | ({ kind: 'carray' } & CArrayLine)
  | ({ kind: 'string' } & StringLine);

const PROSE: LineRec = { kind: 'prose', summary: null };
const OFFSET = /(0[xX])?([0-9a-fA-F]+)(:?)(?=[ \t])/y;

/** Classifies one line (already stripped of its line break; a leading `>` quote is blanked out). */
export function classifyLine(s: string): LineRec {
  const p = skipBlanks(s, 0);
  if (p >= s.length) return { kind: 'blank' };
  const c = s.charCodeAt(p);
  if (c === 35 || c === 47 || c === 60) { // '#', '/', '<': comments, or a directive
    if (s.indexOf('l2tp-lens', p) >= 0) {
      const directive = parseDirective(s);
      if (directive) return { kind: 'directive', directive };
    }
    if (c === 35 || s.charCodeAt(p + 1) === 47 || s.charCodeAt(p + 1) === 42) return PROSE;
  }
  if (c === 42 && skipBlanks(s, p + 1) >= s.length) return { kind: 'star', col: p };
  if (c >= 48 && c <= 57) {
    const summary = parseSummary(s);
    if (summary) return { kind: 'prose', summary };
  }
  const str = parseStringLine(s);
  if (str) return { kind: 'string', ...str };
  if (s.indexOf('0x', p) >= 0 || s.indexOf('0X', p) >= 0 || s.indexOf('{', p) >= 0 || c === 125 || c === 93) {
    // "0x0000:  4500 ..." (tcpdump) reads no item and declares nothing, so it comes back null.
    const arr = parseCArrayLine(s);
    if (arr) return { kind: 'carray', ...arr };
  }
  if (!isHexStart(c)) return PROSE;
  return offsetLine(s, p) ?? rowLine(s, p) ?? PROSE;
}

function isHexStart(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function offsetLine(s: string, p: number): OffsetLine | null {
  OFFSET.lastIndex = p;
  const m = OFFSET.exec(s);
  if (!m || m[2] === undefined) return null;
  const ox = m[1] !== undefined;
  const digits = m[2];
  // text2pcap wants more than two digits; two would swallow plain "c8 02 ..." rows.
  if (digits.length > 8 || (!ox && digits.length < 3)) return null;
  const colon = m[3] === ':';
  const offStart = p + (ox ? 2 : 0);
  const offEnd = offStart + digits.length;
  const area = scanArea(s, offEnd + (colon ? 1 : 0));
  if (area.toks.length === 0 && area.stop !== 'odd') return null;
  const alt = !ox && !colon && digits.length % 2 === 0 ? rowLine(s, p) : null;
  return { kind: 'offset', offText: digits, offStart, offEnd, colon, ox, area, alt };
}

function rowLine(s: string, p: number): RowLine | null {
  let q = p;
  if (s.charCodeAt(q) === 48 && (s.charCodeAt(q + 1) | 32) === 120) q += 2; // 0x-prefixed stream
  const area = scanArea(s, q);
  const odd = area.stop === 'odd';
  if (area.toks.length === 0 && !odd) return null;
  // Prose must not become a frame: only a gutter set apart by 2+ spaces or a `|` may follow the groups.
  let tailOk: boolean;
  if (area.stop === 'eol') tailOk = true;
  else if (area.stop === 'short') tailOk = area.rest < 0;
  else if (odd) tailOk = allHexRuns(s, p);
  else tailOk = area.bytes >= 8 && (area.stop === 'gap' || s.charCodeAt(area.rest) === 124);
  if (!tailOk) return null;
  const contiguous = area.toks.length / 2 + (odd ? 1 : 0) === 1;
  let startOk: boolean;
  if (contiguous) {
    const start = area.toks[0] ?? area.oddStart;
    const end = odd ? area.oddEnd : start + (area.toks[1] ?? 0);
    startOk = q > p || convincingStream(s, start, end);
  } else startOk = area.bytes >= 4;
  let loneStart = -1;
  let loneEnd = -1;
  if (q === p && area.toks.length === 2 && area.stop === 'eol') {
    loneStart = area.toks[0] ?? 0;
    loneEnd = loneStart + (area.toks[1] ?? 0);
  } else if (q === p && area.toks.length === 0 && odd && skipBlanks(s, area.oddEnd) >= s.length) {
    loneStart = area.oddStart;
    loneEnd = area.oddEnd;
  }
  return { kind: 'row', area, contiguous, startOk, loneStart, loneEnd };
}

/** A lone word must look like data, not like "deadbeef" or a phone number. */
function convincingStream(s: string, start: number, end: number): boolean {
  const len = end - start;
  if (len < 8) return false;
  if (len >= 24) return true;
  let letters = 0;
  for (let i = start; i < end; i++) if (s.charCodeAt(i) > 57) letters++;
  return letters > 0 && letters < len;
}

function allHexRuns(s: string, p: number): boolean {
  return /^[0-9a-fA-F]+(?:[ \t]+[0-9a-fA-F]+)*[ \t]*$/.test(s.slice(p));
}
