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
  // tshark prints a double with 15 significant digits (%.15g), trailing zeros dropped
  if (f.type === 'double') return String(Number(v.toPrecision(15)));
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
  /**
   * Per field id: its column + 1 (0: not a column) in the low 16 bits and its cellKind above; -1 not yet
   * decided. Grows as fields are registered.
   */
  private slotById: Int32Array = new Int32Array(0);
  /** Per column: its first and last hit in this line (-1 between lines, when every column is empty). */
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  /** Per hit: the next hit of its column (-1: the last). */
  private next: Int32Array = new Int32Array(64);
  /** Per hit: its cellKind. */
  private kinds: Int32Array = new Int32Array(64);
  private readonly sep: Uint8Array;
  private readonly agg: Uint8Array;
  private readonly quote: Uint8Array;

  constructor(columns: readonly string[], private readonly o: FieldsOptions = defaultFieldsOptions) {
    // A field asked for twice prints in its last column only, the earlier ones staying empty (tshark 4.0).
    columns.forEach((c, i) => this.column.set(c, i));
    this.head = new Int32Array(columns.length).fill(-1);
    this.tail = new Int32Array(columns.length);
    const enc = new TextEncoder();
    this.sep = enc.encode(o.separator);
    this.agg = enc.encode(o.aggregator);
    this.quote = enc.encode(o.quote);
  }

  /** `f`'s slot (see slotById), resolved by name once per field and then by its id. */
  private slotOf(f: FieldDef, id: number): number {
    const decide = (): number => ((this.column.get(f.abbrev) ?? -1) + 1) | (cellKind(f) << 16);
    if (id < 0) return decide();
    this.slotById = roomForField(this.slotById, id, -1);
    let s = this.slotById[id] ?? -1;
    if (s === -1) this.slotById[id] = s = decide();
    return s;
  }

  /** The hit's text exactly as formatValue makes it, written straight as bytes for the common kinds. */
  private value(h: FieldHit, k: number, out: ByteSink): void {
    const val = h.value;
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
    // Each column's hits are chained in tree order (head, tail, next): one pass over the hits puts them
    // in column order, however the columns and the protocol stack interleave.
    const n = hits.length;
    if (n > this.next.length) {
      this.next = new Int32Array(n * 2);
      this.kinds = new Int32Array(n * 2);
    }
    const { head, tail, next, kinds } = this;
    let slots = this.slotById;
    for (let k = 0; k < n; k++) {
      const h = hits[k]!;
      const id = h.id;
      let s: number;
      if (id < 0 || id >= slots.length || (s = slots[id]!) === -1) {
        s = this.slotOf(h.field, id);
        slots = this.slotById;
      }
      const c = (s & 0xffff) - 1;
      if (c < 0) continue;
      kinds[k] = s >> 16;
      if (head[c] === -1) head[c] = k;
      else next[tail[c]!] = k;
      tail[c] = k;
      next[k] = -1;
    }
    const { agg, quote } = this;
    const occ = this.o.occurrence;
    const ncol = head.length;
    // Empty cells cost nothing: the separators owed before the next non-empty cell go in together.
    let owed = 0;
    for (let i = 0; i < ncol; i++) {
      if (i > 0) owed++;
      let k = head[i]!;
      if (k === -1) continue;
      head[i] = -1;
      // 'a' joins every occurrence; 'f', 'l' and a number N keep one (none when there are fewer than N)
      let only = -1;
      if (occ !== 'a') {
        if (occ === 'f') only = k;
        else if (occ === 'l') only = tail[i]!;
        else {
          for (let j = 1; j < occ && k !== -1; j++) k = next[k]!;
          if (occ < 1 || k === -1) continue;
          only = k;
        }
      }
      const mark = out.len;
      this.separators(owed, out);
      if (quote.length) out.copy(quote, 0, quote.length);
      const cell = out.len;
      if (only >= 0) this.value(hits[only]!, kinds[only]!, out);
      else {
        this.value(hits[k]!, kinds[k]!, out);
        for (k = next[k]!; k !== -1; k = next[k]!) {
          out.copy(agg, 0, agg.length);
          this.value(hits[k]!, kinds[k]!, out);
        }
      }
      if (out.len === cell) { out.len = mark; continue; } // an empty cell: nothing written, separators still owed
      if (quote.length) out.copy(quote, 0, quote.length);
      owed = 0;
    }
    this.separators(owed, out);
  }

  /** `n` separators (a plain loop: TypedArray.fill's call costs more than the few bytes it writes). */
  private separators(n: number, out: ByteSink): void {
    const sep = this.sep;
    if (sep.length !== 1) {
      for (let j = 0; j < n; j++) out.copy(sep, 0, sep.length);
      return;
    }
    out.room(n);
    const b = out.buf, s0 = sep[0]!;
    let p = out.len;
    for (let j = 0; j < n; j++) b[p++] = s0;
    out.len = p;
  }

}
