// Field values as `tshark -T fields` prints them (tshark 4.0): booleans 1/0, masked values shifted,
// hex bases zero-padded to the type's width, dec-hex in decimal, bytes as contiguous hex, strings escaped.

import { fieldCount, typeBits } from './fields';
import type { FieldDef, FieldValue } from './fields';
import type { FieldHit } from './builder';
import { HEX } from './tvb';
import { ByteSink } from './byteSink';

export function hexBytes(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i] ?? 0];
  return s;
}

/** tshark's escaping of string values in fields output (backslashes stay as they are in tshark 4.0). */
export function escapeString(s: string): string {
  if (!/[\t\n\r]/.test(s)) return s;
  return s.replace(/[\t\n\r]/g, (c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export function formatValue(f: FieldDef, v: FieldValue | undefined, bytes?: Uint8Array, label?: string): string {
  // tshark prints a protocol by its label, bytes or abbreviation (see FieldDef.fieldsRepr), and a
  // text-only (FT_NONE) item as 1: "present".
  if (f.type === 'protocol') {
    if (f.fieldsRepr === 'bytes' && bytes) return hexBytes(bytes);
    if (f.fieldsRepr === 'label' && label !== undefined) return label;
    return f.abbrev;
  }
  if (f.type === 'none') return '1';
  if (v === undefined) return bytes ? hexBytes(bytes) : '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  const bits = typeBits(f.type);
  if (bits > 0 && f.type !== 'framenum' && (f.base === 'hex' || f.base === 'hex_dec')) {
    if (typeof v === 'string') return `0x${BigInt(v).toString(16).padStart(bits / 4, '0')}`;
    if (bits <= 16 && v >= 0 && v < 0x10000 && (v | 0) === v) {
      // 8- and 16-bit hex texts are cached: the same few values repeat on every frame.
      const cache = bits === 8 ? HEX8 : HEX16;
      return (cache[v] ??= `0x${v.toString(16).padStart(bits / 4, '0')}`);
    }
    return `0x${(v >>> 0).toString(16).padStart(bits / 4, '0')}`;
  }
  if (typeof v === 'string') return f.type === 'string' ? escapeString(v) : v;
  if (v >= 0 && v < 0x10000 && (v | 0) === v) return (DEC[v] ??= String(v));
  return String(v);
}

// How a field's cells print, decided once per field (see cellKind): the low nibble is the number of hex
// digits of its integers (0: decimal), then these flags.
/** A protocol or text-only item: formatValue decides (label, bytes, abbreviation or 1). */
const C_PROTO = 0x10;
/** Hex wider than 32 bits (64-bit values are decimal strings): formatValue. */
const C_WIDE = 0x20;
/** A string field: tshark's escaping applies. */
const C_ESCAPE = 0x40;
/** Set on every computed kind (0 in the cache: not yet known). */
const C_KNOWN = 0x80;

function cellKind(f: FieldDef): number {
  if (f.type === 'protocol' || f.type === 'none') return C_KNOWN | C_PROTO;
  const bits = typeBits(f.type);
  let k = C_KNOWN;
  if (bits > 0 && f.type !== 'framenum' && (f.base === 'hex' || f.base === 'hex_dec')) k |= bits <= 32 ? bits / 4 : C_WIDE;
  if (f.type === 'string') k |= C_ESCAPE;
  return k;
}

/** Lazily filled texts of small integers (decimal; hex at 8 and 16 bits), so fields output makes no garbage for them. */
const DEC = new Array<string | undefined>(0x10000).fill(undefined);
const HEX8 = new Array<string | undefined>(0x100).fill(undefined);
const HEX16 = new Array<string | undefined>(0x10000).fill(undefined);

export type Occurrence = 'a' | 'f' | 'l' | number;

export interface FieldsOptions {
  separator: string;
  aggregator: string;
  occurrence: Occurrence;
  quote: '' | '"' | "'";
  header: boolean;
}

export const defaultFieldsOptions: FieldsOptions = { separator: '\t', aggregator: ',', occurrence: 'a', quote: '', header: false };

/**
 * Writes one line per frame, as bytes, from the hits a FieldsBuilder recorded; columns resolved once. A hit's
 * text goes to a scratch sink as it comes (tree order), linked to its column; the line is then assembled in
 * column order. Integers are written as digits, never as strings.
 */
export class FieldsFormatter {
  private readonly column = new Map<string, number>();
  /** Column of each field by its dense id (fieldId), +1; 0: not a column. Grows as fields are registered. */
  private colById = new Int32Array(0);
  /** cellKind per field id (0: not yet known). */
  private kindById = new Uint8Array(0);
  /** Hits of each column in this line (reset per line through `touched`). */
  private readonly counts: Int32Array;
  /** First and last span of each column's cell (valid where counts > 0; -1: empty). */
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  /** Columns given a hit in the current line (to clear only those). */
  private readonly touched: Int32Array;
  /** This line's hit texts, and their spans in it: [start, end), then the next span of the same cell. */
  private readonly scratch = new ByteSink(1 << 12);
  private spanStart: Int32Array = new Int32Array(64);
  private spanEnd: Int32Array = new Int32Array(64);
  private spanNext: Int32Array = new Int32Array(64);
  private readonly sep: Uint8Array;
  private readonly agg: Uint8Array;
  private readonly quote: Uint8Array;

  constructor(private readonly columns: readonly string[], private readonly o: FieldsOptions = defaultFieldsOptions) {
    // A field asked for twice prints in its last column only, the earlier ones staying empty (tshark 4.0).
    columns.forEach((c, i) => this.column.set(c, i));
    this.counts = new Int32Array(columns.length);
    this.head = new Int32Array(columns.length).fill(-1);
    this.tail = new Int32Array(columns.length).fill(-1);
    this.touched = new Int32Array(columns.length);
    const enc = new TextEncoder();
    this.sep = enc.encode(o.separator);
    this.agg = enc.encode(o.aggregator);
    this.quote = enc.encode(o.quote);
  }

  /** The column of `f` (-1: none), resolved by name once per field and then by its id. */
  private columnOf(f: FieldDef, id: number): number {
    if (id < 0) return this.column.get(f.abbrev) ?? -1;
    if (id >= this.colById.length) {
      const grown = new Int32Array(Math.max(fieldCount(), id + 1) + 64).fill(-1);
      grown.set(this.colById);
      this.colById = grown;
    }
    let c = this.colById[id] ?? -1;
    if (c === -1) this.colById[id] = c = (this.column.get(f.abbrev) ?? -1) + 1;
    return c - 1;
  }

  /** How `f`'s cells print (cellKind), cached by field id. */
  private kindOf(f: FieldDef, id: number): number {
    if (id < 0) return cellKind(f);
    if (id >= this.kindById.length) {
      const grown = new Uint8Array(Math.max(fieldCount(), id + 1) + 64);
      grown.set(this.kindById);
      this.kindById = grown;
    }
    let k = this.kindById[id] ?? 0;
    if (k === 0) this.kindById[id] = k = cellKind(f);
    return k;
  }

  /** The hit's text exactly as formatValue makes it, written straight as bytes for the common kinds. */
  private value(h: FieldHit, out: ByteSink): void {
    const val = h.value;
    const k = this.kindOf(h.field, h.id);
    if ((k & C_PROTO) === 0) {
      switch (typeof val) {
        case 'number':
          if ((k & C_WIDE) === 0 && val >= 0 && val <= Number.MAX_SAFE_INTEGER && Number.isInteger(val)) {
            const digits = k & 15;
            if (digits === 0) { out.uint(val); return; }
            if (val <= 0xffffffff) { out.hex(val, digits); return; }
          }
          break;
        case 'string':
          if ((k & (C_WIDE | 15)) === 0) { out.text(k & C_ESCAPE ? escapeString(val) : val); return; }
          break;
        case 'boolean':
          out.byte(val ? 49 : 48);
          return;
        case 'undefined':
          if (h.bytes) out.hexBytes(h.bytes);
          return;
      }
    }
    out.text(formatValue(h.field, val, h.bytes, h.label));
  }

  /** Appends the line (without its newline) for `hits` to `out`. */
  write(hits: readonly FieldHit[], out: ByteSink): void {
    if (this.inOrder(hits)) this.writeInOrder(hits, out);
    else this.writeAny(hits, out);
  }

  /** Column of each hit of the line (-1: none), filled by inOrder for both writers. */
  private hitCols: Int32Array = new Int32Array(64);

  /**
   * True when the hits' columns strictly increase (one hit per column, in column order): most lines, since
   * the columns usually follow the protocol stack. Their cells can then be written straight to the output.
   */
  private inOrder(hits: readonly FieldHit[]): boolean {
    if (hits.length > this.hitCols.length) this.hitCols = new Int32Array(hits.length * 2);
    const cols = this.hitCols;
    let last = -1;
    let ordered = true;
    for (let k = 0; k < hits.length; k++) {
      const h = hits[k]!;
      const i = this.columnOf(h.field, h.id);
      cols[k] = i; // writeAny reads them too
      if (i < 0) continue;
      if (i <= last) ordered = false;
      last = i;
    }
    return ordered;
  }

  private writeInOrder(hits: readonly FieldHit[], out: ByteSink): void {
    const { sep, quote, hitCols } = this;
    const occ = this.o.occurrence;
    // each column has one occurrence: only an occurrence number other than 1 leaves it empty
    const skip = typeof occ === 'number' && occ !== 1;
    let col = 0; // columns whose separator is written
    for (let k = 0; k < hits.length; k++) {
      const i = hitCols[k]!;
      if (i < 0 || skip) continue;
      const mark = out.len;
      const before = col;
      for (; col < i; col++) out.copy(sep, 0, sep.length);
      if (quote.length) out.copy(quote, 0, quote.length);
      const start = out.len;
      this.value(hits[k]!, out);
      if (out.len === start) { out.len = mark; col = before; continue; } // an empty cell: nothing written
      if (quote.length) out.copy(quote, 0, quote.length);
    }
    for (; col < this.counts.length - 1; col++) out.copy(sep, 0, sep.length);
  }

  private writeAny(hits: readonly FieldHit[], out: ByteSink): void {
    const { counts, head, tail, touched } = this;
    const occ = this.o.occurrence;
    // 'a' (all, joined) is the default; 'f', 'l' and a number N keep one occurrence
    const all = occ === 'a', firstOnly = occ === 'f', nth = typeof occ === 'number' ? occ : -1;
    const sc = this.scratch;
    sc.clear();
    let nt = 0;
    let ns = 0;
    const cols = this.hitCols;
    for (let k = 0; k < hits.length; k++) {
      const h = hits[k]!;
      const i = cols[k]!;
      if (i < 0) continue;
      const n = ++counts[i]!;
      if (n === 1) { touched[nt++] = i; head[i] = -1; }
      if (!all && ((firstOnly && n > 1) || (nth >= 0 && n !== nth))) continue;
      if (ns === this.spanStart.length) this.growSpans();
      const span = ns++;
      this.spanStart[span] = sc.len;
      this.value(h, sc);
      this.spanEnd[span] = sc.len;
      this.spanNext[span] = -1;
      // every occurrence joins the cell ('a'); otherwise the accepted one replaces it ('l' keeps the last)
      if (all && head[i]! >= 0) { this.spanNext[tail[i]!] = span; tail[i] = span; }
      else { head[i] = span; tail[i] = span; }
    }
    // The line in column order. Empty cells cost nothing: the separators owed before the next non-empty
    // cell go in together. A field asked for twice copies its cell twice, so room is made cell by cell.
    const { spanStart, spanEnd, spanNext, sep, agg, quote } = this;
    const src = sc.buf;
    let owed = 0;
    for (let i = 0; i < counts.length; i++) {
      if (i > 0) owed++;
      const first = counts[i]! > 0 ? head[i]! : -1;
      if (first < 0) continue;
      let size = 0;
      for (let s = first; s >= 0; s = spanNext[s]!) size += spanEnd[s]! - spanStart[s]! + (s === first ? 0 : agg.length);
      if (size === 0) continue;
      out.room(owed * sep.length + 2 * quote.length + size);
      const dst = out.buf;
      let p = out.len;
      for (; owed > 0; owed--) for (let j = 0; j < sep.length; j++) dst[p++] = sep[j]!;
      for (let j = 0; j < quote.length; j++) dst[p++] = quote[j]!;
      for (let s = first; s >= 0; s = spanNext[s]!) {
        if (s !== first) for (let j = 0; j < agg.length; j++) dst[p++] = agg[j]!;
        const e = spanEnd[s]!;
        for (let j = spanStart[s]!; j < e; j++) dst[p++] = src[j]!;
      }
      for (let j = 0; j < quote.length; j++) dst[p++] = quote[j]!;
      out.len = p;
    }
    out.room(owed * sep.length);
    for (; owed > 0; owed--) for (let j = 0; j < sep.length; j++) out.buf[out.len++] = sep[j]!;
    for (let k = 0; k < nt; k++) counts[touched[k]!] = 0;
  }

  /** The line for `hits` as a string (tests and one-off callers; the CLI writes bytes). */
  line(hits: readonly FieldHit[]): string {
    const out = new ByteSink(256);
    this.write(hits, out);
    return new TextDecoder().decode(out.buf.subarray(0, out.len));
  }

  private growSpans(): void {
    const n = this.spanStart.length * 2;
    const grow = (a: Int32Array): Int32Array => { const b = new Int32Array(n); b.set(a); return b; };
    this.spanStart = grow(this.spanStart);
    this.spanEnd = grow(this.spanEnd);
    this.spanNext = grow(this.spanNext);
  }
}
