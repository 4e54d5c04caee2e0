// Field values as `tshark -T fields` prints them (tshark 4.0): booleans 1/0, masked values shifted,
// hex bases zero-padded to the type's width, dec-hex in decimal, bytes as contiguous hex, strings escaped.

import { fieldCount, fieldId, typeBits } from './fields';
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
    return `0x${(v >>> 0).toString(16).padStart(bits / 4, '0')}`;
  }
  if (typeof v === 'string') return f.type === 'string' ? escapeString(v) : v;
  return String(v);
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

/** Formats one line per frame from the hits a FieldsBuilder recorded, columns resolved once. */
export class FieldsFormatter {
  private readonly column = new Map<string, number>();
  /** Column of each field by its dense id (fieldId), +1; 0: not a column. Grows as fields are registered. */
  private colById = new Int32Array(0);
  private readonly cells: string[];
  private readonly counts: number[];
  /** The columns' distinct cells in output order (a field asked for twice prints in both columns). */
  private readonly order: number[];

  constructor(private readonly columns: readonly string[], private readonly o: FieldsOptions = defaultFieldsOptions) {
    // A field asked for twice prints in both columns, as tshark does: map each abbreviation to its first
    // column and copy it to the repeats afterwards.
    columns.forEach((c, i) => { if (!this.column.has(c)) this.column.set(c, i); });
    this.cells = columns.map(() => '');
    this.counts = columns.map(() => 0);
    this.order = columns.map((c) => this.column.get(c) ?? 0);
  }

  /** The column of `f` (-1: none), resolved by name once per field and then by its id. */
  private columnOf(f: FieldDef): number {
    const id = fieldId(f);
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

  line(hits: readonly FieldHit[]): string {
    const { cells, counts, o } = this;
    const occ = o.occurrence;
    for (let k = 0; k < hits.length; k++) {
      const h = hits[k]!;
      const i = this.columnOf(h.field);
      if (i < 0) continue;
      const n = ++counts[i]!;
      if (occ === 'f' && n > 1) continue;
      if (typeof occ === 'number' && n !== occ) continue;
      const v = formatValue(h.field, h.value, h.bytes, h.label);
      cells[i] = occ === 'a' && n > 1 ? `${cells[i]}${o.aggregator}${v}` : v;
    }
    let line = '';
    const order = this.order;
    for (let i = 0; i < order.length; i++) {
      let cell = cells[order[i]!]!;
      if (o.quote && cell) cell = `${o.quote}${cell}${o.quote}`;
      line += i === 0 ? cell : o.separator + cell;
    }
    for (let i = 0; i < cells.length; i++) { cells[i] = ''; counts[i] = 0; }
    return line;
  }
}

/** One output line for a frame from the hits a FieldsBuilder recorded. */
export function fieldsLine(columns: readonly string[], hits: readonly FieldHit[], o: FieldsOptions = defaultFieldsOptions): string {
  return new FieldsFormatter(columns, o).line(hits);
}
