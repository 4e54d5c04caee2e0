// Field values as `tshark -T fields` prints them (tshark 4.0): booleans 1/0, masked values shifted,
// hex bases zero-padded to the type's width, dec-hex in decimal, bytes as contiguous hex, strings escaped.

import { fieldCount, typeBits } from './fields';
import type { FieldDef, FieldValue } from './fields';
import type { FieldHit } from './builder';
import { HEX } from './tvb';

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

const K_OTHER = 1, K_DEC = 2, K_HEX8 = 3, K_HEX16 = 4;

/** How formatValue prints a small non-negative integer value of `f`: decimal, 0x%02x, 0x%04x, or otherwise. */
function intKind(f: FieldDef): number {
  if (f.type === 'protocol' || f.type === 'none') return K_OTHER;
  const bits = typeBits(f.type);
  if (bits > 0 && f.type !== 'framenum' && (f.base === 'hex' || f.base === 'hex_dec')) {
    return bits === 8 ? K_HEX8 : bits === 16 ? K_HEX16 : K_OTHER;
  }
  return K_DEC;
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

/** Formats one line per frame from the hits a FieldsBuilder recorded, columns resolved once. */
export class FieldsFormatter {
  private readonly column = new Map<string, number>();
  /** Column of each field by its dense id (fieldId), +1; 0: not a column. Grows as fields are registered. */
  private colById = new Int32Array(0);
  /** K_* per field id (0: not yet known). */
  private kindById = new Int8Array(0);
  private readonly cells: string[];
  private readonly counts: number[];
  /** The columns' distinct cells in output order (a field asked for twice prints in both columns). */
  private readonly order: number[];
  /** Columns given a cell in the current line (to clear only those). */
  private readonly touched: Int32Array;
  /** seps[k]: the separator repeated k times. */
  private readonly seps: string[];

  constructor(private readonly columns: readonly string[], private readonly o: FieldsOptions = defaultFieldsOptions) {
    // A field asked for twice prints in both columns, as tshark does: map each abbreviation to its first
    // column and copy it to the repeats afterwards.
    columns.forEach((c, i) => { if (!this.column.has(c)) this.column.set(c, i); });
    this.cells = columns.map(() => '');
    this.counts = columns.map(() => 0);
    this.order = columns.map((c) => this.column.get(c) ?? 0);
    this.touched = new Int32Array(columns.length);
    this.seps = columns.map((_, k) => o.separator.repeat(k));
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

  /** How `f`'s small integer values print (K_*), cached by field id. */
  private kindOf(f: FieldDef, id: number): number {
    if (id < 0) return K_OTHER;
    if (id >= this.kindById.length) {
      const grown = new Int8Array(Math.max(fieldCount(), id + 1) + 64);
      grown.set(this.kindById);
      this.kindById = grown;
    }
    let k = this.kindById[id] ?? 0;
    if (k === 0) this.kindById[id] = k = intKind(f);
    return k;
  }

  line(hits: readonly FieldHit[]): string {
    const { cells, counts, o, touched } = this;
    const occ = o.occurrence;
    let nt = 0;
    for (let k = 0; k < hits.length; k++) {
      const h = hits[k]!;
      const i = this.columnOf(h.field, h.id);
      if (i < 0) continue;
      const n = ++counts[i]!;
      if (n === 1) touched[nt++] = i;
      if (occ === 'f' && n > 1) continue;
      if (typeof occ === 'number' && n !== occ) continue;
      const f = h.field;
      const val = h.value;
      let v: string | undefined;
      // Non-negative integers (most cells) skip formatValue's type tests: small ones come from the text
      // caches, larger decimal ones (frame numbers, 32-bit IDs) are printed directly.
      if (typeof val === 'number' && val >= 0 && Number.isInteger(val)) {
        const kind = this.kindOf(f, h.id);
        if (val < 0x10000) v = kind === K_DEC ? (DEC[val] ??= String(val)) : kind === K_HEX16 ? HEX16[val] : kind === K_HEX8 && val < 0x100 ? HEX8[val] : undefined;
        else if (kind === K_DEC) v = String(val);
      }
      v ??= formatValue(f, val, h.bytes, h.label);
      cells[i] = occ === 'a' && n > 1 ? `${cells[i]}${o.aggregator}${v}` : v;
    }
    // Empty cells cost nothing: the separators owed before the next non-empty cell go in as one string.
    let line = '';
    let owed = 0;
    const order = this.order;
    const seps = this.seps;
    for (let i = 0; i < order.length; i++) {
      if (i > 0) owed++;
      let cell = cells[order[i]!]!;
      if (cell === '') continue;
      if (o.quote) cell = `${o.quote}${cell}${o.quote}`;
      line += owed === 0 ? cell : seps[owed]! + cell;
      owed = 0;
    }
    if (owed > 0) line += seps[owed]!;
    for (let k = 0; k < nt; k++) {
      const i = touched[k]!;
      cells[i] = '';
      counts[i] = 0;
    }
    return line;
  }
}
