// Ethernet II / IEEE 802.3 (Wireshark's packet-eth.c + packet-ethertype.c): addresses, the ethertype hand-off
// (table 'ethertype', pseudo-protocol "ethertype" in frame.protocols), and what follows the payload: padding
// to the 60-byte minimum, a trailer, and — for link type 1 only, by tshark's heuristic — a 4-byte FCS.
// Padding, trailer and FCS are top-level nodes of their own, so that top-level layers tile the frame.

import { defineFields } from '../fields';
import type { FieldDef } from '../fields';
import { defineExperts } from '../expert';
import type { Builder, Parent } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need } from '../common';
import { dissectData } from './data';
import { etherLabel, etherName, ouiLongName } from '../names';

/** tshark's etype_vals (names of the Type field). */
export const ETYPE_VALS: Readonly<Record<number, string>> = {
  0x0600: "XNS Internet Datagram Protocol",
  0x0800: "IPv4",
  0x0805: "X.25 Layer 3",
  0x0806: "ARP",
  0x0842: "Wake on LAN",
  0x08f0: "WiMax Mac-to-Mac",
  0x08ff: "AX.25",
  0x0bad: "Vines IP",
  0x0baf: "Vines Echo",
  0x1984: "Netmon Train",
  0x2001: "Cisco Group Management Protocol",
  0x22e5: "Gigamon Header",
  0x22ea: "802.1Qat Multiple Stream Reservation Protocol",
  0x22f0: "IEEE 1722 Audio Video Transport Protocol",
  0x22f1: "Robust Header Compression(RoHC)",
  0x22f3: "Transparent Interconnection of Lots of Links",
  0x22f4: "Intermediate System to Intermediate System",
  0x2452: "IEEE 802.11 (Centrino promiscuous)",
  0x3c07: "3Com NBP Datagram",
  0x3e3f: "EPL_V1",
  0x6000: "DEC proto",
  0x6001: "DEC DNA Dump/Load",
  0x6002: "DEC DNA Remote Console",
  0x6003: "DEC DNA Routing",
  0x6004: "DEC LAT",
  0x6005: "DEC Diagnostics",
  0x6006: "DEC Customer use",
  0x6007: "DEC LAVC/SCA",
  0x6558: "Transparent Ethernet bridging",
  0x8021: "PPP IP Control Protocol",
  0x8035: "RARP",
  0x8038: "DEC LanBridge",
  0x8041: "DEC LAST",
  0x809b: "AppleTalk LLAP bridging",
  0x80d5: "SNA-over-Ethernet",
  0x80e1: "EtherNet/IP Device Level Ring",
  0x80f3: "AARP",
  0x80fd: "PPP Compression Control Protocol",
  0x80ff: "Wellfleet Compression Protocol",
  0x8100: "802.1Q Virtual LAN",
  0x8102: "Simple Loop Protection Protocol",
  0x8103: "Virtual LACP",
  0x8104: "Simple Loop Protection Protocol (old)",
  0x8133: "Juniper Netscreen Redundant Protocol",
  0x8137: "Netware IPX/SPX",
  0x8181: "Spanning Tree Protocol",
  0x81fd: "Cabletron Interswitch Message Protocol",
  0x81ff: "Cabletron SFVLAN 1.8 Tag-Based Flood",
  0x8204: "QNX 6 QNET protocol",
  0x86dd: "IPv6",
  0x872d: "Cisco Wireless Lan Context Control Protocol",
  0x8783: "Motorola Media Independent Network Transport",
  0x8808: "MAC Control",
  0x8809: "Slow Protocols",
  0x8819: "Cirrus Cobranet Packet",
  0x8847: "MPLS label switched packet",
  0x8848: "MPLS multicast label switched packet",
  0x885a: "Foundry proprietary",
  0x8863: "PPPoE Discovery",
  0x8864: "PPPoE Session",
  0x886c: "HomePNA, wlan link local tunnel",
  0x886d: "Intel ANS probe",
  0x886f: "MS NLB heartbeat",
  0x8870: "Jumbo LLC",
  0x8874: "Broadcom tag",
  0x887b: "Homeplug",
  0x8881: "CDMA2000 A10 Unstructured byte stream",
  0x8884: "ATM over Ethernet",
  0x888e: "802.1X Authentication",
  0x8892: "PROFINET",
  0x8899: "Realtek Layer 2 Protocols",
  0x889b: "CSM_ENCAPS Protocol",
  0x88a1: "Telkonet powerline",
  0x88a2: "ATA over Ethernet",
  0x88a4: "EtherCAT frame",
  0x88a8: "802.1ad Provider Bridge (Q-in-Q)",
  0x88ab: "ETHERNET Powerlink v2",
  0x88ad: "XiMeta Technology",
  0x88b4: "WAI Authentication Protocol",
  0x88b5: "Local Experimental Ethertype 1",
  0x88b6: "Local Experimental Ethertype 2",
  0x88b7: "IEEE 802a OUI Extended Ethertype",
  0x88b8: "IEC 61850/GOOSE",
  0x88b9: "IEC 61850/GSE management services",
  0x88ba: "IEC 61850/SV (Sampled Value Transmission",
  0x88c7: "802.11i Pre-Authentication",
  0x88ca: "Transparent Inter Process Communication",
  0x88cc: "802.1 Link Layer Discovery Protocol (LLDP)",
  0x88d2: "CDMA2000 A10 3GPP2 Packet",
  0x88d8: "Circuit Emulation Services over Ethernet (MEF8)",
  0x88d9: "Link Layer Topology Discovery (LLTD)",
  0x88dc: "(WAVE) Short Message Protocol (WSM)",
  0x88de: "VMware Lab Manager",
  0x88e1: "Homeplug AV",
  0x88e3: "MRP",
  0x88e5: "802.1AE (MACsec)",
  0x88e7: "802.1ah Provider Backbone Bridge (mac-in-mac)",
  0x88ee: "Ethernet Local Management Interface (MEF16)",
  0x88f6: "802.1ak Multiple Mac Registration Protocol",
  0x88f7: "PTPv2 over Ethernet (IEEE1588)",
  0x88f8: "Network Controller Sideband Interface",
  0x88fb: "Parallel Redundancy Protocol (PRP) and HSR Supervision (IEC62439 Part 3)",
  0x8901: "Flow Layer Internal Protocol",
  0x8902: "IEEE 802.1ag Connectivity Fault Management (CFM) protocol",
  0x8903: "Data Center Ethernet (DCE) protocol(Cisco)",
  0x8906: "Fibre Channel over Ethernet",
  0x8909: "CiscoMetaData",
  0x890d: "IEEE 802.11 data encapsulation",
  0x8911: "LINX IPC Protocol",
  0x8914: "FCoE Initialization Protocol",
  0x8915: "RDMA over Converged Ethernet",
  0x8917: "Media Independent Handover Protocol",
  0x891d: "TTEthernet Protocol Control Frame",
  0x8926: "VN-Tag",
  0x892b: "Schweitzer Engineering Labs Layer 2 Protocol",
  0x892d: "bluecom Protocol",
  0x892f: "High-availability Seamless Redundancy (IEC62439 Part 3)",
  0x893a: "1905.1a Convergent Digital Home Network for Heterogenous Technologies",
  0x893f: "802.1br Bridge Port Extension E-Tag",
  0x8947: "GeoNetworking",
  0x894f: "Network Service Header",
  0x8988: "PA HB Backup",
  0x9000: "Loopback",
  0x9021: "Real-Time Media Access Control",
  0x9022: "Real-Time Configuration Protocol",
  0x9100: "QinQ: old non-standard 802.1ad",
  0x9104: "EERO Broadcast Packet",
  0x99fe: "Technically Enhanced Capture Module Protocol (TECMP)",
  0xa0ed: "6LoWPAN",
  0xaefe: "eCPRI",
  0xb4e3: "CableLabs Layer-3 Protocol",
  0xc021: "PPP Link Control Protocol",
  0xc023: "PPP Password Authentication Protocol",
  0xc0de: "eXpressive Internet Protocol",
  0xc0df: "Neighborhood Watch Protocol",
  0xcafe: "Veritas Low Latency Transport (not officially registered)",
  0xd00d: "Digium TDM over Ethernet Protocol",
  0xd28b: "Arista Timestamp",
  0xe555: "EXos internal Extra Header",
  0xf1c1: "802.1CB Frame Replication and Elimination for Reliability",
  0xfff2: "Cisco ACI ARP gleaning",
};

/** Wireshark's proto_checksum_vals (the *.checksum.status fields). */
export const CHECKSUM_STATUS_VALS: Readonly<Record<number, string>> = { 0: 'Bad', 1: 'Good', 2: 'Unverified', 3: 'Not present', 4: 'Illegal' };

const LG_TFS = ['Locally administered address (this is NOT the factory default)', 'Globally unique address (factory default)'] as const;
const IG_TFS = ['Group address (multicast/broadcast)', 'Individual address (unicast)'] as const;

export const hf = defineFields({
  proto: { abbrev: 'eth', name: 'Ethernet', type: 'protocol', fieldsRepr: 'label', ref: 'IEEE 802.3' },
  dst: { abbrev: 'eth.dst', name: 'Destination', type: 'ether', blurb: 'Destination Hardware Address', ref: 'IEEE 802.3 §3.2.3' },
  src: { abbrev: 'eth.src', name: 'Source', type: 'ether', blurb: 'Source Hardware Address', ref: 'IEEE 802.3 §3.2.3' },
  addr: { abbrev: 'eth.addr', name: 'Address', type: 'ether', blurb: 'Source or Destination Hardware Address' },
  // Hidden in tshark's tree (filters and -T fields only): the resolved names and the OUI (see names.ts).
  dst_resolved: { abbrev: 'eth.dst_resolved', name: 'Destination (resolved)', type: 'string', blurb: 'Destination address as name resolution shows it' },
  src_resolved: { abbrev: 'eth.src_resolved', name: 'Source (resolved)', type: 'string', blurb: 'Source address as name resolution shows it' },
  addr_resolved: { abbrev: 'eth.addr_resolved', name: 'Address (resolved)', type: 'string' },
  dst_oui: { abbrev: 'eth.dst.oui', name: 'Destination OUI', type: 'uint24', base: 'dec', blurb: 'The first three bytes of the destination address' },
  src_oui: { abbrev: 'eth.src.oui', name: 'Source OUI', type: 'uint24', base: 'dec', blurb: 'The first three bytes of the source address' },
  addr_oui: { abbrev: 'eth.addr.oui', name: 'Address OUI', type: 'uint24', base: 'dec' },
  dst_oui_resolved: { abbrev: 'eth.dst.oui_resolved', name: 'Destination OUI (resolved)', type: 'string', blurb: "The vendor the destination OUI is registered to (Wireshark's manuf file)" },
  src_oui_resolved: { abbrev: 'eth.src.oui_resolved', name: 'Source OUI (resolved)', type: 'string', blurb: "The vendor the source OUI is registered to (Wireshark's manuf file)" },
  addr_oui_resolved: { abbrev: 'eth.addr.oui_resolved', name: 'Address OUI (resolved)', type: 'string' },
  dst_lg: { abbrev: 'eth.dst.lg', name: 'LG bit', type: 'bool', bits: 24, mask: 0x020000, tfs: LG_TFS, blurb: 'Specifies if this is a locally administered or globally unique (IEEE assigned) address' },
  dst_ig: { abbrev: 'eth.dst.ig', name: 'IG bit', type: 'bool', bits: 24, mask: 0x010000, tfs: IG_TFS, blurb: 'Specifies if this is an individual (unicast) or group (broadcast/multicast) address' },
  src_lg: { abbrev: 'eth.src.lg', name: 'LG bit', type: 'bool', bits: 24, mask: 0x020000, tfs: LG_TFS, blurb: 'Specifies if this is a locally administered or globally unique (IEEE assigned) address' },
  src_ig: { abbrev: 'eth.src.ig', name: 'IG bit', type: 'bool', bits: 24, mask: 0x010000, tfs: IG_TFS, blurb: 'Specifies if this is an individual (unicast) or group (broadcast/multicast) address' },
  type: { abbrev: 'eth.type', name: 'Type', type: 'uint16', base: 'hex', vals: ETYPE_VALS, blurb: 'EtherType: the protocol carried in the payload', ref: 'IEEE 802.3 §3.2.6' },
  len: { abbrev: 'eth.len', name: 'Length', type: 'uint16', base: 'dec', blurb: 'IEEE 802.3 length of the LLC payload (a Type/Length value below 0x0600)', ref: 'IEEE 802.3 §3.2.6' },
  invalid_lentype: { abbrev: 'eth.invalid_lentype', name: 'Invalid length/type', type: 'uint16', base: 'hex_dec' },
  padding: { abbrev: 'eth.padding', name: 'Padding', type: 'bytes', blurb: 'Ethernet Padding: zeros added to reach the 60-byte minimum frame size', ref: 'IEEE 802.3 §3.2.8' },
  trailer: { abbrev: 'eth.trailer', name: 'Trailer', type: 'bytes', blurb: 'Ethernet Trailer or Checksum: bytes after the payload that no layer claims' },
  fcs: { abbrev: 'eth.fcs', name: 'Frame check sequence', type: 'uint32', base: 'hex', blurb: 'Ethernet checksum (assumed present by tshark\'s heuristic: frame ≥ 64 bytes with ≥ 4 unclaimed bytes)', ref: 'IEEE 802.3 §3.2.9' },
  fcs_status: { abbrev: 'eth.fcs.status', name: 'FCS Status', type: 'uint8', base: 'none', vals: CHECKSUM_STATUS_VALS },
  // Configuration Test Protocol (loopback, ethertype 0x9000): tiny, but it appears in the fixtures.
  loop: { abbrev: 'loop', name: 'Configuration Test Protocol (loopback)', type: 'protocol', ref: 'Ethernet v2.0 §8' },
  loop_skipcount: { abbrev: 'loop.skipcount', name: 'skipCount', type: 'uint16', base: 'dec' },
  loop_relevant: { abbrev: 'loop.relevant_function', name: 'Relevant function', type: 'uint16', base: 'dec', vals: { 1: 'Reply', 2: 'Forward Data' } },
  loop_function: { abbrev: 'loop.function', name: 'Function', type: 'uint16', base: 'dec', vals: { 1: 'Reply', 2: 'Forward Data' } },
  loop_receipt: { abbrev: 'loop.receipt_number', name: 'Receipt number', type: 'uint16', base: 'dec' },
  loop_fwd: { abbrev: 'loop.forwarding_address', name: 'Forwarding address', type: 'ether' },
});

export const ei = defineExperts({
  invalid_lentype: { abbrev: 'eth.invalid_lentype.expert', severity: 'warning', group: 'protocol', summary: 'Invalid length/type' },
  src_not_group: { abbrev: 'eth.src_not_group', severity: 'warning', group: 'protocol', summary: 'Source MAC must not be a group address: IEEE 802.3-2002, Section 3.2.3(b)' },
  len_past_end: { abbrev: 'eth.len.past_end', severity: 'error', group: 'malformed', summary: 'Length field value goes past the end of the payload' },
  padding_bad: { abbrev: 'eth.padding_bad', severity: 'note', group: 'protocol', summary: 'Padding identification may be inaccurate and impact trailer dissector' },
});

/** "0x0800": an EtherType as the columns and labels write it. */
export const hex4 = (v: number): string => `0x${v.toString(16).padStart(4, '0')}`;

/** "IPv4 (0x0800)" */
export function etypeText(v: number): string {
  const n = ETYPE_VALS[v];
  return n !== undefined ? `${n} (${hex4(v)})` : `Unknown (${hex4(v)})`;
}

/**
 * Padding, trailer and FCS after a payload that ended at `off` in `tvb` (Wireshark's add_ethernet_trailer):
 * up to the 60-byte minimum, zero bytes are padding (eth.padding); the rest is a trailer (`trailerField`);
 * with `fcsLen` 4 — or -1 ("maybe") on a frame of 64 bytes or more with 4 spare bytes — the last 4 are the FCS.
 * All are top-level nodes.
 */
export function addEthernetTrailer(tvb: Tvb, off: number, pinfo: PacketInfo, t: Builder, trailerField: FieldDef, fcsLen: number): void {
  if (!tvb.has(off, 1)) return;
  const tr = tvb.sub(off);
  let tLen = tr.length;
  let tRep = tr.reportedLength;
  const pktLen = pinfo.frame.originalLength;
  const maybePadded = pktLen >= 60 && pktLen - tRep < 60;
  let pad = 0;
  if (maybePadded) {
    pad = 60 - (pktLen - tRep);
    for (let i = 0; i < pad; i++) {
      if (!tr.has(i, 1) || tr.u8(i) !== 0) { pad = 0; break; }
    }
    if (pad > 0) {
      t.add(null, tr, hf.padding, 0, pad);
      tLen -= pad;
      tRep -= pad;
    }
  }
  let hasFcs = false;
  if (fcsLen !== 0 && (fcsLen === 4 || (tvb.reportedLength >= 64 && tRep >= 4))) {
    if (tLen < tRep) {
      tRep -= 4;
      if (tLen > tRep) tLen = tRep;
    } else {
      tLen -= 4;
      tRep -= 4;
    }
    hasFcs = true;
  }
  if (tLen > 0) {
    const n = t.add(null, tr, trailerField, pad, tLen);
    if (maybePadded && pad === 0) {
      t.problem(n, tr, ei.padding_bad, pad, tLen, "Didn't find padding of zeros, and an undecoded trailer exists. There may be padding of non-zeros.");
    }
  }
  if (hasFcs && tr.has(pad + Math.max(0, tLen), 4)) {
    const at = pad + Math.max(0, tLen);
    const v = tr.u32(at);
    const n = t.add(null, tr, hf.fcs, at, 4, v, t.tree ? `Frame check sequence: 0x${v.toString(16).padStart(8, '0')} [unverified]` : undefined);
    t.generated(n, hf.fcs_status, 2, t.tree ? 'FCS Status: Unverified' : undefined);
  }
}

/**
 * Hands `tvb` from `off` to the dissector registered for `etype` in table 'ethertype' (data when none),
 * then shows padding/trailer/FCS after what the payload claims (Wireshark's "ethertype" dissector).
 */
export function ethertypeHandoff(tvb: Tvb, off: number, etype: number, pinfo: PacketInfo, t: Builder, trailerField: FieldDef, fcsLen: number): void {
  pinfo.protocols.push('ethertype');
  const payload = tvb.sub(off);
  let claimed = pinfo.registry.call('ethertype', etype, payload, pinfo, t);
  if (claimed < 0) {
    dissectData(payload, pinfo, t);
    if (pinfo.columns) {
      pinfo.protocol = hex4(etype);
      const name = ETYPE_VALS[etype];
      if (name !== undefined) pinfo.info = name;
    }
    claimed = payload.reportedLength;
  }
  // A trailer exists only when the payload claims less than it was given (Wireshark's add_dix_trailer).
  if (claimed < payload.reportedLength) addEthernetTrailer(tvb, off + Math.max(0, claimed), pinfo, t, trailerField, fcsLen);
}

interface AddressFields {
  readonly field: FieldDef;
  readonly lg: FieldDef;
  readonly ig: FieldDef;
  readonly resolved: FieldDef;
  readonly oui: FieldDef;
  readonly ouiResolved: FieldDef;
}
const DST: AddressFields = { field: hf.dst, lg: hf.dst_lg, ig: hf.dst_ig, resolved: hf.dst_resolved, oui: hf.dst_oui, ouiResolved: hf.dst_oui_resolved };
const SRC: AddressFields = { field: hf.src, lg: hf.src_lg, ig: hf.src_ig, resolved: hf.src_resolved, oui: hf.src_oui, ouiResolved: hf.src_oui_resolved };
const ADDR_HIDDEN: readonly FieldDef[] = [hf.dst_resolved, hf.src_resolved, hf.addr_resolved, hf.dst_oui, hf.src_oui, hf.addr_oui, hf.dst_oui_resolved, hf.src_oui_resolved, hf.addr_oui_resolved];

/** One of tshark's hidden items (filters and -T fields only, never the tree): its own field and eth.addr.*'s. */
function addHidden(t: Builder, n: Parent, tvb: Tvb, off: number, len: number, own: FieldDef, shared: FieldDef, v: string | number): void {
  if (t.wants(own)) t.add(n, tvb, own, off, len, v);
  if (t.wants(shared)) t.add(n, tvb, shared, off, len, v);
}

function addAddress(t: Builder, top: Parent, tvb: Tvb, off: number, a: AddressFields): Parent {
  const hidden = !t.tree && t.wantsSome(ADDR_HIDDEN);
  if (!t.tree && !hidden && !t.wants(a.field) && !t.wants(hf.addr) && !t.wants(a.lg) && !t.wants(a.ig)) return null; // the index pass
  const mac = tvb.ether(off);
  const n = t.add(top, tvb, a.field, off, 6, mac);
  if (hidden) {
    const oui = tvb.u24(off);
    addHidden(t, n, tvb, off, 6, a.resolved, hf.addr_resolved, etherName(mac));
    addHidden(t, n, tvb, off, 3, a.oui, hf.addr_oui, oui);
    const vendor = ouiLongName(oui);
    if (vendor !== undefined) addHidden(t, n, tvb, off, 3, a.ouiResolved, hf.addr_oui_resolved, vendor);
  }
  t.add(n, tvb, hf.addr, off, 6, mac);
  const b0 = tvb.u8(off);
  t.add(n, tvb, a.lg, off, 3, (b0 & 0x02) !== 0);
  t.add(n, tvb, a.ig, off, 3, (b0 & 0x01) !== 0);
  return n;
}

/** Ethernet with `fcsLen` bytes of FCS: 0 (none), 4 (always), -1 (tshark's heuristic). */
export function dissectEth(tvb: Tvb, pinfo: PacketInfo, t: Builder, fcsLen: number): void {
  pinfo.protocols.push('eth');
  if (!tvb.has(0, 14)) {
    // Wireshark adds nothing and reports "Ethernet truncated"; we keep the captured bytes in an eth node.
    // (tshark adds no item at all; the node keeps the captured bytes covered, with the problem on it.)
    const top = t.add(null, tvb, hf.proto, 0, tvb.length, undefined, t.labels(hf.proto) ? 'Ethernet II (truncated)' : undefined);
    need(t, top, tvb, 0, 14, 'Ethernet header');
    if (pinfo.columns) { pinfo.protocol = 'Ethernet'; pinfo.info = ''; }
    return;
  }
  const type = tvb.u16(12);
  if (pinfo.columns) {
    pinfo.src = pinfo.linkSrc = tvb.ether(6);
    pinfo.dst = pinfo.linkDst = tvb.ether(0);
    pinfo.protocol = 'Ethernet';
  }
  // Type 0 is no 802.3 length: Wireshark reads it as EtherType 0 (ETHERTYPE_UNK), which nothing claims.
  if (type <= 1500 && type !== 0) {
    // IEEE 802.3: a length field; the LLC payload is shown as data.
    const is8022 = !(tvb.has(14, 2) && tvb.u16(14) === 0xffff);
    const top = t.add(null, tvb, hf.proto, 0, 14, undefined, t.labels(hf.proto) ? `IEEE 802.3 Ethernet ${is8022 ? '' : 'Raw '}` : undefined);
    addAddress(t, top, tvb, 0, DST);
    addAddress(t, top, tvb, 6, SRC);
    const ln = t.add(top, tvb, hf.len, 12, 2, type);
    if (pinfo.columns) pinfo.info = `IEEE 802.3 Ethernet ${is8022 ? '' : 'Raw '}`;
    const avail = tvb.reportedLength - 14;
    let len = type;
    if (len > avail) {
      t.problem(ln, tvb, ei.len_past_end, 12, 2);
      len = avail;
    }
    dissectData(tvb.sub(14, len), pinfo, t);
    if (len < avail) addEthernetTrailer(tvb, 14 + len, pinfo, t, hf.trailer, fcsLen);
    return;
  }
  if (type < 1536 && type !== 0) {
    const top = t.add(null, tvb, hf.proto, 0, 14, undefined, t.labels(hf.proto) ? `Ethernet Unknown, Src: ${etherLabel(tvb.ether(6))}, Dst: ${etherLabel(tvb.ether(0))}` : undefined);
    addAddress(t, top, tvb, 0, DST);
    addAddress(t, top, tvb, 6, SRC);
    const n = t.add(top, tvb, hf.invalid_lentype, 12, 2, type);
    t.problem(n, tvb, ei.invalid_lentype, 12, 2, `Invalid length/type: 0x${type.toString(16).padStart(4, '0')} (${type})`);
    if (pinfo.columns) pinfo.info = `Ethernet Unknown: Invalid length/type: 0x${type.toString(16).padStart(4, '0')} (${type})`;
    dissectData(tvb.sub(14), pinfo, t);
    return;
  }
  if (t.wantsAny(hf.proto)) {
    const top = t.add(null, tvb, hf.proto, 0, 14, undefined, t.labels(hf.proto) ? `Ethernet II, Src: ${etherLabel(tvb.ether(6))}, Dst: ${etherLabel(tvb.ether(0))}` : undefined);
    addAddress(t, top, tvb, 0, DST);
    const s = addAddress(t, top, tvb, 6, SRC);
    if (tvb.u8(6) & 0x01) t.problem(s, tvb, ei.src_not_group, 6, 6);
    t.add(top, tvb, hf.type, 12, 2, type, t.tree ? `Type: ${etypeText(type)}` : undefined);
  } else if (tvb.u8(6) & 0x01) {
    t.problem(null, tvb, ei.src_not_group, 6, 6);
  }
  if (pinfo.columns) pinfo.info = 'Ethernet II';
  ethertypeHandoff(tvb, 14, type, pinfo, t, hf.trailer, fcsLen);
}

/**
 * Configuration Test Protocol (Ethernet loopback, 0x9000): a little-endian skipCount, then functions from the
 * start: Forward Data (with an address) continues the list, Reply (with a receipt number) or any other ends
 * it; the one skipCount bytes in is the relevant function. What follows is data.
 */
function dissectLoop(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('loop');
  if (pinfo.columns) { pinfo.protocol = 'LOOP'; pinfo.info = ''; }
  const top = t.add(null, tvb, hf.loop, 0, Math.min(tvb.length, 6));
  if (!need(t, top, tvb, 0, 2, 'skipCount')) return;
  const skipAt = 2 + tvb.u16le(0);
  t.add(top, tvb, hf.loop_skipcount, 0, 2, skipAt - 2);
  let off = 2;
  let relevant = false;
  for (;;) {
    if (!need(t, top, tvb, off, 2, 'function')) { t.setLength(top, tvb.length); return; }
    const fn = tvb.u16le(off);
    if (off === skipAt) {
      t.add(top, tvb, hf.loop_relevant, off, 2, fn);
      if (pinfo.columns) pinfo.info = fn === 1 ? 'Reply' : fn === 2 ? 'Forward Data' : `Unknown function (${fn})`;
      relevant = true;
    }
    t.add(top, tvb, hf.loop_function, off, 2, fn);
    off += 2;
    if (fn === 1) {
      if (!need(t, top, tvb, off, 2, 'receipt number')) { t.setLength(top, tvb.length); return; }
      t.add(top, tvb, hf.loop_receipt, off, 2, tvb.u16le(off));
      off += 2;
      break;
    }
    if (fn !== 2) break;
    if (!need(t, top, tvb, off, 6, 'forwarding address')) { t.setLength(top, tvb.length); return; }
    t.add(top, tvb, hf.loop_fwd, off, 6, tvb.ether(off));
    off += 6;
  }
  if (!relevant && pinfo.columns) pinfo.info = 'No valid function found';
  t.setLength(top, off);
  dissectData(tvb.sub(off), pinfo, t);
}

export const eth: ProtocolModule = {
  name: 'eth',
  register(reg: Registry): void {
    // Capture files (link type 1): tshark's "maybe FCS" heuristic.
    reg.add('wtap_encap', 1, { name: 'eth_maybefcs', dissect: (tvb, pinfo, t) => dissectEth(tvb, pinfo, t, -1) });
    // By name (hex dumps, L2TPv3 Ethernet pseudowires): no FCS, as Wireshark's eth_withoutfcs.
    reg.register({ name: 'eth', dissect: (tvb, pinfo, t) => dissectEth(tvb, pinfo, t, 0) });
    reg.register({ name: 'eth_withoutfcs', dissect: (tvb, pinfo, t) => dissectEth(tvb, pinfo, t, 0) });
    reg.register({ name: 'eth_withfcs', dissect: (tvb, pinfo, t) => dissectEth(tvb, pinfo, t, 4) });
    reg.add('ethertype', 0x9000, { name: 'loop', dissect: dissectLoop });
  },
};
