// Display-filter tokens (Wireshark 4.0 scanner rules) and the literal values words/strings/chars denote per field type.

import { typeBits } from '../fields';
import type { FieldDef } from '../fields';

export type TokenKind = 'word' | 'string' | 'char' | 'op' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The token's source text ('' for eof). */
  readonly text: string;
  readonly offset: number;
  readonly end: number;
  /** Strings: the decoded text; chars: the code as decimal text. */
  readonly value?: string;
  /** Strings: the decoded bytes (escapes like \xff are bytes, other characters UTF-8). */
  readonly bytes?: Uint8Array;
  /** Strings written r"..." (backslashes kept). */
  readonly raw?: boolean;
}

export interface LexError {
  error: string;
  offset: number;
}

const OPS = ['===', '!==', '==', '!=', '~=', '>=', '<=', '&&', '||', '>', '<', '!', '~', '&'] as const;
const PUNCT = '()[]{},';

/** Characters of an unquoted word: field names, numbers, addresses, byte strings, slice ranges. */
export function isWordChar(c: string): boolean {
  return /[A-Za-z0-9_.:\-/]/.test(c);
}

export function tokenize(text: string): Token[] | LexError {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if ((c === 'r' || c === 'R') && text.charAt(i + 1) === '"') {
      const s = lexString(text, i + 1, true);
      if ('error' in s) return s;
      out.push({ kind: 'string', text: text.slice(i, s.end), offset: i, end: s.end, value: s.value, bytes: s.bytes, raw: true });
      i = s.end;
      continue;
    }
    if (c === '"') {
      const s = lexString(text, i, false);
      if ('error' in s) return s;
      out.push({ kind: 'string', text: text.slice(i, s.end), offset: i, end: s.end, value: s.value, bytes: s.bytes });
      i = s.end;
      continue;
    }
    if (c === "'") {
      const ch = lexChar(text, i);
      if ('error' in ch) return ch;
      out.push({ kind: 'char', text: text.slice(i, ch.end), offset: i, end: ch.end, value: String(ch.code) });
      i = ch.end;
      continue;
    }
    if (isWordChar(c)) {
      let j = i + 1;
      while (j < text.length && isWordChar(text.charAt(j))) j++;
      out.push({ kind: 'word', text: text.slice(i, j), offset: i, end: j });
      i = j;
      continue;
    }
    if (PUNCT.includes(c)) {
      out.push({ kind: 'punct', text: c, offset: i, end: i + 1 });
      i++;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op) {
      out.push({ kind: 'op', text: op, offset: i, end: i + op.length });
      i += op.length;
      continue;
    }
    if (c === '=') return { error: "'=' is not an operator: use '==' (or 'eq') to compare.", offset: i };
    if (c === '|') return { error: "'|' is not an operator: use '||' (or 'or').", offset: i };
    return { error: `Unexpected character '${c}'.`, offset: i };
  }
  out.push({ kind: 'eof', text: '', offset: text.length, end: text.length });
  return out;
}

interface Lexed {
  end: number;
  value: string;
  bytes: Uint8Array;
}

const SIMPLE_ESC: Readonly<Record<string, number>> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34, "'": 39 };

/** A double-quoted string starting at `start` (the quote). */
function lexString(text: string, start: number, raw: boolean): Lexed | LexError {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '"') return { end: i + 1, bytes: Uint8Array.from(bytes), value: decodeText(Uint8Array.from(bytes)) };
    if (c === '\\') {
      if (raw) {
        // Raw strings keep every backslash; an escaped quote does not end the string.
        bytes.push(92);
        const n = text.charAt(i + 1);
        if (n === '"' || n === '\\') {
          bytes.push(n.charCodeAt(0));
          i += 2;
        } else i++;
        continue;
      }
      const e = escape(text, i);
      if ('error' in e) return e;
      if (e.byte !== undefined) bytes.push(e.byte);
      else pushUtf8(bytes, e.code);
      i = e.end;
      continue;
    }
    const cp = text.codePointAt(i) ?? 0;
    pushUtf8(bytes, cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return { error: `The string starting here is not terminated: expected a closing '"'.`, offset: raw ? start - 1 : start };
}

/** A C char constant: 'a', '\n', '\x0a', '\012'. */
function lexChar(text: string, start: number): { end: number; code: number } | LexError {
  let i = start + 1;
  let code: number;
  const c = text.charAt(i);
  if (c === '' || c === "'") return { error: "Empty or unterminated character constant: expected a character and a closing '''.", offset: start };
  if (c === '\\') {
    const e = escape(text, i);
    if ('error' in e) return e;
    code = e.byte ?? e.code;
    i = e.end;
  } else {
    code = text.codePointAt(i) ?? 0;
    i += code > 0xffff ? 2 : 1;
  }
  if (text.charAt(i) !== "'") return { error: "Character constant is not terminated: expected a closing '''.", offset: start };
  return { end: i + 1, code };
}

/** One escape sequence at `i` (the backslash): a raw byte (\x, octal) or a code point (\u, \U, simple). */
function escape(text: string, i: number): { end: number; byte?: number; code: number } | LexError {
  const n = text.charAt(i + 1);
  if (n === '') return { error: 'A backslash ends the filter: expected an escape sequence.', offset: i };
  const simple = SIMPLE_ESC[n];
  if (simple !== undefined) return { end: i + 2, code: simple };
  if (n === 'x') {
    const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2));
    if (!m) return { error: "'\\x' must be followed by one or two hex digits.", offset: i };
    const b = parseInt(m[0], 16);
    return { end: i + 2 + m[0].length, byte: b, code: b };
  }
  if (/[0-7]/.test(n)) {
    const m = /^[0-7]{1,3}/.exec(text.slice(i + 1)) ?? ['0'];
    const b = parseInt(m[0], 8);
    if (b > 255) return { error: `Octal escape '\\${m[0]}' is larger than a byte.`, offset: i };
    return { end: i + 1 + m[0].length, byte: b, code: b };
  }
  if (n === 'u' || n === 'U') {
    const len = n === 'u' ? 4 : 8;
    const hex = text.slice(i + 2, i + 2 + len);
    if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return { error: `'\\${n}' must be followed by ${len} hex digits.`, offset: i };
    const cp = parseInt(hex, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return { error: `'\\${n}${hex}' is not a valid Unicode code point.`, offset: i };
    return { end: i + 2 + len, code: cp };
  }
  return { error: `'\\${n}' is not a valid escape sequence (write '\\\\' for a backslash, or use a raw string r"…").`, offset: i };
}

function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

/** UTF-8 text of the bytes; when they are not valid UTF-8, one character per byte (Latin-1). */
export function decodeText(b: Uint8Array): string {
  let s = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0 || i + n >= b.length) return latin1(b);
    let cp = n === 0 ? c : c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k] ?? 0;
      if ((d & 0xc0) !== 0x80) return latin1(b);
      cp = (cp << 6) | (d & 63);
    }
    if ((n === 2 && cp < 0x800) || (n === 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) return latin1(b);
    s += String.fromCodePoint(cp);
    i += n + 1;
  }
  return s;
}

export function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i] ?? 0);
  return s;
}

/** UTF-8 bytes of a string. */
export function encodeText(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) pushUtf8(out, ch.codePointAt(0) ?? 0);
  return Uint8Array.from(out);
}

// ---- Literal values: what an unquoted word, a string or a char means against a field of a given type ----

/** The value classes the filter compares (integers and booleans are bigint; times are bigint nanoseconds). */
export type Cls = 'int' | 'ipv4' | 'ipv6' | 'bytes' | 'str' | 'time' | 'double';
/** An IPv4 address as an unsigned 32-bit number, with a CIDR prefix length (32 for a host). */
export interface Ip4 { readonly a: number; readonly p: number }
/** An IPv6 address (16 bytes) with a prefix length (128 for a host). */
export interface Ip6 { readonly b: Uint8Array; readonly p: number }
export type Val = bigint | number | string | Uint8Array | Ip4 | Ip6;

/** A literal operand as the parser hands it over. */
export type Lit =
  | { readonly t: 'word'; readonly text: string; readonly offset: number }
  | { readonly t: 'string'; readonly value: string; readonly bytes: Uint8Array; readonly offset: number }
  | { readonly t: 'char'; readonly code: number; readonly offset: number };

export function parseIpv4(s: string): Ip4 | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  const o = [m[1], m[2], m[3], m[4]].map(Number);
  if (o.some((x) => x > 255)) return undefined;
  const p = m[5] === undefined ? 32 : Number(m[5]);
  if (p > 32) return undefined;
  return { a: (((o[0] ?? 0) << 24) | ((o[1] ?? 0) << 16) | ((o[2] ?? 0) << 8) | (o[3] ?? 0)) >>> 0, p };
}

export function parseIpv6(s: string): Ip6 | undefined {
  let text = s;
  let p = 128;
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const pre = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(pre) || Number(pre) > 128) return undefined;
    p = Number(pre);
    text = s.slice(0, slash);
  }
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const g = parts[i] ?? '';
      if (i === parts.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (!v4 || g.includes('/')) return undefined;
        out.push(v4.a >>> 16, v4.a & 0xffff);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const n = head.length + tail.length;
  if (halves.length === 2 ? n > 7 : n !== 8) return undefined;
  const all = [...head, ...new Array<number>(8 - n).fill(0), ...tail];
  const b = new Uint8Array(16);
  all.forEach((g, i) => {
    b[i * 2] = g >> 8;
    b[i * 2 + 1] = g & 255;
  });
  return { b, p };
}

/** RFC 5952 text of 16 bytes. */
export function formatIpv6(b: Uint8Array): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(((b[i * 2] ?? 0) << 8) | (b[i * 2 + 1] ?? 0));
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (xs: number[]): string => xs.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

/** Hex bytes separated by ':', '-' or '.' (one or two digits each), or an even run of hex digits. */
export function parseByteString(s: string): Uint8Array | undefined {
  if (/^[0-9a-fA-F]{1,2}([:.-][0-9a-fA-F]{1,2})*$/.test(s)) return Uint8Array.from(s.split(/[:.-]/), (h) => parseInt(h, 16));
  if (/^([0-9a-fA-F]{2})+$/.test(s)) return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
  return undefined;
}

/** A MAC address: 6 bytes as bytes ("02:00:5e:00:00:0a", "02-00-5e-…"), "0200.5e00.000a" or 12 hex digits. */
export function parseMac(s: string): Uint8Array | undefined {
  const m = /^([0-9a-fA-F]{4})[.-]([0-9a-fA-F]{4})[.-]([0-9a-fA-F]{4})$/.exec(s);
  const b = m ? parseByteString(`${m[1]}${m[2]}${m[3]}`) : parseByteString(s);
  return b && b.length === 6 ? b : undefined;
}

/** Decimal, 0x hex, 0b binary or leading-0 octal, with an optional sign. */
export function parseInteger(s: string): bigint | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2] ?? '0';
  const v = /^0[0-7]+$/.test(body) ? BigInt(`0o${body.slice(1)}`) : BigInt(body);
  return m[1] === '-' ? -v : v;
}

/** "SECONDS.FRACTION" → nanoseconds (exact; digits past nanoseconds are dropped). */
export function parseTime(s: string): bigint | undefined {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(s.trim());
  if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) return undefined;
  const ns = BigInt(m[2] || '0') * 1_000_000_000n + BigInt(((m[3] ?? '') + '000000000').slice(0, 9));
  return m[1] === '-' ? -ns : ns;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** An absolute time in UTC: "2024-01-31 12:00:00[.frac][Z]", ISO with 'T', or "Jan 31, 2024 12:00:00[.frac]". */
export function parseDate(s: string): bigint | undefined {
  let y: number, mo: number, d: number, rest: string;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+(.*))?$/.exec(s.trim());
  if (m) {
    y = Number(m[1]); mo = Number(m[2]) - 1; d = Number(m[3]); rest = m[4] ?? '';
  } else {
    m = /^([A-Za-z]{3})[a-z]*\s+(\d{1,2}),\s*(\d{4})(?:\s+(.*))?$/.exec(s.trim());
    if (!m) return undefined;
    mo = MONTHS.indexOf((m[1] ?? '').toLowerCase()); d = Number(m[2]); y = Number(m[3]); rest = m[4] ?? '';
    if (mo < 0) return undefined;
  }
  const t = /^(?:(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(?:Z|UTC)?$/i.exec(rest);
  if (!t || mo > 11 || d < 1 || d > 31) return undefined;
  const ms = Date.UTC(y, mo, d, Number(t[1] ?? 0), Number(t[2] ?? 0), Number(t[3] ?? 0));
  if (!Number.isFinite(ms)) return undefined;
  return BigInt(ms / 1000) * 1_000_000_000n + BigInt(((t[4] ?? '') + '000000000').slice(0, 9));
}

/** Wireshark's `matches`: PCRE, case-insensitive by default; leading (?i) (?-i) (?s) (?m) options are honoured. */
export function regexOf(pattern: string): RegExp | string {
  const flags = new Set(['i']);
  let p = pattern;
  for (;;) {
    const m = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?\)/.exec(p);
    if (!m) break;
    for (const c of m[1] ?? '') {
      if (!'ims'.includes(c)) return `Regular expression option '${c}' is not supported (only i, m and s).`;
      flags.add(c);
    }
    for (const c of m[2] ?? '') {
      if (!'ims'.includes(c)) return `Regular expression option '${c}' is not supported (only i, m and s).`;
      flags.delete(c);
    }
    p = p.slice(m[0].length);
  }
  try {
    return new RegExp(p, [...flags].join(''));
  } catch (e) {
    return `Invalid regular expression: ${e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e)}.`;
  }
}

export function isLexError(v: Val | LexError): v is LexError {
  return typeof v === 'object' && !(v instanceof Uint8Array) && 'error' in v;
}

function litText(o: Lit): string {
  return o.t === 'word' ? o.text : o.t === 'string' ? o.value : String.fromCodePoint(o.code);
}

function litShow(o: Lit): string {
  return o.t === 'string' ? `"${o.value}"` : o.t === 'char' ? `'${String.fromCodePoint(o.code)}'` : `'${o.text}'`;
}

/** Looks like a field abbreviation (so a failed literal was probably a misspelt field). */
function fieldLike(s: string): boolean {
  return /^[A-Za-z_][\w-]*(\.[\w-]+)+$/.test(s) && !/^[0-9a-fA-F]{1,4}(\.[0-9a-fA-F]{1,4})+$/.test(s);
}

/** A value name of an integer field (case-insensitive; "Long name (SHORT)" answers to either part). */
function valueName(f: FieldDef | undefined, name: string): bigint | undefined {
  if (!f) return undefined;
  const want = name.trim().toLowerCase();
  if (f.type === 'bool') {
    const [t, fl] = f.tfs ?? ['True', 'False'];
    if (want === 'true' || want === t.toLowerCase()) return 1n;
    if (want === 'false' || want === fl.toLowerCase()) return 0n;
    return undefined;
  }
  if (!f.vals) return undefined;
  const keys = Object.keys(f.vals).map(Number).sort((a, b) => a - b);
  const forms = (text: string): string[] => {
    const t = text.toLowerCase();
    const m = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(t);
    return m ? [t, m[1] ?? '', m[2] ?? ''] : [t];
  };
  for (const k of keys) {
    const text = f.vals[k];
    if (text !== undefined && forms(text).includes(want)) return BigInt(k);
  }
  for (const [k, text] of Object.entries(f.altVals ?? {})) {
    if (text.toLowerCase() === want) return BigInt(k);
  }
  return undefined;
}

/**
 * Converts a literal to a value of class `cls`, the type of the operand it is compared with (`f` when that
 * operand is a single field: its value names, boolean names, integer width and MAC format apply).
 */
export function literalValue(o: Lit, cls: Cls, f: FieldDef | undefined, label: string, typeName: string): Val | LexError {
  const text = litText(o);
  const fail = (why: string): LexError => {
    if (o.t === 'word' && fieldLike(o.text)) return { error: `'${o.text}' is neither a field nor a protocol name.`, offset: o.offset };
    return { error: `${litShow(o)} ${why}`, offset: o.offset };
  };
  switch (cls) {
    case 'int': {
      let v: bigint | undefined;
      if (o.t === 'char') v = BigInt(o.code);
      else if (o.t === 'word') v = parseInteger(o.text) ?? valueName(f, o.text);
      else v = valueName(f, o.value);
      if (v === undefined) {
        if (f && (f.vals || f.type === 'bool')) return fail(`is neither a number nor a value name of '${f.abbrev}' (${typeName}).`);
        return fail(`cannot be converted to ${typeName}.`);
      }
      if (f?.type === 'bool') return v !== 0n ? 1n : 0n;
      const bits = f ? typeBits(f.type) : 0;
      if (f && bits > 0) {
        const signed = f.type.startsWith('int');
        const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
        const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
        if (v > max) return { error: `${litShow(o)} is too big for '${label}' (${typeName}), maximum ${max}.`, offset: o.offset };
        if (v < min) return { error: `${litShow(o)} is too small for '${label}' (${typeName}), minimum ${min}.`, offset: o.offset };
      }
      return v;
    }
    case 'ipv4': {
      const v = o.t === 'char' ? undefined : parseIpv4(text);
      if (v) return v;
      if (/^[A-Za-z][\w.-]*(\/\d+)?$/.test(text) && !(o.t === 'word' && fieldLike(text))) {
        return { error: `${litShow(o)} is not a valid IPv4 address (host names are not resolved).`, offset: o.offset };
      }
      return fail('is not a valid IPv4 address.');
    }
    case 'ipv6': {
      const v = o.t === 'char' ? undefined : parseIpv6(text);
      return v ?? fail('is not a valid IPv6 address.');
    }
    case 'bytes': {
      if (f?.type === 'ether') {
        const v = o.t === 'char' ? undefined : parseMac(text);
        return v ?? fail('is not a valid Ethernet address (expected 6 bytes, e.g. 02:00:5e:00:00:0a).');
      }
      if (o.t === 'string') return o.bytes;
      if (o.t === 'char') return o.code <= 255 ? Uint8Array.of(o.code) : encodeText(String.fromCodePoint(o.code));
      const b = parseByteString(o.text);
      if (b) return b;
      const n = /^0[xX][0-9a-fA-F]+$/.test(o.text) ? parseInteger(o.text) : undefined;
      if (n !== undefined && n <= 0xffn) return Uint8Array.of(Number(n));
      return fail('is not a valid byte sequence (write hex bytes like 01:02:0a, or a quoted string).');
    }
    case 'str':
      return text;
    case 'time': {
      const v = o.t === 'char' ? undefined : (parseTime(text) ?? (f?.type === 'time_abs' ? parseDate(text) : undefined));
      if (v !== undefined) return v;
      return fail(f?.type === 'time_abs' ? 'is not a valid time (seconds since the epoch, or "YYYY-MM-DD hh:mm:ss" in UTC).' : 'is not a valid time offset in seconds.');
    }
    case 'double': {
      const v = o.t === 'char' ? undefined : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : undefined;
      return v ?? fail('is not a valid number.');
    }
  }
}
