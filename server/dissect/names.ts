// MAC address names, as Wireshark resolves them (its addr_resolv.c, MAC resolution on by default): read
// from the installed Wireshark's `manuf` and `wka` files, so labels read "Cisco_81:24:45 (00:10:7b:81:24:45)"
// as in tshark -V. We ship no copy of those files (they are Wireshark's); without them an address resolves
// to itself (Broadcast aside), as in tshark when no entry matches, and the label keeps its "addr (addr)" shape.
//
// Lookup order, measured against tshark 4.0 (test/fixtures/names, names.test):
//   1. a whole address (48-bit entries: "Broadcast", "LLDP_Multicast");
//   2. the ranges (wka's "01-00-5E/25 IPv4mcast", manuf's IEEE MA-S /36 and MA-M /28 blocks), tried with
//      prefix lengths 47 down to 24: the address cut to that length, its other bits zero, is looked up
//      among the ranges' values (each cut to its own length). As in Wireshark the range's own length is not
//      compared, so a /32 entry whose last bits are zero also catches shorter prefixes. The name is
//      "NAME_" and the bytes from the first one the prefix does not wholly cover (that one masked);
//   3. the 24-bit OUI, then the same with the group bit cleared: "Intel_14:78:a2";
//   4. step 2 with prefix lengths 23 down to 1 ("IPv6mcast_01");
//   5. the address itself.
// Names and vendor names are cut to 63 bytes, Wireshark's buffer size.
// Name resolution is process-wide, as in Wireshark: the CLI's -n and the server's settings turn it off.
// The engine reads no files: whoever starts it hands over a loader (server/io/wiresharkNames.ts) that
// returns the files' bytes; it runs once, at the first address that needs a name.

import { HEX } from './tvb';

/**
 * The files' entries, kept compact (the whole of Wireshark's manuf is ~50,000 lines): maps from a number
 * to an entry id, and per entry where its names lie in the file's bytes; a name is decoded when needed.
 */
interface EtherTables {
  /** Whole addresses (48-bit value) → entry. */
  readonly exact: Map<number, number>;
  /** Ranges: their first address (48-bit value, bits past the prefix zero) → entry. */
  readonly ranges: Map<number, number>;
  /** 24-bit OUIs → entry. */
  readonly oui: Map<number, number>;
  readonly files: Uint8Array[];
  /** Per entry: file, name start and end, long name start and end (end = start when absent). */
  spans: Int32Array;
  count: number;
}

export interface NameResolution {
  /** Resolve MAC addresses to names (tshark's default; -n turns it off). */
  mac: boolean;
  /** The bytes of Wireshark's manuf then wka files (later entries win), read when first needed. */
  load?: () => readonly Uint8Array[];
}

let config: NameResolution = { mac: true };
let tables: EtherTables | undefined;
const resolved = new Map<string, string>();
const labels = new Map<string, string>();
const RESOLVED_MAX = 65536;

export function configureNameResolution(c: Partial<NameResolution>): void {
  config = { ...config, ...c };
  tables = undefined;
  resolved.clear();
  labels.clear();
}

const BROADCAST = new TextEncoder().encode('ff:ff:ff:ff:ff:ff Broadcast');

function load(): EtherTables {
  const t: EtherTables = { exact: new Map(), ranges: new Map(), oui: new Map(), files: [], spans: new Int32Array(5 * 1024), count: 0 };
  // Broadcast first, so that the files' own entry replaces it: the one name worth knowing without them.
  for (const bytes of [BROADCAST, ...(config.load?.() ?? [])]) parseEtherFile(bytes, t);
  return t;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d;
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
}

/**
 * Adds the entries of a manuf/wka/ethers file to `t`: "ADDRESS[/BITS] NAME [LONG NAME]", bytes separated by
 * ':', '-' or '.', '#' starting a comment. Three bytes without a length are an OUI, six a whole address.
 * Later entries replace earlier ones (manuf is read before wka), as Wireshark's hash tables do.
 */
function parseEtherFile(b: Uint8Array, t: EtherTables): void {
  const file = t.files.push(b) - 1;
  let i = 0;
  const n = b.length;
  while (i < n) {
    let end = b.indexOf(0x0a, i);
    if (end < 0) end = n;
    let stop = i;
    while (stop < end && b[stop] !== 0x23) stop++;
    parseLine(b, i, stop, file, t);
    i = end + 1;
  }
}

function parseLine(b: Uint8Array, start: number, stop: number, file: number, t: EtherTables): void {
  let i = start;
  while (i < stop && isSpace(b[i] ?? 0)) i++;
  // the address: 1–2 hex digits per byte
  let value = 0;
  let count = 0;
  for (;;) {
    const h1 = hexValue(b[i] ?? 0);
    if (i >= stop || h1 < 0 || count === 6) return;
    let v = h1;
    i++;
    const h2 = i < stop ? hexValue(b[i] ?? 0) : -1;
    if (h2 >= 0) { v = v * 16 + h2; i++; }
    value = value * 256 + v;
    count++;
    const c = b[i] ?? 0;
    if (i < stop && (c === 0x3a || c === 0x2d || c === 0x2e)) { i++; continue; }
    break;
  }
  for (let k = count; k < 6; k++) value *= 256;
  let bits = count === 3 ? 24 : count === 6 ? 48 : -1;
  let masked = false;
  if (b[i] === 0x2f) {
    i++;
    let m = 0;
    let digits = 0;
    while (i < stop && (b[i] ?? 0) >= 0x30 && (b[i] ?? 0) <= 0x39) { m = m * 10 + (b[i] ?? 0) - 0x30; i++; digits++; }
    if (digits === 0) return;
    bits = m;
    masked = true;
  }
  if (i >= stop || !isSpace(b[i] ?? 0)) return;
  while (i < stop && isSpace(b[i] ?? 0)) i++;
  const nameStart = i;
  while (i < stop && !isSpace(b[i] ?? 0)) i++;
  const nameEnd = i;
  if (nameEnd === nameStart) return;
  while (i < stop && isSpace(b[i] ?? 0)) i++;
  let longEnd = stop;
  while (longEnd > i && isSpace(b[longEnd - 1] ?? 0)) longEnd--;
  let map: Map<number, number>;
  let key: number;
  if (bits === 48) { map = t.exact; key = value; }
  else if (bits === 24 && !masked) { map = t.oui; key = Math.floor(value / 2 ** 24); }
  else if (bits > 0 && bits < 48) { map = t.ranges; key = prefix(value, bits); }
  else return;
  const id = t.count++;
  if (5 * t.count > t.spans.length) {
    const grown = new Int32Array(t.spans.length * 2);
    grown.set(t.spans);
    t.spans = grown;
  }
  const at = 5 * id;
  t.spans[at] = file;
  t.spans[at + 1] = nameStart;
  t.spans[at + 2] = nameEnd;
  t.spans[at + 3] = i;
  t.spans[at + 4] = longEnd;
  map.set(key, id);
}

const utf8 = new TextDecoder();

/** Entry `id`'s name (`long` false) or long name (the name when it has none), cut as Wireshark cuts it. */
function entryName(t: EtherTables, id: number, long: boolean): string {
  const s = t.spans;
  const file = t.files[s[5 * id] ?? 0];
  if (!file) return '';
  let from = s[5 * id + 1] ?? 0;
  let to = s[5 * id + 2] ?? 0;
  if (long && (s[5 * id + 4] ?? 0) > (s[5 * id + 3] ?? 0)) { from = s[5 * id + 3] ?? 0; to = s[5 * id + 4] ?? 0; }
  return cut63(utf8.decode(file.subarray(from, to)));
}

const utf8Out = new TextEncoder();

/** `s` cut to 63 bytes of UTF-8 (Wireshark copies names into 64-byte buffers), at a character boundary. */
function cut63(s: string): string {
  if (s.length <= 21) return s; // at most 3 bytes a UTF-16 unit: cannot exceed 63 bytes
  const b = utf8Out.encode(s);
  if (b.length <= 63) return s;
  let end = 63;
  while (end > 0 && ((b[end] ?? 0) & 0xc0) === 0x80) end--; // do not split a character
  return utf8.decode(b.subarray(0, end));
}

/** `value` with the bits past its first `bits` cleared. */
function prefix(value: number, bits: number): number {
  const unit = 2 ** (48 - bits);
  return Math.floor(value / unit) * unit;
}

/** "NAME_" and the bytes from the first one a `bits`-long prefix does not wholly cover (that one masked). */
function rangeName(name: string, b: readonly number[], bits: number): string {
  const i = bits >> 3;
  let s = `${name}_${HEX[(b[i] ?? 0) & (0xff >> (bits & 7))]}`;
  for (let j = i + 1; j < 6; j++) s += `:${HEX[b[j] ?? 0]}`;
  return cut63(s);
}

function findRange(t: EtherTables, b: readonly number[], value: number, longest: number, shortest: number): string | undefined {
  for (let bits = longest; bits >= shortest; bits--) {
    const id = t.ranges.get(prefix(value, bits));
    if (id !== undefined) return rangeName(entryName(t, id, false), b, bits);
  }
  return undefined;
}

function resolve(t: EtherTables, mac: string): string {
  const b = mac.split(':').map((h) => parseInt(h, 16));
  if (b.length !== 6 || b.some((x) => Number.isNaN(x))) return mac;
  let value = 0;
  for (const x of b) value = value * 256 + x;
  const exact = t.exact.get(value);
  if (exact !== undefined) return entryName(t, exact, false);
  if (t.ranges.size !== 0) {
    const r = findRange(t, b, value, 47, 24);
    if (r !== undefined) return r;
  }
  const oui = Math.floor(value / 2 ** 24);
  const vendor = t.oui.get(oui) ?? (oui & 0x010000 ? t.oui.get(oui & 0xfeffff) : undefined);
  if (vendor !== undefined) return cut63(`${entryName(t, vendor, false)}_${mac.slice(9)}`);
  return (t.ranges.size !== 0 ? findRange(t, b, value, 23, 1) : undefined) ?? mac;
}

/** The resolved name of `mac` ("xx:xx:xx:xx:xx:xx"): a name, or the address itself. */
export function etherName(mac: string): string {
  if (!config.mac) return mac;
  let n = resolved.get(mac);
  if (n === undefined) {
    n = resolve((tables ??= load()), mac);
    if (resolved.size >= RESOLVED_MAX) resolved.clear();
    resolved.set(mac, n);
  }
  return n;
}

/** An Ethernet address as tshark labels it: "NAME (xx:…)" with resolution on, the bare address with it off. */
export function etherLabel(mac: string): string {
  if (!config.mac) return mac;
  // a tree labels the same few addresses frame after frame: one string each
  let s = labels.get(mac);
  if (s === undefined) {
    s = `${etherName(mac)} (${mac})`;
    if (labels.size >= RESOLVED_MAX) labels.clear();
    labels.set(mac, s);
  }
  return s;
}

/**
 * True when the manuf file names the 24-bit OUI exactly (Wireshark's get_manuf_name_if_known). Unlike the
 * names shown, this is consulted with name resolution off too: heuristics use it (tshark -n decides alike).
 */
export function ouiKnown(oui: number): boolean {
  return (tables ??= load()).oui.has(oui);
}

/** The manuf file's long name of a 24-bit OUI whatever the resolution setting (tshark's BASE_OUI fields). */
export function ouiManufName(oui: number): string | undefined {
  const t = (tables ??= load());
  const id = t.oui.get(oui);
  return id === undefined ? undefined : entryName(t, id, true);
}

/** The long name of a 24-bit OUI (eth.src.oui_resolved), exact: no group-bit fallback. */
export function ouiLongName(oui: number): string | undefined {
  return config.mac ? ouiManufName(oui) : undefined;
}
