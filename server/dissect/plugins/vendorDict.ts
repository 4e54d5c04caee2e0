// Vendor AVP dictionaries for L2TP: vendor-specific AVPs described as DATA (JSON), so a user's plugin
// folder can add vendors without code. The L2TP dissector asks `vendorDictionary(id)` for each AVP whose
// Vendor ID is not 0. Built-in dictionaries live in ./vendors/*.json and are registered by ./builtin.ts;
// server/io/plugins.ts loads more from a folder.

import { registerField } from '../fields';
import type { Base, FieldDef, FieldType } from '../fields';

/** A field inside a vendor AVP value. `offset`/`length` are relative to the value (after the 6-byte header). */
export interface VendorFieldSpec {
  /** Filter abbreviation, e.g. "l2tp.cisco.pw_type". Use tshark's where tshark has the field. */
  abbrev: string;
  name: string;
  /** uint8/16/24/32/64, int8/16/32, bool, string, bytes, ipv4, ipv6, none (a subtree head). */
  type: FieldType;
  base?: Base;
  mask?: number;
  /** For bool: width of the integer holding the bit (8/16/32); 0 = the whole value is a boolean. */
  bits?: number;
  /** Offset in the value (default 0). */
  offset?: number;
  /** Length in bytes (default: the type's width, or the rest of the value for string/bytes). */
  length?: number;
  /** Value names (JSON object keys are decimal numbers). */
  vals?: Record<string, string>;
  tfs?: [string, string];
  unit?: string;
  blurb?: string;
  /** Children shown under this field (for `none`-typed heads). Offsets are relative to the value. */
  children?: VendorFieldSpec[];
}

/** What an AVP means to the L2TP dissector beyond its display (drives L2TPv3 session learning etc.). */
export type VendorAvpRole =
  | 'assigned_ccid' | 'local_session_id' | 'remote_session_id' | 'assigned_cookie' | 'pw_type'
  | 'l2_specific_sublayer' | 'message_digest' | 'nonce';

export interface VendorAvpSpec {
  type: number;
  name: string;
  /** Fixed fields of the value. An AVP with no fields is shown as raw bytes. */
  fields?: VendorFieldSpec[];
  /** Repeating groups: from `from`, `size`-byte groups until the value ends. */
  repeat?: { from?: number; size: number; label?: string; fields: VendorFieldSpec[] };
  /** A subtree label wrapping the repeating groups (e.g. "Pseudowire Capabilities List"). */
  repeatTree?: string;
  /** Expected value length (after the 6-byte header): a number or [min, max]. */
  length?: number | [number, number];
  role?: VendorAvpRole;
  /**
   * Sets the Info column: "{short}" is replaced by the value's name in `shortVals`, "{ccid}" by the
   * control connection ID, "{value}" by the first field's value.
   */
  info?: string;
  shortVals?: Record<string, string>;
  /** Whether this AVP's presence makes the message a vendor message type (for the Info column only). */
  blurb?: string;
}

export interface VendorDictionary {
  /** SMI Private Enterprise Number. */
  vendorId: number;
  vendorName: string;
  /** The field that shows the AVP type, e.g. { abbrev: "l2tp.avp.ciscotype", name: "Type" }. Default l2tp.avp.type. */
  typeField?: { abbrev: string; name: string };
  avps: VendorAvpSpec[];
  /** Where it came from (file path, "builtin"); set by loaders. */
  source?: string;
}

export interface CompiledField {
  def: FieldDef;
  offset: number;
  /** -1: to the end of the value. */
  length: number;
  children: CompiledField[];
}

export interface CompiledAvp {
  spec: VendorAvpSpec;
  fields: CompiledField[];
  repeat?: { from: number; size: number; label?: string; fields: CompiledField[] };
  minLen: number;
  maxLen: number;
}

export interface CompiledDictionary {
  vendorId: number;
  vendorName: string;
  typeField: FieldDef | undefined;
  avps: Map<number, CompiledAvp>;
  source: string;
}

const dictionaries = new Map<number, CompiledDictionary>();

const WIDTH: Partial<Record<FieldType, number>> = {
  uint8: 1, int8: 1, uint16: 2, int16: 2, uint24: 3, uint32: 4, int32: 4, uint64: 8, ipv4: 4, ipv6: 16, ether: 6,
};
const TYPES = new Set<FieldType>(['none', 'bool', 'uint8', 'uint16', 'uint24', 'uint32', 'uint64', 'int8', 'int16', 'int32', 'ipv4', 'ipv6', 'ether', 'bytes', 'string']);

function fail(dict: string, msg: string): never {
  throw new Error(`vendor dictionary ${dict}: ${msg}`);
}

function compileField(dict: string, f: VendorFieldSpec): CompiledField {
  if (!f || typeof f.abbrev !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(f.abbrev)) fail(dict, `bad field abbreviation ${JSON.stringify(f?.abbrev)}`);
  if (typeof f.name !== 'string') fail(dict, `field ${f.abbrev} has no name`);
  if (!TYPES.has(f.type)) fail(dict, `field ${f.abbrev} has unsupported type ${JSON.stringify(f.type)}`);
  const vals: Record<number, string> | undefined = f.vals
    ? Object.fromEntries(Object.entries(f.vals).map(([k, v]) => [Number(k), String(v)]))
    : undefined;
  const def: FieldDef = {
    abbrev: f.abbrev, name: f.name, type: f.type,
    ...(f.base ? { base: f.base } : WIDTH[f.type] && f.type !== 'ipv4' && f.type !== 'ipv6' && f.type !== 'ether' ? { base: 'dec' as Base } : {}),
    ...(f.mask ? { mask: f.mask } : {}),
    ...(f.type === 'bool' && f.bits ? { bits: f.bits } : {}),
    ...(vals ? { vals } : {}),
    ...(f.tfs ? { tfs: f.tfs } : {}),
    ...(f.unit ? { unit: f.unit } : {}),
    ...(f.blurb ? { blurb: f.blurb } : {}),
  };
  const registered = registerField(def);
  const width = f.type === 'bool' ? (f.bits ? f.bits / 8 : -1) : WIDTH[f.type];
  const offset = f.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > 1023) fail(dict, `field ${f.abbrev} has a bad offset`);
  const length = f.length ?? width ?? -1;
  return { def: registered, offset, length, children: (f.children ?? []).map((c) => compileField(dict, c)) };
}

/** Checks and compiles a dictionary, registers its fields, and makes it the one used for its vendor ID. */
export function registerVendorDictionary(dict: VendorDictionary): CompiledDictionary {
  const name = dict?.source ?? String(dict?.vendorName ?? '?');
  if (!dict || !Number.isInteger(dict.vendorId) || dict.vendorId <= 0 || dict.vendorId > 0xffffffff) fail(name, 'vendorId must be a positive integer');
  if (typeof dict.vendorName !== 'string') fail(name, 'vendorName must be a string');
  if (!Array.isArray(dict.avps)) fail(name, 'avps must be an array');
  const typeField = dict.typeField
    ? registerField({ abbrev: dict.typeField.abbrev, name: dict.typeField.name, type: 'uint16', base: 'dec', blurb: 'AVP Type',
      vals: Object.fromEntries(dict.avps.map((a) => [a.type, a.name])) })
    : undefined;
  const prev = dictionaries.get(dict.vendorId);
  const avps = new Map<number, CompiledAvp>(prev?.avps);
  for (const a of dict.avps) {
    if (!Number.isInteger(a.type) || a.type < 0 || a.type > 0xffff) fail(name, `bad AVP type ${JSON.stringify(a.type)}`);
    if (typeof a.name !== 'string') fail(name, `AVP ${a.type} has no name`);
    const fields = (a.fields ?? []).map((f) => compileField(name, f));
    const repeat = a.repeat
      ? { from: a.repeat.from ?? 0, size: a.repeat.size, label: a.repeat.label, fields: a.repeat.fields.map((f) => compileField(name, f)) }
      : undefined;
    if (repeat && (!Number.isInteger(repeat.size) || repeat.size <= 0)) fail(name, `AVP ${a.type}: repeat.size must be positive`);
    const [minLen, maxLen] = typeof a.length === 'number' ? [a.length, a.length] : Array.isArray(a.length) ? a.length : [-1, -1];
    avps.set(a.type, { spec: a, fields, repeat, minLen, maxLen });
  }
  const compiled: CompiledDictionary = {
    vendorId: dict.vendorId, vendorName: dict.vendorName, typeField: typeField ?? prev?.typeField, avps, source: dict.source ?? 'plugin',
  };
  dictionaries.set(dict.vendorId, compiled);
  return compiled;
}

export function vendorDictionary(vendorId: number): CompiledDictionary | undefined {
  return dictionaries.get(vendorId);
}

export function vendorDictionaries(): CompiledDictionary[] {
  return [...dictionaries.values()];
}
