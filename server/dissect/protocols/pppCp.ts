// What the PPP control protocols share (RFC 1661 §5, used by LCP, IPCP, IPV6CP, CCP): the Code/Identifier/
// Length header and its per-code bodies, the Configure-* option loop, option heads with their length checks,
// the PPP protocol-number names, and the text helpers tshark uses in the Info column.
//
// The shared header fields are declared under the `ppp.*` abbreviations and the LCP packet fields under `lcp.*`
// here because tshark applies them to every control protocol alike (an IPCP packet with code 9 is read as an
// LCP Echo-Request would be: Magic-Number and all). Option values live in each protocol's own module.

import type { Builder, Parent } from '../builder';
import { need } from '../common';
import { defineExperts } from '../expert';
import { defineFields, maskShift, typeBits } from '../fields';
import type { FieldDef, FieldValue } from '../fields';
import type { PacketInfo } from '../packet';
import { labelOf } from '../render';
import type { TreeNode } from '../tree';
import type { Tvb } from '../tvb';
import { HEX } from '../tvb';
import { hf as dataHf } from './data';
import { withinErrorPacket } from './ipv4';
import { ouiManufName } from '../names';

/**
 * What tshark appends to an OUI: the manuf file's name in parentheses when it has one (name resolution off
 * too), after a space in a BASE_OUI item, without one in the Vendor-Specific packet's own label.
 */
export function ouiSuffix(oui: number, space = true): string {
  const name = ouiManufName(oui);
  return name === undefined ? '' : `${space ? ' ' : ''}(${name})`;
}

/** PPP DLL protocol numbers (tshark's ppp_vals, `tshark -G values` for ppp.protocol; IANA ppp-numbers). */
export const PPP_PROTOCOLS: Readonly<Record<number, string>> = {
  0x0001: 'Padding Protocol',
  0x0003: 'ROHC small-CID',
  0x0005: 'ROHC large-CID',
  0x0021: 'Internet Protocol version 4',
  0x0023: 'OSI Network Layer',
  0x0025: 'Xerox NS IDP',
  0x0027: 'DECnet Phase IV',
  0x0029: 'Appletalk',
  0x002b: 'Novell IPX',
  0x002d: 'Van Jacobson Compressed TCP/IP',
  0x002f: 'Van Jacobson Uncompressed TCP/IP',
  0x0031: 'Bridging PDU',
  0x0033: 'Stream Protocol (ST-II)',
  0x0035: 'Banyan Vines',
  0x0039: 'AppleTalk EDDP',
  0x003b: 'AppleTalk SmartBuffered',
  0x003d: 'Multi-Link',
  0x003f: 'NETBIOS Framing',
  0x0041: 'Cisco Systems',
  0x0043: 'Ascom Timeplex',
  0x0045: 'Fujitsu Link Backup and Load Balancing (LBLB)',
  0x0047: 'DCA Remote Lan',
  0x0049: 'Serial Data Transport Protocol (PPP-SDTP)',
  0x004b: 'SNA over 802.2',
  0x004d: 'SNA',
  0x004f: 'IPv6 Header Compression ',
  0x0051: 'KNX Bridging Data',
  0x0053: 'Encryption',
  0x0055: 'Individual Link Encryption',
  0x0057: 'Internet Protocol version 6',
  0x0059: 'PPP Muxing',
  0x005b: 'Vendor-Specific Network Protocol (VSNP)',
  0x005d: 'TRILL Network Protocol (TNP)',
  0x0061: 'RTP IPHC Full Header',
  0x0063: 'RTP IPHC Compressed TCP',
  0x0065: 'RTP IPHC Compressed Non TCP',
  0x0067: 'RTP IPHC Compressed UDP 8',
  0x0069: 'RTP IPHC Compressed RTP 8',
  0x006f: 'Stampede Bridging',
  0x0073: 'MP+ Protocol',
  0x00c1: 'NTCITS IPI',
  0x00fb: 'Single link compression in multilink',
  0x00fd: 'Compressed datagram',
  0x0201: '802.1d Hello Packets',
  0x0203: 'IBM Source Routing BPDU',
  0x0205: 'DEC LANBridge100 Spanning Tree',
  0x0207: 'Cisco Discovery Protocol',
  0x0209: 'Netcs Twin Routing',
  0x020b: 'STP - Scheduled Transfer Protocol',
  0x020d: 'EDP - Extreme Discovery Protocol',
  0x0211: 'Optical Supervisory Channel Protocol (OSCP)',
  0x0213: 'Optical Supervisory Channel Protocol (OSCP)',
  0x0231: 'Luxcom',
  0x0233: 'Sigma Network Systems',
  0x0235: 'Apple Client Server Protocol',
  0x0281: 'MPLS Unicast',
  0x0283: 'MPLS Multicast',
  0x0285: 'IEEE p1284.4 standard - data packets',
  0x0287: 'ETSI TETRA Network Protocol Type 1',
  0x0289: 'Multichannel Flow Treatment Protocol',
  0x2063: 'RTP IPHC Compressed TCP No Delta',
  0x2065: 'RTP IPHC Context State',
  0x2067: 'RTP IPHC Compressed UDP 16',
  0x2069: 'RTP IPHC Compressed RTP 16',
  0x4001: 'Cray Communications Control Protocol',
  0x4003: 'CDPD Mobile Network Registration Protocol',
  0x4005: 'Expand accelerator protocol',
  0x4007: 'ODSICP NCP',
  0x4009: 'DOCSIS DLL',
  0x400b: 'Cetacean Network Detection Protocol',
  0x4021: 'Stacker LZS',
  0x4023: 'RefTek Protocol',
  0x4025: 'Fibre Channel',
  0x4027: 'EMIT Protocols',
  0x405b: 'Vendor-Specific Protocol (VSP)',
  0x405d: 'TRILL Link State Protocol (TLSP)',
  0x8021: 'Internet Protocol Control Protocol',
  0x8023: 'OSI Network Layer Control Protocol',
  0x8025: 'Xerox NS IDP Control Protocol',
  0x8027: 'DECnet Phase IV Control Protocol',
  0x8029: 'AppleTalk Control Protocol',
  0x802b: 'Novell IPX Control Protocol',
  0x8031: 'Bridging NCP',
  0x8033: 'Stream Protocol Control Protocol',
  0x8035: 'Banyan Vines Control Protocol',
  0x803d: 'Multi-Link Control Protocol',
  0x803f: 'NETBIOS Framing Control Protocol',
  0x8041: 'Cisco Systems Control Protocol',
  0x8043: 'Ascom Timeplex',
  0x8045: 'Fujitsu LBLB Control Protocol',
  0x8047: 'DCA Remote Lan Network Control Protocol (RLNCP)',
  0x8049: 'Serial Data Control Protocol (PPP-SDCP)',
  0x804b: 'SNA over 802.2 Control Protocol',
  0x804d: 'SNA Control Protocol',
  0x804f: 'IP6 Header Compression Control Protocol',
  0x8051: 'KNX Bridging Control Protocol',
  0x8053: 'Encryption Control Protocol',
  0x8055: 'Individual Link Encryption Control Protocol',
  0x8057: 'IPv6 Control Protocol',
  0x8059: 'PPP Muxing Control Protocol',
  0x805b: 'Vendor-Specific Network Control Protocol (VSNCP)',
  0x805d: 'TRILL Network Control Protocol',
  0x806f: 'Stampede Bridging Control Protocol',
  0x8073: 'MP+ Control Protocol',
  0x80c1: 'NTCITS IPI Control Protocol',
  0x80fb: 'Single link compression in multilink control',
  0x80fd: 'Compression Control Protocol',
  0x8207: 'Cisco Discovery Protocol Control Protocol',
  0x8209: 'Netcs Twin Routing',
  0x820b: 'STP - Control Protocol',
  0x820d: 'EDPCP - Extreme Discovery Protocol Control Protocol',
  0x8235: 'Apple Client Server Protocol Control',
  0x8281: 'MPLS Control Protocol',
  0x8285: 'IEEE p1284.4 standard - Protocol Control',
  0x8287: 'ETSI TETRA TNP1 Control Protocol',
  0x8289: 'Multichannel Flow Treatment Protocol',
  0xc021: 'Link Control Protocol',
  0xc023: 'Password Authentication Protocol',
  0xc025: 'Link Quality Report',
  0xc027: 'Shiva Password Authentication Protocol',
  0xc029: 'Callback Control Protocol (CBCP)',
  0xc02b: 'BACP Bandwidth Allocation Control Protocol',
  0xc02d: 'BAP Bandwidth Allocation Protocol',
  0xc05b: 'Vendor-Specific Authentication Protocol (VSAP)',
  0xc081: 'Container Control Protocol',
  0xc223: 'Challenge Handshake Authentication Protocol',
  0xc225: 'RSA Authentication Protocol',
  0xc227: 'Extensible Authentication Protocol',
  0xc229: 'Mitsubishi Security Information Exchange Protocol (SIEP)',
  0xc26f: 'Stampede Bridging Authorization Protocol',
  0xc281: 'Proprietary Authentication Protocol',
  0xc283: 'Proprietary Authentication Protocol',
  0xc481: 'Proprietary Node ID Authentication Protocol',
};

/** Control-protocol codes every CP shares (tshark's cp_vals). */
export const CP_CODES: Readonly<Record<number, string>> = {
  0: 'Vendor Specific',
  1: 'Configuration Request',
  2: 'Configuration Ack',
  3: 'Configuration Nak',
  4: 'Configuration Reject',
  5: 'Termination Request',
  6: 'Termination Ack',
  7: 'Code Reject',
};

export const CODE = {
  VENDOR: 0, CONFREQ: 1, CONFACK: 2, CONFNAK: 3, CONFREJ: 4, TERMREQ: 5, TERMACK: 6, CODEREJ: 7,
  PROTREJ: 8, ECHOREQ: 9, ECHOREP: 10, DISCREQ: 11, IDENT: 12, TIMEREMAIN: 13, RESETREQ: 14, RESETACK: 15,
} as const;

export const hf = defineFields({
  code: { abbrev: 'ppp.code', name: 'Code', type: 'uint8', base: 'dec', ref: 'RFC 1661 §5', blurb: 'Kind of control-protocol packet (Configure-Request, Terminate-Ack, Echo-Reply …); names depend on the protocol.' },
  identifier: { abbrev: 'ppp.identifier', name: 'Identifier', type: 'uint8', base: 'dec_hex', ref: 'RFC 1661 §5', blurb: 'Matches a reply to its request; changes for every new request.' },
  length: { abbrev: 'ppp.length', name: 'Length', type: 'uint16', base: 'dec', ref: 'RFC 1661 §5', blurb: 'Length of the packet including Code, Identifier and Length; octets past it are padding.' },
  magic_number: { abbrev: 'ppp.magic_number', name: 'Magic Number', type: 'uint32', base: 'hex', ref: 'RFC 2153 §2', blurb: 'Magic-Number of the sender (Vendor-Specific packets).' },
  oui: { abbrev: 'ppp.oui', name: 'OUI', type: 'uint24', base: 'dec', ref: 'RFC 2153 §2', blurb: 'IEEE Organizationally Unique Identifier of the vendor.' },
  kind: { abbrev: 'ppp.kind', name: 'Kind', type: 'uint8', base: 'dec_hex', ref: 'RFC 2153 §2' },
  data: { abbrev: 'ppp.data', name: 'Data', type: 'bytes', ref: 'RFC 1661 §5' },
  // LCP packet fields (tshark reads them for any control protocol using these codes)
  lcp_magic: { abbrev: 'lcp.magic_number', name: 'Magic Number', type: 'uint32', base: 'hex', ref: 'RFC 1661 §5.8', blurb: 'The sender\'s Magic-Number (0 when none was negotiated); a received own value reveals a looped-back link.' },
  lcp_data: { abbrev: 'lcp.data', name: 'Data', type: 'bytes', ref: 'RFC 1661 §5.8' },
  lcp_message: { abbrev: 'lcp.message', name: 'Message', type: 'string', ref: 'RFC 1570 §2', blurb: 'Human-readable text of an Identification or Time-Remaining packet.' },
  lcp_secs: { abbrev: 'lcp.secs_remaining', name: 'Seconds Remaining', type: 'uint32', base: 'dec', unit: 'seconds', ref: 'RFC 1570 §3', blurb: 'Seconds left in the session (0xffffffff: forever).' },
  lcp_rej_proto: { abbrev: 'lcp.rej_proto', name: 'Rejected Protocol', type: 'uint16', base: 'hex', vals: PPP_PROTOCOLS, ref: 'RFC 1661 §5.7', blurb: 'PPP Protocol field of the packet that was rejected because the protocol is not supported.' },
});

export const ei = defineExperts({
  opt_len: { abbrev: 'ppp.opt.len.invalid', severity: 'warning', group: 'protocol', summary: 'Invalid length for option', ref: 'RFC 1661 §6' },
  length: { abbrev: 'ppp.length.invalid', severity: 'warning', group: 'malformed', summary: 'Length field is smaller than the 4-octet header', ref: 'RFC 1661 §5' },
});

// ---------------------------------------------------------------------------------------------------------
// Text helpers (tshark's formatting of Info-column text)

export function plural(n: number): string {
  return n === 1 ? '' : 's';
}

export function hex(v: number, digits: number): string {
  return `0x${(v >>> 0).toString(16).padStart(digits, '0')}`;
}

export function hexBytes(b: Uint8Array, sep = ''): string {
  let s = '';
  for (let i = 0; i < b.length; i++) {
    if (i > 0 && sep) s += sep;
    s += HEX[b[i] ?? 0];
  }
  return s;
}

/** tshark's bytes_to_str: hex, at most 36 octets, then an ellipsis. */
export function bytesToStr(b: Uint8Array): string {
  return b.length > 36 ? `${hexBytes(b.subarray(0, 36))}\u2026` : hexBytes(b);
}

const C_ESCAPES: Readonly<Record<number, string>> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

/**
 * tshark's format_text (Info-column text of strings): printable ASCII as is, C escapes for \a\b\t\n\v\f\r,
 * other control octets in octal (\001), valid UTF-8 kept, invalid octets as U+FFFD.
 */
export function formatText(b: Uint8Array): string {
  let s = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    if (c < 0x80) {
      if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
      else s += C_ESCAPES[c] ?? `\\${c.toString(8).padStart(3, '0')}`;
      i++;
      continue;
    }
    const n = c >= 0xf0 ? (c < 0xf5 ? 4 : 0) : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    let ok = n > 0 && i + n <= b.length;
    for (let k = 1; ok && k < n; k++) ok = ((b[i + k] ?? 0) & 0xc0) === 0x80;
    if (ok) {
      let cp = c & (n === 2 ? 0x1f : n === 3 ? 0x0f : 0x07);
      for (let k = 1; k < n; k++) cp = (cp << 6) | ((b[i + k] ?? 0) & 0x3f);
      const overlong = (n === 3 && cp < 0x800) || (n === 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff);
      if (!overlong) {
        s += String.fromCodePoint(cp);
        i += n;
        continue;
      }
    }
    s += '\ufffd';
    i++;
  }
  return s;
}

/** Appends `suffix` to a node's label (rendering the label first when the node has no custom text). */
export function appendLabel(pinfo: PacketInfo, t: Builder, node: TreeNode | null, suffix: string): void {
  if (!t.tree || !node) return;
  let base = node.text;
  if (base === undefined) {
    const src = pinfo.sources[node.source ?? 0]?.bytes;
    base = labelOf(node, src?.subarray(node.offset, node.offset + node.length));
  }
  t.setText(node, base + suffix);
}

/** "Name (0x1234)" / "Unknown (0x1234)" for a value of a named field (labels only). */
export function named(vals: Readonly<Record<number, string>> | undefined, v: number, digits: number): string {
  return `${vals?.[v] ?? 'Unknown'} (${hex(v, digits)})`;
}

// ---------------------------------------------------------------------------------------------------------
// Configuration options (RFC 1661 §6): Type, Length, Data

/** The type/length fields of one option space (lcp.opt.*, ipcp.opt.*, ipcp.opt.rohc.* …). */
export interface OptionFamily {
  readonly type: FieldDef;
  readonly length: FieldDef;
}

export interface OptionDef {
  /** tshark's option dissector short name: the Options summary and the loop's problems use it. */
  readonly name: string;
  /** The option's subtree item (a protocol-typed field in tshark, e.g. lcp.opt.mtu_bytes). */
  readonly head: FieldDef;
  readonly decode: (o: Opt) => void;
  /** Type/Length fields when they differ from the table's (IPV6CP's compression option uses IPCP's). */
  readonly family?: OptionFamily;
}

export type OptionTable = ReadonlyMap<number, OptionDef>;

/** One option being decoded: its own Tvb (offset 0 = Type octet; every octet of it was captured). */
export class Opt {
  /** The option's subtree (null when no tree is built, or before the head was added). */
  node: Parent = null;
  private label = '';

  constructor(
    readonly tvb: Tvb,
    readonly pinfo: PacketInfo,
    readonly t: Builder,
    readonly parent: Parent,
    readonly def: OptionDef,
    readonly family: OptionFamily,
  ) {}

  /** The option's Length octet (the whole option). */
  get len(): number {
    return this.tvb.reportedLength;
  }

  /** Adds the head, Type and Length items over `len` octets (no length check: options that take any length). */
  open(head: FieldDef = this.def.head, len = this.len): void {
    const { t, tvb } = this;
    this.label = head.name;
    this.node = t.add(this.parent, tvb, head, 0, len);
    const type = tvb.u8(0);
    t.add(this.node, tvb, this.family.type, 0, 1, type, t.tree ? `Type: ${head.name} (${type})` : undefined);
    t.add(this.node, tvb, this.family.length, 1, 1, tvb.u8(1));
  }

  /** Fixed-length option: false (with ppp.opt.len.invalid) unless its length is exactly `n`. */
  fixed(n: number, head: FieldDef = this.def.head): boolean {
    if (this.len !== n) return this.bad(`${head.name} (with option length = ${this.len} byte${plural(this.len)}; should be ${n})`);
    this.open(head, n);
    return true;
  }

  /** Variable-length option: false (with ppp.opt.len.invalid) when shorter than `n`. */
  atLeast(n: number, head: FieldDef = this.def.head): boolean {
    if (this.len < n) return this.bad(`${head.name} (with option length = ${this.len} byte${plural(this.len)}; should be at least ${n})`);
    this.open(head);
    return true;
  }

  private bad(message: string): false {
    const { t, tvb } = this;
    const n = t.tree ? t.text(this.parent, tvb, 0, this.len, message) : null;
    t.problem(n ?? this.parent, tvb, ei.opt_len, 0, this.len, message);
    return false;
  }

  /** Adds a field under the option's subtree; `text` (a custom label) is only computed when a tree is built. */
  add(field: FieldDef, off: number, len: number, value?: FieldValue, text?: () => string): TreeNode | null {
    return this.t.add(this.node, this.tvb, field, off, len, value, this.t.tree && text ? text() : undefined);
  }

  /** A string field's value, computed only when wanted. */
  str(field: FieldDef, off: number, len: number): string | undefined {
    return this.t.wants(field) ? this.tvb.str(off, len) : undefined;
  }

  /** Bounds check inside the option (an option that takes any length may still be too short for a field). */
  need(off: number, len: number, what: string): boolean {
    return need(this.t, this.node, this.tvb, off, len, what);
  }

  /** Appends text to the option head's label, as tshark's proto_item_append_text (computed only for a tree). */
  append(s: () => string): void {
    if (!this.t.tree) return;
    this.label += s();
    this.t.setText(this.node, this.label);
  }
}

/** "Name: Value (n)" label of an integer field with value names ("Unknown" when unnamed), as tshark shows them. */
export function vlabel(f: FieldDef, v: number): string {
  const num = f.base === 'hex' ? hex(v, typeBits(f.type) / 4) : String(v);
  return `${f.name}: ${f.vals?.[v] ?? 'Unknown'} (${num})`;
}

/**
 * Sub-items of a bitmask item (tshark's proto_tree_add_bitmask) under `item`, values masked and shifted; returns
 * the text tshark appends to the item: ", NAME" per set flag, ", Name: value-name" per named integer.
 */
export function bitmask(o: Opt, item: Parent, off: number, len: number, value: number, items: readonly FieldDef[]): string {
  let list = '';
  for (const f of items) {
    const m = f.mask ?? 0;
    if (f.type === 'bool') {
      const on = Math.floor(value / m) % 2 === 1;
      o.t.add(item, o.tvb, f, off, len, on);
      if (on) list += `, ${f.name}`;
    } else {
      const v = ((value & m) >>> maskShift(m)) >>> 0;
      o.t.add(item, o.tvb, f, off, len, v);
      if (f.vals) list += `, ${f.name}: ${f.vals[v] ?? 'Unknown'}`;
    }
  }
  return list;
}

/**
 * Decodes a run of options: `length` octets from `off` in `tvb` (all captured: callers check). Returns the
 * names of the options decoded (for the "Options: (N bytes), A, B" summary). Bad lengths (< 2, past the end)
 * are problems and stop the run, as in tshark; every step consumes at least two octets.
 */
export function dissectOptions(tvb: Tvb, off: number, length: number, table: OptionTable | undefined, family: OptionFamily,
  pinfo: PacketInfo, t: Builder, parent: Parent): string[] {
  const names: string[] = [];
  let offset = off;
  let remaining = length;
  const bad = (o: number, len: number, message: string): void => {
    const n = t.tree ? t.text(parent, tvb, o, len, message) : null;
    t.problem(n ?? parent, tvb, ei.opt_len, o, len, message);
  };
  while (remaining > 0) {
    const type = tvb.u8(offset);
    remaining--;
    const def = table?.get(type);
    const name = def ? def.name : `Unknown (${hex(type, 2)})`;
    if (remaining === 0) {
      bad(offset, 1, `${name} (length byte past end of options)`);
      break;
    }
    const optlen = tvb.u8(offset + 1);
    remaining--;
    if (optlen < 2) {
      bad(offset, 2, `${name} (with too-short option length = ${optlen} byte${plural(optlen)})`);
      break;
    }
    if (optlen - 2 > remaining) {
      bad(offset, remaining + 2, `${name} (option length = ${optlen} byte${plural(optlen)} says option goes past end of options)`);
      break;
    }
    if (!def) {
      if (t.tree) t.text(parent, tvb, offset, optlen, `${name} (${optlen} byte${plural(optlen)})`);
    } else {
      def.decode(new Opt(tvb.sub(offset, optlen), pinfo, t, parent, def, def.family ?? family));
      names.push(def.name);
    }
    offset += optlen;
    remaining -= optlen - 2;
  }
  return names;
}

/** "Options: (N bytes), A, B" (or "Suboptions: …") subtree over `len` octets at `off`, then its options. */
export function optionsSubtree(label: string, tvb: Tvb, off: number, len: number, table: OptionTable | undefined, family: OptionFamily,
  pinfo: PacketInfo, t: Builder, parent: Parent): void {
  const head = `${label}: (${len} byte${plural(len)})`;
  const node = t.tree ? t.text(parent, tvb, off, len, head) : null;
  const names = dissectOptions(tvb, off, len, table, family, pinfo, t, node);
  if (node && names.length > 0) t.setText(node, `${head}, ${names.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------------------
// Packets nested in an LCP Protocol-Reject (dissected inside the LCP subtree, columns untouched)

/** Decodes a packet of one PPP protocol under `parent` (the PPP family's own dissectors register here). */
export type NestedDissector = (tvb: Tvb, pinfo: PacketInfo, t: Builder, parent: Parent, nested: boolean) => void;

const nestedByProtocol = new Map<number, NestedDissector>();

export function registerNested(protocol: number, fn: NestedDissector): void {
  nestedByProtocol.set(protocol, fn);
}

export function nestedFor(protocol: number): NestedDissector | undefined {
  return nestedByProtocol.get(protocol);
}

/** Undissected octets shown inside a parent (tshark's data dissector called on a subtree). */
export function nestedData(tvb: Tvb, pinfo: PacketInfo, t: Builder, parent: Parent): void {
  const n = tvb.length;
  if (n <= 0) return;
  pinfo.protocols.push('data');
  const top = t.add(parent, tvb, dataHf.data, 0, n, undefined, t.tree ? `Data (${n} byte${plural(n)})` : undefined);
  t.add(top, tvb, dataHf.data_data, 0, n);
  t.generated(top, dataHf.data_len, n);
}

// ---------------------------------------------------------------------------------------------------------
// The control-protocol packet (RFC 1661 §5)

export interface ControlProtocol {
  /** frame.protocols name ('lcp', 'ipcp' …). */
  readonly name: string;
  /** Protocol column ('PPP LCP'). */
  readonly column: string;
  readonly proto: FieldDef;
  readonly codes: Readonly<Record<number, string>>;
  readonly options?: OptionTable;
  readonly family: OptionFamily;
}

/**
 * Decodes one control-protocol packet (Code, Identifier, Length, body by code) as tshark does for LCP, IPCP,
 * IPV6CP and CCP. `parent` is null for a layer of its own, the LCP node for a packet inside a Protocol-Reject
 * (`nested`: the Protocol/Info columns are then left alone).
 */
export function dissectCp(cp: ControlProtocol, tvb: Tvb, pinfo: PacketInfo, t: Builder, parent: Parent, nested = false): void {
  pinfo.protocols.push(cp.name);
  if (!tvb.has(0, 4)) {
    const top = t.add(parent, tvb, cp.proto, 0, tvb.length);
    need(t, top, tvb, 0, 4, `${cp.column} header`);
    return;
  }
  const code = tvb.u8(0);
  const length = tvb.u16(2);
  const codeName = cp.codes[code] ?? 'Unknown';
  if (pinfo.columns && !nested) {
    pinfo.protocol = cp.column;
    pinfo.info = codeName;
  }
  // the fixed fields of the code are read whatever Length says (as tshark does): the node covers them too
  const top = t.add(parent, tvb, cp.proto, 0, Math.max(length, fixedPart(code)));
  t.add(top, tvb, hf.code, 0, 1, code, t.tree ? `Code: ${codeName} (${code})` : undefined);
  t.add(top, tvb, hf.identifier, 1, 1, tvb.u8(1));
  const lenItem = t.add(top, tvb, hf.length, 2, 2, length);
  if (length < 4) t.problem(lenItem ?? top, tvb, ei.length, 2, 2, `Length ${length} is smaller than the 4-octet header`);
  const len = length - 4;

  switch (code) {
    case CODE.VENDOR: {
      if (!need(t, top, tvb, 4, 4, 'Magic-Number')) return;
      t.add(top, tvb, hf.magic_number, 4, 4, tvb.u32(4));
      if (!need(t, top, tvb, 8, 3, 'OUI')) return;
      t.add(top, tvb, hf.oui, 8, 3, tvb.u24(8), t.tree ? `OUI: ${tvb.hex(8, 3, ':')}${ouiSuffix(tvb.u24(8), false)}` : undefined);
      if (!need(t, top, tvb, 11, 1, 'Kind')) return;
      t.add(top, tvb, hf.kind, 11, 1, tvb.u8(11));
      if (len > 8 && need(t, top, tvb, 12, len - 8, 'Vendor-Specific data')) t.add(top, tvb, hf.data, 12, len - 8);
      break;
    }
    case CODE.CONFREQ: case CODE.CONFACK: case CODE.CONFNAK: case CODE.CONFREJ:
      if (len > 0 && need(t, top, tvb, 4, len, 'options')) optionsSubtree('Options', tvb, 4, len, cp.options, cp.family, pinfo, t, top);
      break;
    case CODE.CODEREJ:
      if (len > 0 && need(t, top, tvb, 4, len, 'rejected packet')) {
        t.add(top, tvb, hf.data, 4, len, undefined, t.tree ? `Rejected Packet (${len} byte${plural(len)}): ${tvb.hex(4, len)}` : undefined);
      }
      break;
    case CODE.PROTREJ: {
      if (!need(t, top, tvb, 4, 2, 'Rejected-Protocol')) return;
      const proto = tvb.u16(4);
      t.add(top, tvb, hf.lcp_rej_proto, 4, 2, proto, t.tree ? `Rejected Protocol: ${named(PPP_PROTOCOLS, proto, 4)}` : undefined);
      if (len > 2) {
        const inner = tvb.sub(6, len - 2);
        const fn = nestedFor(proto);
        if (fn) fn(inner, pinfo, t, top, true);
        else if (pinfo.registry.lookup('ppp.protocol', proto)) {
          // tshark hands any other rejected packet to its protocol's dissector (IP: ip.src and all). It is a
          // quote, as in an ICMP error (columns and conversations left alone); its layers follow LCP's header
          // here, so that layers still tile the frame.
          t.setLength(top, 6);
          withinErrorPacket(pinfo, () => { pinfo.registry.call('ppp.protocol', proto, inner, pinfo, t); });
        } else nestedData(inner, pinfo, t, top);
      }
      break;
    }
    case CODE.ECHOREQ: case CODE.ECHOREP: case CODE.DISCREQ:
      if (!need(t, top, tvb, 4, 4, 'Magic-Number')) return;
      t.add(top, tvb, hf.lcp_magic, 4, 4, tvb.u32(4));
      if (len > 4 && need(t, top, tvb, 8, len - 4, 'data')) t.add(top, tvb, hf.lcp_data, 8, len - 4);
      break;
    case CODE.IDENT:
      if (!need(t, top, tvb, 4, 4, 'Magic-Number')) return;
      t.add(top, tvb, hf.lcp_magic, 4, 4, tvb.u32(4));
      if (len > 4 && need(t, top, tvb, 8, len - 4, 'message')) t.add(top, tvb, hf.lcp_message, 8, len - 4, t.wants(hf.lcp_message) ? tvb.str(8, len - 4) : undefined);
      break;
    case CODE.TIMEREMAIN: {
      if (!need(t, top, tvb, 4, 8, 'Magic-Number and Seconds-Remaining')) return;
      t.add(top, tvb, hf.lcp_magic, 4, 4, tvb.u32(4));
      const secs = tvb.u32(8);
      t.add(top, tvb, hf.lcp_secs, 8, 4, secs, t.tree ? `Seconds Remaining: ${secs} ${secs === 0xffffffff ? '(forever)' : 'seconds'}` : undefined);
      if (len > 8 && need(t, top, tvb, 12, len - 8, 'message')) t.add(top, tvb, hf.lcp_message, 12, len - 8, t.wants(hf.lcp_message) ? tvb.str(12, len - 8) : undefined);
      break;
    }
    default: // Terminate-Request/Ack, CCP Reset-Request/Ack, unknown codes
      if (len > 0 && need(t, top, tvb, 4, len, 'data')) t.add(top, tvb, hf.data, 4, len);
      break;
  }
}

/** Octets of a packet's fixed part: the header and the fields its code always has (Magic-Number …). */
function fixedPart(code: number): number {
  switch (code) {
    case CODE.PROTREJ: return 6;
    case CODE.ECHOREQ: case CODE.ECHOREP: case CODE.DISCREQ: case CODE.IDENT: return 8;
    case CODE.VENDOR: case CODE.TIMEREMAIN: return 12;
    default: return 4;
  }
}

/** Registers a control protocol's packet decoder for Protocol-Reject nesting and returns its layer dissector. */
export function controlProtocol(cp: ControlProtocol, protocolNumber: number): (tvb: Tvb, pinfo: PacketInfo, t: Builder) => number {
  // a rejected control packet shorter than its 4-octet header: tshark shows nothing of it
  registerNested(protocolNumber, (tvb, pinfo, t, parent, nested) => {
    if (tvb.reportedLength >= 4) dissectCp(cp, tvb, pinfo, t, parent, nested);
  });
  return (tvb, pinfo, t) => {
    dissectCp(cp, tvb, pinfo, t, null, false);
    // the bytes the packet claims (its Length, at least its fixed part): PPP shows the rest of the frame apart
    return tvb.has(0, 4) ? Math.max(tvb.u16(2), fixedPart(tvb.u8(0))) : tvb.length;
  };
}
