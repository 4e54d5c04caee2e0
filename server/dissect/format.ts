// Field values as `tshark -T fields` prints them (tshark 4.0): booleans 1/0, masked values shifted,
// hex bases zero-padded to the type's width, dec-hex in decimal, bytes as contiguous hex, strings escaped.

import { roomForField, typeBits } from './fields';
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
    return `0x${(v >>> 0).toString(16).padStart(bits / 4, '0')}`;
  }
  if (typeof v === 'string') return f.type === 'string' ? escapeString(v) : v;
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
 * Writes one line per frame, as bytes, from the hits a FieldsBuilder recorded; columns resolved once. Each
 * hit's text goes straight to the output in column order (integers as digits, never as strings).
 */
export class FieldsFormatter {
  private readonly column = new Map<string, number>();
  /** Column of each field by its dense id (fieldId), +1; 0: not a column. Grows as fields are registered. */
  private colById: Int32Array = new Int32Array(0);
  /** cellKind per field id (0: not yet known). */
  private kindById: Uint8Array = new Uint8Array(0);
  /** Per column: its hits in this line, then writeAny's fill cursor (all zero between lines). */
  private readonly counts: Int32Array;
  /** Where each column's hits begin in `sorted` (writeAny), with one more entry for the end. */
  private readonly starts: Int32Array;
  /** Hit indices in column order (writeAny). */
  private sorted: Int32Array = new Int32Array(64);
  private readonly sep: Uint8Array;
  private readonly agg: Uint8Array;
  private readonly quote: Uint8Array;

  constructor(columns: readonly string[], private readonly o: FieldsOptions = defaultFieldsOptions) {
    // A field asked for twice prints in its last column only, the earlier ones staying empty (tshark 4.0).
    columns.forEach((c, i) => this.column.set(c, i));
    this.counts = new Int32Array(columns.length);
    this.starts = new Int32Array(columns.length + 1);
    const enc = new TextEncoder();
    this.sep = enc.encode(o.separator);
    this.agg = enc.encode(o.aggregator);
    this.quote = enc.encode(o.quote);
  }

  /** The column of `f` (-1: none), resolved by name once per field and then by its id. */
  private columnOf(f: FieldDef, id: number): number {
    if (id < 0) return this.column.get(f.abbrev) ?? -1;
    this.colById = roomForField(this.colById, id, -1);
    let c = this.colById[id] ?? -1;
    if (c === -1) this.colById[id] = c = (this.column.get(f.abbrev) ?? -1) + 1;
    return c - 1;
  }

  /** How `f`'s cells print (cellKind), cached by field id. */
  private kindOf(f: FieldDef, id: number): number {
    if (id < 0) return cellKind(f);
    this.kindById = roomForField(this.kindById, id);
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
    let col = 0; // the column the output has reached (its separators written)
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

  /**
   * Any order: the hits are put in column order by a counting sort (stable, so each cell keeps tree order)
   * and written straight to the output, cell after cell.
   */
  private writeAny(hits: readonly FieldHit[], out: ByteSink): void {
    const { counts, starts, hitCols: cols, sep, agg, quote } = this;
    const occ = this.o.occurrence;
    const ncol = counts.length;
    for (let k = 0; k < hits.length; k++) {
      const i = cols[k]!;
      if (i >= 0) counts[i]!++;
    }
    // starts[i]: where column i's hits begin in `sorted`; counts[] becomes the fill cursor, then is cleared
    let at = 0;
    for (let i = 0; i < ncol; i++) {
      starts[i] = at;
      at += counts[i]!;
      counts[i] = starts[i]!;
    }
    starts[ncol] = at;
    if (at > this.sorted.length) this.sorted = new Int32Array(at * 2);
    const sorted = this.sorted;
    for (let k = 0; k < hits.length; k++) {
      const i = cols[k]!;
      if (i >= 0) sorted[counts[i]!++] = k;
    }
    counts.fill(0);
    // Empty cells cost nothing: the separators owed before the next non-empty cell go in together.
    let owed = 0;
    for (let i = 0; i < ncol; i++) {
      if (i > 0) owed++;
      let from = starts[i]!, to = starts[i + 1]!;
      if (from === to) continue;
      // 'a' joins every occurrence; 'f', 'l' and a number N keep one (none when there are fewer than N)
      if (occ === 'f') to = from + 1;
      else if (occ === 'l') from = to - 1;
      else if (typeof occ === 'number') {
        if (occ < 1 || from + occ > to) continue;
        from += occ - 1;
        to = from + 1;
      }
      const mark = out.len;
      for (let k = 0; k < owed; k++) out.copy(sep, 0, sep.length);
      if (quote.length) out.copy(quote, 0, quote.length);
      const cell = out.len;
      for (let j = from; j < to; j++) {
        if (j > from) out.copy(agg, 0, agg.length);
        this.value(hits[sorted[j]!]!, out);
      }
      if (out.len === cell) { out.len = mark; continue; } // an empty cell: nothing written, separators still owed
      if (quote.length) out.copy(quote, 0, quote.length);
      owed = 0;
    }
    for (let k = 0; k < owed; k++) out.copy(sep, 0, sep.length);
  }

}
