// Line parsers for source-code shaped dumps: C/Go byte arrays (`0xc8, 0x02,`) and escaped string
// literals (Python `b'\xc8\x02E'`, Wireshark's "Copy as Escaped String", bare `\xc8\x02`).

import { hexVal, isHexCode, skipBlanks } from './scan';

export interface LineIssue {
  code: string;
  message: string;
  start: number;
  end: number;
}

/** Bytes found on one line: values, and [start, end) column pairs for each. */
export interface LineBytes {
  vals: number[];
  spans: number[];
  issues: LineIssue[];
}

export interface CArrayLine extends LineBytes {
  /** The line opens an array (`unsigned char pkt1[152] = {`). */
  decl: boolean;
  /** N of `[N]` in the declaration (-1 when absent): checked against the bytes read. */
  declLen: number;
  /** The array's closing brace is on this line. */
  close: boolean;
}

export interface StringLine extends LineBytes {
  /** At least one literal is a Python bytes literal (b'...'). */
  python: boolean;
  /** Code precedes the first literal (`pkt2 = b'...'`): a new statement, hence a new frame. */
  startsStmt: boolean;
  /** The statement goes on (trailing `\`, `+`, `,` or an open parenthesis). */
  cont: boolean;
  /** Parentheses opened minus closed outside the literals. */
  depth: number;
}

const isIdent = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

// What may precede the `{` of a byte-array declaration: `... = {`, Go's `[]byte{`, C++ `x[]{`.
const DECL_PREFIX = /(?:=|\bbyte|\])$/;

/** Parses a C-array line (declaration, row of 0xNN items, or closing brace); null if it is not one. */
export function parseCArrayLine(s: string): CArrayLine | null {
  const out: CArrayLine = { decl: false, declLen: -1, close: false, vals: [], spans: [], issues: [] };
  let p = skipBlanks(s, 0);
  const brace = s.indexOf('{');
  let closer = 125; // '}'
  if (brace >= 0) {
    const prefix = s.slice(0, brace).trimEnd();
    if (prefix !== '' && !DECL_PREFIX.test(prefix)) return null;
    out.decl = true;
    const m = /\[\s*(\d+)\s*\]/.exec(prefix);
    if (m?.[1] !== undefined) out.declLen = Number(m[1]);
    p = brace + 1;
  } else {
    // A Python/JS list of 0x items: `pkt = [0x45, 0x00]`.
    const m = /^(.*?[=(])\s*\[\s*0[xX]/.exec(s);
    if (m?.[1] !== undefined) {
      out.decl = true;
      closer = 93; // ']'
      p = s.indexOf('[', m[1].length) + 1;
    } else {
      const c = s.charCodeAt(p);
      const isItem = c === 48 && (s.charCodeAt(p + 1) | 32) === 120;
      if (!isItem && c !== 125 && c !== 93) return null;
      if (!isItem) closer = c;
    }
  }
  const n = s.length;
  while (p < n) {
    p = skipBlanks(s, p);
    if (p >= n) break;
    const c = s.charCodeAt(p);
    if (c === 44) { p++; continue; } // ','
    if (c === closer || c === 125 || c === 93) { out.close = true; break; }
    if (c === 47 && s.charCodeAt(p + 1) === 47) break; // '//' comment: Wireshark's `// |ascii|` gutter
    if (c === 47 && s.charCodeAt(p + 1) === 42) {
      const e = s.indexOf('*/', p + 2);
      if (e < 0) break;
      p = e + 2;
      continue;
    }
    if (c === 48 && (s.charCodeAt(p + 1) | 32) === 120) {
      let q = p + 2;
      while (q < n && isHexCode(s.charCodeAt(q))) q++;
      const nd = q - p - 2;
      if (nd >= 1 && nd <= 2 && (q >= n || !isIdent(s.charCodeAt(q)))) {
        let v = 0;
        for (let k = p + 2; k < q; k++) v = v * 16 + hexVal(s.charCodeAt(k));
        out.vals.push(v);
        out.spans.push(p + 2, q);
        p = q;
        continue;
      }
      let e = q;
      while (e < n && isIdent(s.charCodeAt(e))) e++;
      out.issues.push({ code: 'hexdump.bad_item', message: `'${s.slice(p, e)}' is not a one-byte value`, start: p, end: e });
      break;
    }
    if (out.vals.length === 0 && !out.decl) return null;
    let e = p;
    while (e < n && s.charCodeAt(e) !== 44 && s.charCodeAt(e) !== 32) e++;
    out.issues.push({ code: 'hexdump.bad_item', message: `'${s.slice(p, e)}' is not a 0xNN byte`, start: p, end: e });
    break;
  }
  if (!out.decl && !out.close && out.vals.length === 0) return null;
  return out;
}

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 10, r: 13, t: 9, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11,
};

/** Parses a line holding escaped string literals or bare `\xNN` runs; null if it holds none. */
export function parseStringLine(s: string): StringLine | null {
  if (s.indexOf('\\x') < 0 && s.indexOf("b'") < 0 && s.indexOf('b"') < 0 && s.indexOf("B'") < 0 && s.indexOf('B"') < 0) {
    return null;
  }
  const out: StringLine = { python: false, startsStmt: false, cont: false, depth: 0, vals: [], spans: [], issues: [] };
  const n = s.length;
  const first = skipBlanks(s, 0);
  if (s.charCodeAt(first) === 92 && s.charCodeAt(first + 1) === 120) return bareEscapes(s, first, out);
  let prefixEnd = -1;
  let lastEnd = 0;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 35 && prefixEnd >= 0) break; // '#' comment after code
    if (c === 40) out.depth++;
    else if (c === 41) out.depth--;
    if (c !== 39 && c !== 34) { i++; continue; }
    const pc = i > 0 ? s.charCodeAt(i - 1) : 0;
    const ppc = i > 1 ? s.charCodeAt(i - 2) : 0;
    const isB = (pc === 98 || pc === 66) && !isIdent(ppc);
    const isRaw = pc === 114 || pc === 82 || ((pc === 98 || pc === 66) && (ppc === 114 || ppc === 82));
    if ((isIdent(pc) && !isB) || isRaw) { i++; continue; } // an apostrophe in prose, or a raw literal
    const lit = decodeLiteral(s, i + 1, c);
    if (isB || lit.hasX) {
      if (prefixEnd < 0) prefixEnd = isB ? i - 1 : i;
      if (isB) out.python = true;
      for (const v of lit.vals) out.vals.push(v);
      for (const v of lit.spans) out.spans.push(v);
      for (const v of lit.issues) out.issues.push(v);
      if (lit.end < 0) {
        out.issues.push({ code: 'hexdump.unterminated_string', message: 'String literal not closed on this line', start: i, end: n });
        out.cont = true;
      }
    }
    if (lit.end < 0) { lastEnd = n; break; }
    i = lit.end + 1;
    if (prefixEnd >= 0) lastEnd = i;
  }
  if (prefixEnd < 0) return null;
  const prefix = s.slice(0, prefixEnd).replace(/\s+/g, '');
  out.startsStmt = prefix !== '' && !/^[(+,]*$/.test(prefix);
  const suffix = s.slice(lastEnd).replace(/#.*$/, '').trim();
  out.cont ||= /[\\+,(]$/.test(suffix);
  return out;
}

interface Literal extends LineBytes {
  /** Index of the closing quote, -1 if the line ends first. */
  end: number;
  hasX: boolean;
}

function decodeLiteral(s: string, k: number, quote: number): Literal {
  const lit: Literal = { vals: [], spans: [], issues: [], end: -1, hasX: false };
  const n = s.length;
  while (k < n) {
    const c = s.charCodeAt(k);
    if (c === quote) { lit.end = k; return lit; }
    if (c !== 92) {
      if (c < 0x80) { lit.vals.push(c); lit.spans.push(k, k + 1); }
      else lit.issues.push({ code: 'hexdump.non_ascii', message: 'Non-ASCII character in a byte string', start: k, end: k + 1 });
      k++;
      continue;
    }
    if (k + 1 >= n) return lit; // backslash-newline: the literal goes on on the next line
    const e = s[k + 1] ?? '';
    if (e === 'x') {
      const h = hexVal(s.charCodeAt(k + 2));
      const l = hexVal(s.charCodeAt(k + 3));
      if (h >= 0 && l >= 0) {
        lit.vals.push(h * 16 + l);
        lit.spans.push(k + 2, k + 4);
        lit.hasX = true;
        k += 4;
      } else {
        // Skip what was meant as the two digits, but never the closing quote.
        let e2 = k + 2;
        while (e2 < n && e2 < k + 4 && s.charCodeAt(e2) !== quote) e2++;
        lit.issues.push({ code: 'hexdump.bad_escape', message: '\\x needs two hex digits', start: k, end: e2 });
        k = e2;
      }
      continue;
    }
    if (e >= '0' && e <= '7') {
      let q = k + 1;
      let v = 0;
      while (q < n && q < k + 4 && s.charCodeAt(q) >= 48 && s.charCodeAt(q) <= 55) v = v * 8 + s.charCodeAt(q++) - 48;
      lit.vals.push(v & 0xff);
      lit.spans.push(k, q);
      k = q;
      continue;
    }
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      lit.vals.push(simple);
      lit.spans.push(k, k + 2);
      k += 2;
      continue;
    }
    // Python keeps an unknown escape as the backslash plus the character.
    lit.vals.push(92);
    lit.spans.push(k, k + 1);
    k++;
  }
  return lit;
}

function bareEscapes(s: string, p: number, out: StringLine): StringLine | null {
  const n = s.length;
  while (p + 3 < n && s.charCodeAt(p) === 92 && s.charCodeAt(p + 1) === 120) {
    const h = hexVal(s.charCodeAt(p + 2));
    const l = hexVal(s.charCodeAt(p + 3));
    if (h < 0 || l < 0) {
      out.issues.push({ code: 'hexdump.bad_escape', message: '\\x needs two hex digits', start: p, end: p + 4 });
      break;
    }
    out.vals.push(h * 16 + l);
    out.spans.push(p + 2, p + 4);
    p = skipBlanks(s, p + 4);
  }
  // Unquoted runs have no statement syntax: consecutive lines make one frame, like wrapped hex.
  out.cont = true;
  return out.vals.length >= 2 ? out : null;
}
