// Field declarations: every item a dissector can put in a tree is declared once, as data, under its
// Wireshark filter abbreviation. The CLI's --list, hovers, the filter engine and tests all read this.

export type FieldType =
  | 'protocol' // a layer's top node (value: none)
  | 'none' // a text-only subtree head (FT_NONE)
  | 'bool'
  | 'uint8' | 'uint16' | 'uint24' | 'uint32' | 'uint64'
  | 'int8' | 'int16' | 'int32'
  | 'framenum'
  | 'ipv4' | 'ipv6' | 'ether'
  | 'bytes' | 'string'
  | 'time_abs' | 'time_rel' // value: "SECONDS.NNNNNNNNN" strings, exact
  | 'double';

/** How tshark prints an integer field: decimal, hex (zero-padded to the field's width), or both. */
export type Base = 'dec' | 'hex' | 'dec_hex' | 'hex_dec' | 'oct' | 'none';

/** A value in the tree. Integers wider than 53 bits are decimal strings; addresses are their text form;
 *  bytes fields usually carry no value (their bytes are the node's range). Always JSON-serialisable. */
export type FieldValue = number | string | boolean;

export interface FieldDef {
  readonly abbrev: string;
  readonly name: string;
  readonly type: FieldType;
  readonly base?: Base;
  /** Bitmask inside the field's width; the tree's value is already masked and shifted (as tshark prints it). */
  readonly mask?: number;
  /** For booleans: the width in bits of the integer the bit lives in (tshark's `16` in `FT_BOOLEAN, 16`). */
  readonly bits?: number;
  readonly vals?: Readonly<Record<number, string>>;
  /** Further names for values, accepted by display filters (e.g. `SCCRQ` beside `Start_Control_Request`). */
  readonly altVals?: Readonly<Record<number, string>>;
  /** For booleans: [true text, false text]; default ['True', 'False']. */
  readonly tfs?: readonly [string, string];
  readonly unit?: string;
  /**
   * How `tshark -T fields` prints a protocol-typed item: its abbreviation (the default), its bytes as hex
   * (protocol-typed sub-items such as LCP options), or its label (layers whose dissector formats one).
   */
  readonly fieldsRepr?: 'bytes' | 'label';
  /** Assigned at registration (defineFields / registerField); see fieldId. */
  readonly id?: number;
  /** One sentence: what the field means. Shown in hovers. */
  readonly blurb?: string;
  /** Where it is defined, e.g. 'RFC 2661 §3.1'. */
  readonly ref?: string;
}

const registry = new Map<string, FieldDef>();
let nextId = 0;

/**
 * Dense numeric ids, stored on the declaration itself, so per-frame sinks test "is this field wanted?"
 * with an array index instead of a hash lookup per item.
 */
function assignId(d: FieldDef): void {
  if (d.id === undefined) (d as { id?: number }).id = nextId++;
}

/** The field's dense id (stable for the process's life); -1 for a declaration never registered. */
export function fieldId(d: FieldDef): number {
  return d.id ?? -1;
}

/**
 * A per-field table (indexed by fieldId) with room for `id`: `table` itself, or a longer copy with room for
 * every field declared so far, new slots set to `fill`. The sinks and the formatter keep their per-field
 * decisions in such tables, which grow when plugins declare fields at run time.
 */
export function roomForField(table: Uint8Array, id: number): Uint8Array;
export function roomForField(table: Int32Array, id: number, fill: number): Int32Array;
export function roomForField(table: Uint8Array | Int32Array, id: number, fill = 0): Uint8Array | Int32Array {
  if (id < table.length) return table;
  const size = Math.max(nextId, id + 1) + 64;
  const grown = table instanceof Int32Array ? new Int32Array(size) : new Uint8Array(size);
  if (fill !== 0) grown.fill(fill);
  grown.set(table);
  return grown;
}

/** Declares a protocol's fields. Abbreviations are unique across the whole engine (checked). */
export function defineFields<K extends string>(defs: Record<K, FieldDef>): Record<K, FieldDef> {
  for (const d of Object.values(defs) as FieldDef[]) {
    const prev = registry.get(d.abbrev);
    if (prev && prev !== d) throw new Error(`field ${d.abbrev} declared twice`);
    registry.set(d.abbrev, d);
    assignId(d);
  }
  return defs;
}

/** Registers a field made at run time (plugin dictionaries, vendor AVPs). Returns the existing one if any. */
export function registerField(d: FieldDef): FieldDef {
  const prev = registry.get(d.abbrev);
  if (prev) return prev;
  registry.set(d.abbrev, d);
  assignId(d);
  return d;
}

export function fieldByAbbrev(abbrev: string): FieldDef | undefined {
  return registry.get(abbrev);
}

export function allFields(): FieldDef[] {
  return [...registry.values()];
}

/** Width in bits of an integer field type (0 for non-integers). */
export function typeBits(t: FieldType): number {
  switch (t) {
    case 'uint8': case 'int8': return 8;
    case 'uint16': case 'int16': return 16;
    case 'uint24': return 24;
    case 'uint32': case 'int32': case 'framenum': return 32;
    case 'uint64': return 64;
    default: return 0;
  }
}

/** Number of bits a mask is shifted by (trailing zeros). */
export function maskShift(mask: number): number {
  if (mask === 0) return 0;
  let s = 0;
  while (((mask >>> s) & 1) === 0) s++;
  return s;
}
