// The other PPP Network Control Protocols a router negotiates inside an L2TP session, as tshark 4.0 decodes
// them (Wireshark's packet-ppp.c): Cisco's CDPCP (0x8207) and MPLSCP (RFC 3032, 0x8281), which have no options
// of their own, OSINLCP (RFC 1377, 0x8023), BACP (RFC 2125, 0xc02b), BCP (RFC 3518, 0x8031) and PPPMuxCP
// (RFC 3153, 0x8059). Each is the
// shared control-protocol packet (pppCp.ts): Code, Identifier and Length under ppp.*, options by type.

import { defineFields } from '../fields';
import type { ProtocolModule, Registry } from '../registry';
import { CP_CODES, PPP_PROTOCOLS, controlProtocol } from './pppCp';
import type { ControlProtocol, OptionDef, OptionFamily } from './pppCp';

/** RFC 3518 §5.3 MAC types (tshark's bcp MAC type names). */
const MAC_TYPES: Readonly<Record<number, string>> = {
  1: 'IEEE 802.3/Ethernet', 2: 'IEEE 802.4', 3: 'IEEE 802.5, non-canonical addresses', 4: 'FDDI, non-canonical addresses',
  11: 'IEEE 802.5, canonical addresses', 12: 'FDDI, canonical addresses',
};
const STP_PROTOCOLS: Readonly<Record<number, string>> = {
  0: 'Null (no Spanning Tree protocol supported)', 1: 'IEEE 802.1D spanning tree', 2: 'IEEE 802.1G extended spanning tree protocol',
  3: 'IBM Source Route Spanning tree protocol', 4: 'DEC LANbridge 100 Spanning tree protocol',
};

export const hf = defineFields({
  cdpcp: { abbrev: 'cdpcp', name: 'PPP CDP Control Protocol', type: 'protocol', blurb: 'Negotiates Cisco Discovery Protocol over the PPP link' },
  mplscp: { abbrev: 'mplscp', name: 'PPP MPLS Control Protocol', type: 'protocol', ref: 'RFC 3032 §4.3' },
  osinlcp: { abbrev: 'osinlcp', name: 'PPP OSI Network Layer Control Protocol', type: 'protocol', ref: 'RFC 1377' },
  osinlcp_type: { abbrev: 'osinlcp.opt.type', name: 'Type', type: 'uint8', base: 'dec', ref: 'RFC 1377 §3' },
  osinlcp_length: { abbrev: 'osinlcp.opt.length', name: 'Length', type: 'uint8', base: 'dec' },
  osinlcp_align: { abbrev: 'osinlcp.opt.def_pid', name: 'Align-NPDU', type: 'protocol', ref: 'RFC 1377 §3.1' },
  osinlcp_alignment: { abbrev: 'osinlcp.opt.alignment', name: 'Alignment', type: 'uint8', base: 'dec', blurb: 'Where the NPDU starts relative to a 4-octet boundary' },
  bacp: { abbrev: 'bacp', name: 'PPP Bandwidth Allocation Control Protocol', type: 'protocol', ref: 'RFC 2125 §5' },
  bacp_type: { abbrev: 'bacp.opt.type', name: 'Type', type: 'uint8', base: 'dec' },
  bacp_length: { abbrev: 'bacp.opt.length', name: 'Length', type: 'uint8', base: 'dec' },
  bacp_favored_peer: { abbrev: 'bacp.opt.favored_peer', name: 'Favored-Peer', type: 'protocol', ref: 'RFC 2125 §5.1.1' },
  bacp_magic: { abbrev: 'bacp.magic_number', name: 'Magic number', type: 'uint32', base: 'hex', blurb: 'The higher magic number wins when both peers make a call at once' },
  bcp: { abbrev: 'bcp_ncp', name: 'PPP Bridging Control Protocol Network Control Protocol', type: 'protocol', ref: 'RFC 3518 §5' },
  bcp_type: { abbrev: 'bcp_ncp.lcp.opt.type', name: 'Type', type: 'uint8', base: 'dec' },
  bcp_length: { abbrev: 'bcp_ncp.lcp.opt.length', name: 'Length', type: 'uint8', base: 'dec' },
  bcp_bridge_id: { abbrev: 'bcp_ncp.opt.bridge_id', name: 'Bridge-Identification', type: 'protocol', ref: 'RFC 3518 §5.1' },
  bcp_line_id: { abbrev: 'bcp_ncp.opt.line_id', name: 'Line-Identification', type: 'protocol', ref: 'RFC 3518 §5.2' },
  bcp_mac_sup: { abbrev: 'bcp_ncp.opt.mac_sup', name: 'MAC-Support', type: 'protocol', ref: 'RFC 3518 §5.3' },
  bcp_tinygram: { abbrev: 'bcp_ncp.opt.tinygram_comp', name: 'Tinygram-Compression', type: 'protocol', ref: 'RFC 3518 §5.4' },
  bcp_lan_id: { abbrev: 'bcp_ncp.opt.lan_id', name: 'LAN-Identification (obsoleted)', type: 'protocol' },
  bcp_mac_addr: { abbrev: 'bcp_ncp.opt.mac_addr', name: 'MAC-Address', type: 'protocol', ref: 'RFC 3518 §5.5' },
  bcp_stp: { abbrev: 'bcp_ncp.opt.stp', name: 'Spanning-Tree-Protocol (old formatted)', type: 'protocol', ref: 'RFC 1638 §5.6' },
  bcp_tagged: { abbrev: 'bcp_ncp.opt.ieee_802_tagged_frame', name: 'IEEE 802 Tagged Frame', type: 'protocol', ref: 'RFC 3518 §5.7' },
  bcp_mgmt: { abbrev: 'bcp_ncp.opt.management_inline', name: 'Management Inline', type: 'protocol', ref: 'RFC 3518 §5.8' },
  bcp_ind: { abbrev: 'bcp_ncp.opt.bcp_ind', name: 'Bridge Control Packet Indicator', type: 'protocol', ref: 'RFC 3518 §5.9' },
  bcp_lan_seg_no: { abbrev: 'bcp_ncp.lcp.lan_seg_no', name: 'LAN Segment Number', type: 'uint16', base: 'dec', mask: 0xfff0 },
  bcp_bridge_no: { abbrev: 'bcp_ncp.lcp.bridge_no', name: 'Bridge Number', type: 'uint16', base: 'dec', mask: 0x000f },
  bcp_mac_type: { abbrev: 'bcp_bpdu.mac_type', name: 'MAC Type', type: 'uint8', base: 'dec', vals: MAC_TYPES },
  bcp_tinygram_comp: { abbrev: 'bcp_ncp.lcp.tinygram_comp', name: 'Tinygram-Compression', type: 'bool', tfs: ['Enabled', 'Disabled'] },
  bcp_mac: { abbrev: 'bcp_ncp.lcp.mac_addres', name: 'MAC Address', type: 'ether' },
  bcp_mac_l: { abbrev: 'bcp_ncp.lcp.mac_l', name: 'L bit', type: 'uint32', base: 'hex' },
  bcp_mac_m: { abbrev: 'bcp_ncp.lcp.mac_addre', name: 'M bit', type: 'uint32', base: 'hex' },
  bcp_stp_protocol: { abbrev: 'bcp_ncp.lcp.stp_protocol', name: 'Protocol', type: 'uint8', base: 'dec', vals: STP_PROTOCOLS },
  pppmuxcp: { abbrev: 'pppmuxcp', name: 'PPPMux Control Protocol', type: 'protocol', ref: 'RFC 3153 §3' },
  pppmuxcp_type: { abbrev: 'pppmuxcp.opt.type', name: 'Type', type: 'uint8', base: 'dec' },
  pppmuxcp_length: { abbrev: 'pppmuxcp.opt.length', name: 'Length', type: 'uint8', base: 'dec' },
  pppmuxcp_def_pid: { abbrev: 'pppmuxcp.opt.def_pid', name: 'Default Protocol ID', type: 'protocol', ref: 'RFC 3153 §3.1' },
  pppmuxcp_def_prot_id: { abbrev: 'pppmuxcp.def_prot_id', name: 'Default Protocol ID', type: 'uint16', base: 'hex', vals: PPP_PROTOCOLS, blurb: 'The PPP protocol of sub-frames that carry none' },
  bcp_tagged_frame: { abbrev: 'bcp_ncp.ieee_802_tagged_frame', name: 'IEEE-802-Tagged-Frame', type: 'bool', tfs: ['Enabled', 'Disabled'] },
});

const OSINLCP_FAMILY: OptionFamily = { type: hf.osinlcp_type, length: hf.osinlcp_length };
const BACP_FAMILY: OptionFamily = { type: hf.bacp_type, length: hf.bacp_length };
const BCP_FAMILY: OptionFamily = { type: hf.bcp_type, length: hf.bcp_length };

const OSINLCP_OPTIONS: ReadonlyMap<number, OptionDef> = new Map<number, OptionDef>([
  [1, { name: 'Align-NPDU', head: hf.osinlcp_align, decode: (o) => {
    if (o.fixed(3)) o.add(hf.osinlcp_alignment, 2, 1, o.tvb.u8(2));
  } }],
]);

const BACP_OPTIONS: ReadonlyMap<number, OptionDef> = new Map<number, OptionDef>([
  [1, { name: 'Favored-Peer', head: hf.bacp_favored_peer, decode: (o) => {
    if (o.fixed(6)) o.add(hf.bacp_magic, 2, 4, o.tvb.u32(2));
  } }],
]);

/** Bridge- and Line-Identification: a 12-bit LAN segment number and a 4-bit bridge number. */
const segmentAndBridge = (name: string, head: typeof hf.bcp_bridge_id): OptionDef => ({ name, head, decode: (o) => {
  if (!o.fixed(4)) return;
  const v = o.tvb.u16(2);
  o.add(hf.bcp_lan_seg_no, 2, 2, v >> 4);
  o.add(hf.bcp_bridge_no, 2, 2, v & 0x0f);
} });

const BCP_OPTIONS: ReadonlyMap<number, OptionDef> = new Map<number, OptionDef>([
  [1, segmentAndBridge('Bridge-Identification', hf.bcp_bridge_id)],
  [2, segmentAndBridge('Line-Identification', hf.bcp_line_id)],
  [3, { name: 'MAC-Support', head: hf.bcp_mac_sup, decode: (o) => {
    if (o.fixed(3)) o.add(hf.bcp_mac_type, 2, 1, o.tvb.u8(2));
  } }],
  [4, { name: 'Tinygram-Compression', head: hf.bcp_tinygram, decode: (o) => {
    if (o.fixed(3)) o.add(hf.bcp_tinygram_comp, 2, 1, o.tvb.u8(2) !== 0);
  } }],
  // tshark 4.0 expects 3 octets for these three, whatever RFC 3518 says of the last two (2)
  [5, { name: 'LAN-Identification (obsoleted)', head: hf.bcp_lan_id, decode: (o) => { o.fixed(3); } }],
  [6, { name: 'MAC-Address', head: hf.bcp_mac_addr, decode: (o) => {
    if (!o.fixed(8)) return;
    const mac = o.tvb.ether(2);
    const b1 = o.tvb.u8(3);
    o.add(hf.bcp_mac, 2, 6, mac);
    const l = (b1 >> 1) & 1, m = b1 & 1;
    o.add(hf.bcp_mac_l, 2, 6, l, () => `${bits48(0x02, l)} = L bit: 0x${l}`);
    o.add(hf.bcp_mac_m, 2, 6, m, () => `${bits48(0x01, m)} = M bit: 0x${m}`);
  } }],
  [7, { name: 'Spanning-Tree-Protocol (old formatted)', head: hf.bcp_stp, decode: (o) => {
    if (!o.atLeast(3)) return;
    // one octet per protocol the sender supports
    for (let i = 2; i < o.len; i++) o.add(hf.bcp_stp_protocol, i, 1, o.tvb.u8(i));
  } }],
  [8, { name: 'IEEE 802 Tagged Frame', head: hf.bcp_tagged, decode: (o) => {
    if (o.fixed(3)) o.add(hf.bcp_tagged_frame, 2, 1, o.tvb.u8(2) !== 0);
  } }],
  [9, { name: 'Management Inline', head: hf.bcp_mgmt, decode: (o) => { o.fixed(3); } }],
  [10, { name: 'Bridge Control Packet Indicator', head: hf.bcp_ind, decode: (o) => { o.fixed(3); } }],
]);

/**
 * The bit picture of tshark's 48-bit L and M masks (0x0002_0000_0000, 0x0001_0000_0000): they fall on the second
 * octet of the address, not the first, and tshark reads them there; so do we.
 */
function bits48(bit: number, v: number): string {
  const groups = new Array<string>(12).fill('....');
  groups[3] = bit === 0x02 ? `..${v}.` : `...${v}`;
  return groups.join(' ');
}

/** PPPMuxCP names only the Configure codes (the others name 0–7); any code's body is read as LCP's. */
const PPPMUXCP_CODES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(CP_CODES).filter(([k]) => Number(k) >= 1 && Number(k) <= 4));

const PPPMUXCP_FAMILY: OptionFamily = { type: hf.pppmuxcp_type, length: hf.pppmuxcp_length };
const PPPMUXCP_OPTIONS: ReadonlyMap<number, OptionDef> = new Map<number, OptionDef>([
  // tshark adds the protocol beside the option's item rather than under it; here it is under it
  [1, { name: 'Default Protocol ID', head: hf.pppmuxcp_def_pid, decode: (o) => {
    if (!o.fixed(4)) return;
    o.add(hf.pppmuxcp_def_prot_id, 2, 2, o.tvb.u16(2));
  } }],
]);

const CDPCP: ControlProtocol = { name: 'cdpcp', column: 'PPP CDPCP', proto: hf.cdpcp, codes: CP_CODES, family: BCP_FAMILY };
const MPLSCP: ControlProtocol = { name: 'mplscp', column: 'PPP MPLSCP', proto: hf.mplscp, codes: CP_CODES, family: BCP_FAMILY };
const OSINLCP: ControlProtocol = { name: 'osinlcp', column: 'PPP OSINLCP', proto: hf.osinlcp, codes: CP_CODES, options: OSINLCP_OPTIONS, family: OSINLCP_FAMILY };
const BACP: ControlProtocol = { name: 'bacp', column: 'PPP BACP', proto: hf.bacp, codes: CP_CODES, options: BACP_OPTIONS, family: BACP_FAMILY };
const BCP: ControlProtocol = { name: 'bcp_ncp', column: 'PPP BCP NCP', proto: hf.bcp, codes: CP_CODES, options: BCP_OPTIONS, family: BCP_FAMILY };
const PPPMUXCP: ControlProtocol = { name: 'pppmuxcp', column: 'PPP PPPMuxCP', proto: hf.pppmuxcp, codes: PPPMUXCP_CODES, options: PPPMUXCP_OPTIONS, family: PPPMUXCP_FAMILY };

export const ncp: ProtocolModule = {
  name: 'ncp',
  register(reg: Registry): void {
    for (const [cp, number] of [[CDPCP, 0x8207], [MPLSCP, 0x8281], [OSINLCP, 0x8023], [BACP, 0xc02b], [BCP, 0x8031], [PPPMUXCP, 0x8059]] as const) {
      reg.add('ppp.protocol', number, { name: cp.name, dissect: controlProtocol(cp, number) });
    }
  },
};
