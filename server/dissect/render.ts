// Text of tree nodes as Wireshark's packet-details pane shows them ("Tunnel ID: 5", ".... 0010 = Version: 2").
// Views call this; the tree stores only custom labels.

import { fieldByAbbrev, maskShift, typeBits } from './fields';
import type { FieldDef, FieldValue } from './fields';
import type { TreeNode } from './tree';
import { hexBytes } from './format';
import { etherLabel } from './names';

/** The value as the details pane shows it (value names resolved, hex per base). */
export function displayValue(f: FieldDef, v: FieldValue | undefined, bytes?: Uint8Array): string {
  if (v === undefined) {
    if (bytes) return bytesText(bytes);
    return '';
  }
  if (typeof v === 'boolean') {
    const [t, fl] = f.tfs ?? ['True', 'False'];
    return v ? t : fl;
  }
  if (typeof v === 'number' && isInt(f)) {
    const vals = f.vals;
    const num = intText(f, v);
    if (vals === undefined) return num;
    // a value the names do not cover is "Unknown", as value_string lookups say in Wireshark
    return `${vals[v] ?? 'Unknown'} (${num})`;
  }
  return String(v);
}

function isInt(f: FieldDef): boolean {
  return typeBits(f.type) > 0;
}

function intText(f: FieldDef, v: number): string {
  const width = f.mask ? Math.ceil(bitCount(f.mask >>> maskShift(f.mask)) / 4) : typeBits(f.type) / 4;
  const hex = `0x${(v >>> 0).toString(16).padStart(Math.max(1, width), '0')}`;
  switch (f.base) {
    case 'hex': return hex;
    case 'dec_hex': return `${v} (${hex})`;
    case 'hex_dec': return `${hex} (${v})`;
    case 'oct': return `0${v.toString(8)}`;
    default: return String(v);
  }
}

function bitCount(m: number): number {
  let n = 0;
  while (m) { n++; m >>>= 1; }
  return n;
}

/** Bytes as tshark -V labels them: hex, cut after 36 bytes with "…". */
function bytesText(b: Uint8Array): string {
  let s = '';
  const n = Math.min(b.length, 36);
  for (let i = 0; i < n; i++) s += (b[i] ?? 0).toString(16).padStart(2, '0');
  return b.length > n ? `${s}…` : s;
}

/** Wireshark's bit picture for masked fields: ".... 0... .... ....". */
export function bitPicture(mask: number, width: number, value: number): string {
  const cacheable = value >= 0 && value < 0x1000 && (value | 0) === value;
  let row: (string | undefined)[] | undefined;
  if (cacheable) {
    const key = (mask >>> 0) * 64 + width;
    row = pictures.get(key);
    if (!row && pictures.size < 256) pictures.set(key, (row = []));
    const hit = row?.[value];
    if (hit !== undefined) return hit;
  }
  const m = mask >>> 0;
  const raw = (value << maskShift(mask)) >>> 0;
  let s = '';
  for (let i = width - 1; i >= 0; i--) {
    // Bits 0..31 by shifts (unsigned): no floating-point powers in a loop that runs for every flag of every frame.
    s += (m >>> i) & 1 ? ((raw >>> i) & 1 ? '1' : '0') : '.';
    if (i > 0 && i % 4 === 0) s += ' ';
  }
  if (row) row[value] = s;
  return s;
}

/**
 * A label that depends on one small non-negative integer, made once per value and then reused (labels are
 * immutable strings): tree decoding labels the same header values frame after frame. `make` must be a
 * module-level function of `v` alone, and `v` an index small enough for an array.
 */
export function textFor(cache: (string | undefined)[], v: number, make: (v: number) => string): string {
  return (cache[v] ??= make(v));
}

/** Bit pictures already drawn, by mask and width, then value: flag words repeat on every frame. Bounded. */
const pictures = new Map<number, (string | undefined)[]>();

/** The node's label line. `bytes` are the node's bytes (used for bytes fields without a value). */
export function labelOf(n: TreeNode, bytes?: Uint8Array): string {
  if (n.text !== undefined) return n.generated ? `[${n.text}]` : n.text;
  const f = n.abbrev ? fieldByAbbrev(n.abbrev) : undefined;
  if (!f) return n.abbrev ?? '';
  if (f.type === 'protocol' || f.type === 'none') return f.name;
  // Ethernet addresses carry their resolved name, as in tshark with MAC resolution on (its default).
  let s = `${f.name}: ${f.type === 'ether' && typeof n.value === 'string' ? etherLabel(n.value) : displayValue(f, n.value, bytes)}`;
  if (f.unit && n.value !== undefined && typeof n.value !== 'boolean') s += ` ${f.unit}`;
  if (f.mask && (typeof n.value === 'number' || typeof n.value === 'boolean')) {
    const width = f.type === 'bool' ? (f.bits ?? 8) : typeBits(f.type);
    if (width > 0 && width <= 32) s = `${bitPicture(f.mask, width, Number(n.value))} = ${s}`;
  }
  return n.generated ? `[${s}]` : s;
}

/** A node's value as views present it: its value, or the hex of its bytes for a bytes field. */
export function presentedValue(n: TreeNode, bytes: Uint8Array): FieldValue | undefined {
  if (n.value !== undefined) return n.value;
  return n.abbrev && fieldByAbbrev(n.abbrev)?.type === 'bytes' ? hexBytes(bytes) : undefined;
}
