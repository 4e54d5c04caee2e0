// IPv4 (Wireshark's packet-ip.c, tshark 4.0 defaults): the header field by field (stopping, as Wireshark
// does, at the first field the capture cut off), options, total-length checks, fragment reassembly, and the
// hand-off through table 'ip.proto'. Also the per-packet IP facts the transport layers need (pseudo-header
// addresses, "fragmented", "inside an ICMP error") and the reassembly store that IPv6 shares.

import { defineFields } from '../fields';
import type { FieldDef } from '../fields';
import { defineExperts } from '../expert';
import type { Builder, Parent } from '../builder';
import type { IpFacts, PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import { Tvb } from '../tvb';
import { beyondPacket, need } from '../common';
import { bitPicture, textFor } from '../render';
import { dissectData } from './data';
import { CHECKSUM_STATUS_VALS } from './eth';

/** Wireshark's ipproto_val (names of IP protocol numbers, shared by ip.proto and ipv6.nxt). */
export const IPPROTO_VALS: Readonly<Record<number, string>> = {
  0: "IPv6 Hop-by-Hop Option",
  1: "ICMP",
  2: "IGMP",
  3: "GGP",
  4: "IPIP",
  5: "Stream",
  6: "TCP",
  7: "CBT",
  8: "EGP",
  9: "IGRP",
  10: "BBN RCC",
  11: "Network Voice",
  12: "PUP",
  13: "ARGUS",
  14: "EMCON",
  15: "XNET",
  16: "CHAOS",
  17: "UDP",
  18: "Multiplex",
  19: "DCN Measurement",
  20: "Host Monitoring",
  21: "Packet radio",
  22: "IDP",
  23: "Trunk-1",
  24: "Trunk-2",
  25: "Leaf-1",
  26: "Leaf-2",
  27: "Reliable Data",
  28: "IRT",
  29: "ISO TP4",
  30: "Bulk Data",
  31: "MFE NSP",
  32: "Merit Internodal",
  33: "Datagram Congestion Control Protocol",
  34: "3rd Party Connect",
  35: "Inter-Domain Policy Routing Protocol",
  36: "XTP",
  37: "Datagram delivery",
  38: "Control Message",
  39: "TP++",
  40: "IL",
  41: "IPv6",
  42: "Source demand routing",
  43: "Routing Header for IPv6",
  44: "Fragment Header for IPv6",
  45: "Inter-Domain Routing Protocol",
  46: "Reservation Protocol",
  47: "Generic Routing Encapsulation",
  48: "Dynamic source routing",
  49: "BNA",
  50: "Encap Security Payload",
  51: "Authentication Header",
  52: "INSLP",
  53: "SWIPE",
  54: "NBMA ARP",
  55: "IP Mobility",
  56: "TLSP Kryptonet",
  57: "SKIP",
  58: "ICMPv6",
  59: "No Next Header for IPv6",
  60: "Destination Options for IPv6",
  61: "any host internal protocol",
  62: "Mobile IPv6 (old)",
  63: "any local network",
  64: "SATNET EXPAK",
  65: "Kryptolan",
  66: "Remote Virtual Disk",
  67: "IPPC",
  68: "any distributed file system",
  69: "SATNET Monitoring",
  70: "VISA",
  71: "IPCV",
  72: "CPNX",
  73: "CPHB",
  74: "Wang Span",
  75: "Packet Video",
  76: "Backroom SATNET Mon",
  77: "Sun ND Protocol",
  78: "Wideband Mon",
  79: "Wideband Expak",
  80: "ISO Internet Protocol",
  81: "VMTP",
  82: "Secure VMTP",
  83: "VINES",
  84: "TTP",
  85: "NSFNET IGP",
  86: "Dissimilar Gateway",
  87: "TCF",
  88: "EIGRP",
  89: "OSPF IGP",
  90: "Sprite RPC",
  91: "Locus ARP",
  92: "Multicast Transport",
  93: "AX.25 Frames",
  94: "IP in IP",
  95: "MICP",
  96: "Semaphore",
  97: "Ether in IP",
  98: "ENCAP",
  99: "any private encryption scheme",
  100: "GMTP",
  101: "Ipsilon Flow",
  102: "PNNI over IP",
  103: "PIM",
  104: "ARIS",
  105: "SCPS",
  106: "QNX",
  107: "Active Networks",
  108: "IPComp",
  109: "Sitara Networks",
  110: "Compaq Peer",
  111: "IPX IN IP",
  112: "VRRP",
  113: "PGM",
  114: "any 0-hop protocol",
  115: "Layer 2 Tunneling",
  116: "DDX",
  117: "IATP",
  118: "STP",
  119: "SpectraLink",
  120: "UTI",
  121: "SMP",
  122: "SM",
  123: "PTP",
  124: "ISIS over IP",
  125: "FIRE",
  126: "CRTP",
  127: "CRUDP",
  128: "SSCOPMCE",
  129: "IPLT",
  130: "Secure Packet",
  131: "PIPE",
  132: "SCTP",
  133: "Fibre Channel",
  134: "RSVP E2EI",
  135: "Mobile IPv6",
  136: "UDPLite",
  137: "MPLS in IP",
  138: "MANET",
  139: "HIP",
  140: "Shim6 header",
  141: "WESP",
  142: "ROHC",
  143: "Ethernet",
  144: "Unassigned",
  145: "Unassigned",
  146: "Unassigned",
  147: "Unassigned",
  148: "Unassigned",
  149: "Unassigned",
  150: "Unassigned",
  151: "Unassigned",
  152: "Unassigned",
  153: "Unassigned",
  154: "Unassigned",
  155: "Unassigned",
  156: "Unassigned",
  157: "Unassigned",
  158: "Unassigned",
  159: "Unassigned",
  160: "Unassigned",
  161: "Unassigned",
  162: "Unassigned",
  163: "Unassigned",
  164: "Unassigned",
  165: "Unassigned",
  166: "Unassigned",
  167: "Unassigned",
  168: "Unassigned",
  169: "Unassigned",
  170: "Unassigned",
  171: "Unassigned",
  172: "Unassigned",
  173: "AX/4000 Testframe",
  174: "Unassigned",
  175: "Unassigned",
  176: "Unassigned",
  177: "Unassigned",
  178: "Unassigned",
  179: "Unassigned",
  180: "Unassigned",
  181: "Unassigned",
  182: "Unassigned",
  183: "Unassigned",
  184: "Unassigned",
  185: "Unassigned",
  186: "Unassigned",
  187: "Unassigned",
  188: "Unassigned",
  189: "Unassigned",
  190: "Unassigned",
  191: "Unassigned",
  192: "Unassigned",
  193: "Unassigned",
  194: "Unassigned",
  195: "Unassigned",
  196: "Unassigned",
  197: "Unassigned",
  198: "Unassigned",
  199: "Unassigned",
  200: "Unassigned",
  201: "Unassigned",
  202: "Unassigned",
  203: "Unassigned",
  204: "Unassigned",
  205: "Unassigned",
  206: "Unassigned",
  207: "Unassigned",
  208: "Unassigned",
  209: "Unassigned",
  210: "Unassigned",
  211: "Unassigned",
  212: "Unassigned",
  213: "Unassigned",
  214: "Unassigned",
  215: "Unassigned",
  216: "Unassigned",
  217: "Unassigned",
  218: "Unassigned",
  219: "Unassigned",
  220: "Unassigned",
  221: "Unassigned",
  222: "Unassigned",
  223: "Unassigned",
  224: "Novell NCS Heartbeat",
};

export const DSCP_VALS: Readonly<Record<number, string>> = {
  0: 'Default', 1: 'Lower Effort', 8: 'Class Selector 1', 10: 'Assured Forwarding 11', 12: 'Assured Forwarding 12',
  14: 'Assured Forwarding 13', 16: 'Class Selector 2', 18: 'Assured Forwarding 21', 20: 'Assured Forwarding 22',
  22: 'Assured Forwarding 23', 24: 'Class Selector 3', 26: 'Assured Forwarding 31', 28: 'Assured Forwarding 32',
  30: 'Assured Forwarding 33', 32: 'Class Selector 4', 34: 'Assured Forwarding 41', 36: 'Assured Forwarding 42',
  38: 'Assured Forwarding 43', 40: 'Class Selector 5', 44: 'Voice Admit', 46: 'Expedited Forwarding',
  48: 'Class Selector 6', 56: 'Class Selector 7',
};
const DSCP_SHORT: Readonly<Record<number, string>> = {
  0: 'CS0', 1: 'LE', 8: 'CS1', 10: 'AF11', 12: 'AF12', 14: 'AF13', 16: 'CS2', 18: 'AF21', 20: 'AF22', 22: 'AF23',
  24: 'CS3', 26: 'AF31', 28: 'AF32', 30: 'AF33', 32: 'CS4', 34: 'AF41', 36: 'AF42', 38: 'AF43', 40: 'CS5',
  44: 'VOICE-ADMIT', 46: 'EF PHB', 48: 'CS6', 56: 'CS7',
};
export const ECN_VALS: Readonly<Record<number, string>> = {
  0: 'Not ECN-Capable Transport', 1: "ECN-Capable Transport codepoint '01'", 2: "ECN-Capable Transport codepoint '10'", 3: 'Congestion Experienced',
};
const ECN_SHORT: Readonly<Record<number, string>> = { 0: 'Not-ECT', 1: 'ECT(1)', 2: 'ECT(0)', 3: 'CE' };

/** "(DSCP: AF12, ECN: Not-ECT)" */
export function dsText(tos: number): string {
  return `(DSCP: ${DSCP_SHORT[tos >> 2] ?? 'Unknown'}, ECN: ${ECN_SHORT[tos & 3] ?? 'Unknown'})`;
}

const OPT_NUMBER_VALS: Readonly<Record<number, string>> = {
  0: 'End of Option List (EOL)', 1: 'No-Operation (NOP)', 2: 'Security', 3: 'Loose source route', 4: 'Time stamp',
  5: 'Extended security', 6: 'Commercial IP security option', 7: 'Record route', 8: 'Stream identifier',
  9: 'Strict source route', 10: 'Experimental Measurement', 11: 'MTU probe', 12: 'MTU Reply',
  13: 'Experimental Flow Control', 14: 'Experimental Access Control', 15: 'Ask Estrin', 16: 'IMI Traffic Descriptor',
  17: 'Extended Internet Protocol', 18: 'Traceroute', 19: 'Address Extension', 20: 'Router Alert',
  21: 'Selective Directed Broadcast', 22: 'Unassigned', 23: 'Dynamic Packet State', 24: 'Upstream Multicast Packet',
  25: 'Quick-Start', 30: 'RFC 3692-style experiment',
};
/** Option names as the option subtree heads show them ("IP Option - Record Route (11 bytes)"). */
const OPT_TITLE: Readonly<Record<number, string>> = {
  0: 'End of Options List (EOL)', 1: 'No-Operation (NOP)', 68: 'Time Stamp', 130: 'Security', 131: 'Loose Source Route',
  133: 'Extended Security', 134: 'Commercial Security', 7: 'Record Route', 136: 'Stream Identifier', 137: 'Strict Source Route',
  11: 'MTU Probe', 12: 'MTU Reply', 82: 'Traceroute', 148: 'Router Alert', 25: 'Quick-Start', 149: 'Selective Directed Broadcast',
};
const SET_NOTSET = ['Set', 'Not set'] as const;
const YES_NO = ['Yes', 'No'] as const;

export const hf = defineFields({
  proto: { abbrev: 'ip', name: 'Internet Protocol Version 4', type: 'protocol', fieldsRepr: 'label', ref: 'RFC 791' },
  version: { abbrev: 'ip.version', name: 'Version', type: 'uint8', base: 'dec', mask: 0xf0, blurb: 'IP version: 4', ref: 'RFC 791 §3.1' },
  hdr_len: { abbrev: 'ip.hdr_len', name: 'Header Length', type: 'uint8', base: 'dec', unit: 'bytes', blurb: 'Header length in bytes (the IHL field counts 32-bit words)', ref: 'RFC 791 §3.1' },
  dsfield: { abbrev: 'ip.dsfield', name: 'Differentiated Services Field', type: 'uint8', base: 'hex', blurb: 'The former Type of Service byte: DSCP and ECN', ref: 'RFC 2474 §3, RFC 3168 §5' },
  dscp: { abbrev: 'ip.dsfield.dscp', name: 'Differentiated Services Codepoint', type: 'uint8', base: 'dec', mask: 0xfc, vals: DSCP_VALS, ref: 'RFC 2474 §3' },
  ecn: { abbrev: 'ip.dsfield.ecn', name: 'Explicit Congestion Notification', type: 'uint8', base: 'dec', mask: 0x03, vals: ECN_VALS, ref: 'RFC 3168 §5' },
  len: { abbrev: 'ip.len', name: 'Total Length', type: 'uint16', base: 'dec', blurb: 'Length of the datagram (header and data) in bytes; what follows in the frame is padding or trailer', ref: 'RFC 791 §3.1' },
  id: { abbrev: 'ip.id', name: 'Identification', type: 'uint16', base: 'hex_dec', blurb: 'Identifies the fragments of one datagram', ref: 'RFC 791 §3.1' },
  flags: { abbrev: 'ip.flags', name: 'Flags', type: 'uint8', base: 'hex', mask: 0xe0, blurb: 'Flags (3 bits)', ref: 'RFC 791 §3.1' },
  flags_rb: { abbrev: 'ip.flags.rb', name: 'Reserved bit', type: 'bool', bits: 8, mask: 0x80, tfs: SET_NOTSET },
  flags_df: { abbrev: 'ip.flags.df', name: "Don't fragment", type: 'bool', bits: 8, mask: 0x40, tfs: SET_NOTSET, blurb: 'The datagram must not be fragmented (used by path MTU discovery)' },
  flags_mf: { abbrev: 'ip.flags.mf', name: 'More fragments', type: 'bool', bits: 8, mask: 0x20, tfs: SET_NOTSET, blurb: 'More fragments of this datagram follow' },
  frag_offset: { abbrev: 'ip.frag_offset', name: 'Fragment Offset', type: 'uint16', base: 'dec', mask: 0x1fff, blurb: 'Fragment offset (13 bits, in units of 8 bytes)', ref: 'RFC 791 §3.1' },
  ttl: { abbrev: 'ip.ttl', name: 'Time to Live', type: 'uint8', base: 'dec', ref: 'RFC 791 §3.1' },
  proto_num: { abbrev: 'ip.proto', name: 'Protocol', type: 'uint8', base: 'dec', vals: IPPROTO_VALS, blurb: 'The protocol in the data (UDP 17, L2TPv3 115, ESP 50 …)', ref: 'RFC 791 §3.1' },
  checksum: { abbrev: 'ip.checksum', name: 'Header Checksum', type: 'uint16', base: 'hex', blurb: 'Not verified (tshark\'s default)', ref: 'RFC 791 §3.1' },
  checksum_status: { abbrev: 'ip.checksum.status', name: 'Header checksum status', type: 'uint8', base: 'none', vals: CHECKSUM_STATUS_VALS },
  src: { abbrev: 'ip.src', name: 'Source Address', type: 'ipv4', ref: 'RFC 791 §3.1' },
  dst: { abbrev: 'ip.dst', name: 'Destination Address', type: 'ipv4', ref: 'RFC 791 §3.1' },
  addr: { abbrev: 'ip.addr', name: 'Source or Destination Address', type: 'ipv4' },
  opt_type: { abbrev: 'ip.opt.type', name: 'Type', type: 'uint8', base: 'dec', ref: 'RFC 791 §3.1' },
  opt_copy: { abbrev: 'ip.opt.type.copy', name: 'Copy on fragmentation', type: 'bool', bits: 8, mask: 0x80, tfs: YES_NO },
  opt_class: { abbrev: 'ip.opt.type.class', name: 'Class', type: 'uint8', base: 'dec', mask: 0x60, vals: { 0: 'Control', 1: 'Reserved for future use', 2: 'Debugging and measurement', 3: 'Reserved for future use' } },
  opt_number: { abbrev: 'ip.opt.type.number', name: 'Number', type: 'uint8', base: 'dec', mask: 0x1f, vals: OPT_NUMBER_VALS },
  opt_len: { abbrev: 'ip.opt.len', name: 'Length', type: 'uint8', base: 'dec' },
  opt_ptr: { abbrev: 'ip.opt.ptr', name: 'Pointer', type: 'uint8', base: 'dec' },
  opt_ra: { abbrev: 'ip.opt.ra', name: 'Router Alert', type: 'uint16', base: 'dec', vals: { 0: 'Router shall examine packet (0)' } },
  opt_padding: { abbrev: 'ip.opt.padding', name: 'Padding', type: 'bytes' },
  rec_rt: { abbrev: 'ip.rec_rt', name: 'Recorded Route', type: 'ipv4' },
  empty_rt: { abbrev: 'ip.empty_rt', name: 'Empty Route', type: 'ipv4' },
  src_rt: { abbrev: 'ip.src_rt', name: 'Source Route', type: 'ipv4' },
  fragments: { abbrev: 'ip.fragments', name: 'IPv4 Fragments', type: 'bytes', blurb: 'The datagram reassembled from its fragments' },
  fragment: { abbrev: 'ip.fragment', name: 'IPv4 Fragment', type: 'framenum', blurb: 'A frame holding one fragment of the datagram' },
  fragment_count: { abbrev: 'ip.fragment.count', name: 'Fragment count', type: 'uint32', base: 'dec' },
  reassembled_in: { abbrev: 'ip.reassembled_in', name: 'Reassembled IPv4 in frame', type: 'framenum', blurb: 'This IPv4 packet is reassembled in this frame' },
  reassembled_length: { abbrev: 'ip.reassembled.length', name: 'Reassembled IPv4 length', type: 'uint32', base: 'dec', blurb: 'The total length of the reassembled payload' },
  reassembled_data: { abbrev: 'ip.reassembled.data', name: 'Reassembled IPv4 data', type: 'bytes', blurb: 'The reassembled payload' },
});

export const ei = defineExperts({
  bogus_version: { abbrev: 'ip.bogus_ip_version', severity: 'error', group: 'protocol', summary: 'Bogus IP version', ref: 'RFC 791 §3.1' },
  bogus_header_length: { abbrev: 'ip.bogus_header_length', severity: 'error', group: 'protocol', summary: 'Bogus IP header length', ref: 'RFC 791 §3.1' },
  bogus_ip_length: { abbrev: 'ip.bogus_ip_length', severity: 'error', group: 'protocol', summary: 'Bogus IP length', ref: 'RFC 791 §3.1' },
  ttl_too_small: { abbrev: 'ip.ttl.too_small', severity: 'note', group: 'sequence', summary: '"Time To Live" too small' },
  ttl_lncb: { abbrev: 'ip.ttl.lncb', severity: 'note', group: 'sequence', summary: '"Time To Live" != 1 for a packet sent to the Local Network Control Block (see RFC 3171)' },
  trailing: { abbrev: 'ip.trailing_bytes', severity: 'note', group: 'protocol', summary: 'The IP payload holds bytes beyond the packet it carries' },
  opt_len_invalid: { abbrev: 'ip.opt.len.invalid', severity: 'warning', group: 'protocol', summary: 'Invalid length for option' },
});

// ---- per-packet IP facts shared with the transport modules -------------------------------------------

export type { IpFacts };

/** The innermost IP header's facts so far. */
export function ipFacts(pinfo: PacketInfo): IpFacts | undefined {
  return pinfo.ip;
}
export function setIpFacts(pinfo: PacketInfo, f: IpFacts): void {
  pinfo.ip = f;
}
/** True while dissecting the datagram quoted inside an ICMP error (Wireshark's in_error_pkt). */
export function inErrorPacket(pinfo: PacketInfo): boolean {
  return pinfo.errorDepth > 0;
}

/**
 * Runs `fn` (the dissection of a datagram quoted in an ICMP error) with the columns, addresses and ports
 * frozen, as Wireshark does (col_set_writable FALSE, in_error_pkt TRUE).
 */
export function withinErrorPacket(pinfo: PacketInfo, fn: () => void): void {
  const saved = {
    src: pinfo.src, dst: pinfo.dst, netSrc: pinfo.netSrc, netDst: pinfo.netDst,
    srcPort: pinfo.srcPort, dstPort: pinfo.dstPort, protocol: pinfo.protocol, info: pinfo.info,
  };
  const f = pinfo.ip;
  pinfo.errorDepth++;
  try {
    fn();
  } finally {
    pinfo.errorDepth--;
    Object.assign(pinfo, saved);
    if (f) pinfo.ip = f;
  }
}

/** The Internet checksum (RFC 1071) over the concatenation of `parts`: 0 when a packet verifies. */
export function inetChecksum(parts: readonly Uint8Array[]): number {
  let sum = 0;
  let odd = -1;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      const b = p[i] ?? 0;
      if (odd < 0) odd = b;
      else { sum += (odd << 8) | b; odd = -1; }
    }
  }
  if (odd >= 0) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

/** The pseudo-header of RFC 768 / RFC 8200 §8.1 for the innermost IP layer. */
export function pseudoHeader(pinfo: PacketInfo, proto: number, length: number): Uint8Array | undefined {
  const f = pinfo.ip;
  if (!f) return undefined;
  if (f.version === 4) {
    const b = new Uint8Array(12);
    b.set(f.data.subarray(f.srcOff, f.srcOff + 4), 0);
    b.set(f.data.subarray(f.dstOff, f.dstOff + 4), 4);
    b[9] = proto;
    b[10] = (length >> 8) & 0xff;
    b[11] = length & 0xff;
    return b;
  }
  const b = new Uint8Array(40);
  b.set(f.data.subarray(f.srcOff, f.srcOff + 16), 0);
  b.set(f.data.subarray(f.dstOff, f.dstOff + 16), 16);
  b[34] = (length >> 8) & 0xff;
  b[35] = length & 0xff;
  b[39] = proto;
  return b;
}

// ---- fragment reassembly (shared with IPv6) -----------------------------------------------------------

export interface FragmentRef { frame: number; off: number; len: number }
/** What a frame shows for one fragmented datagram: the reassembly (on the completing frame) or where it happened. */
export type ReassemblyRecord = { done: { bytes: Uint8Array; frags: FragmentRef[] } } | { inFrame: number };

interface Pending { frags: Map<string, FragmentRef & { more: boolean; bytes: Uint8Array }> }

/**
 * Adds a fragment (first pass only) and returns what this frame shows for the datagram `key`. In the first
 * pass the fragment is stored (a copy); the frame that completes the datagram records the reassembled
 * bytes, and every other fragment's frame records where it was reassembled. Later passes read the records
 * back, so the result does not depend on the order frames are decoded in.
 */
export function addFragment(pinfo: PacketInfo, ns: string, key: string, off: number, more: boolean, data: Uint8Array): ReassemblyRecord | undefined {
  const frame = pinfo.frame.number;
  const recKey = `${ns}.reasm:${key}`;
  if (pinfo.firstPass) {
    const allKey = `${ns}.reasm.pending`;
    let all = pinfo.state.get<Map<string, Pending>>(allKey);
    if (!all) pinfo.state.set(allKey, (all = new Map()));
    let p = all.get(key);
    if (!p) all.set(key, (p = { frags: new Map() }));
    p.frags.set(`${frame}:${off}`, { frame, off, len: data.length, more, bytes: data.slice() });
    let total = -1;
    for (const f of p.frags.values()) if (!f.more) total = Math.max(total, f.off + f.len);
    if (total >= 0) {
      const list = [...p.frags.values()].sort((a, b) => a.off - b.off || a.frame - b.frame);
      let covered = 0;
      for (const f of list) {
        if (f.off > covered) break;
        covered = Math.max(covered, f.off + f.len);
      }
      if (covered >= total) {
        const bytes = new Uint8Array(total);
        let filled = 0;
        for (const f of list) {
          const end = Math.min(total, f.off + f.len);
          if (end > filled) {
            bytes.set(f.bytes.subarray(filled - f.off, end - f.off), filled);
            filled = end;
          }
        }
        const frags = list.map((f) => ({ frame: f.frame, off: f.off, len: f.len }));
        pinfo.state.setFrameData(frame, recKey, { done: { bytes, frags } } satisfies ReassemblyRecord);
        for (const f of frags) if (f.frame !== frame) pinfo.state.setFrameData(f.frame, recKey, { inFrame: frame } satisfies ReassemblyRecord);
        all.delete(key);
      }
    }
  }
  return pinfo.state.frameData<ReassemblyRecord>(frame, recKey);
}

/** "[4 IPv4 Fragments (214 bytes): #1(64), #2(64), #3(64), #4(22)]" and its items, over the reassembled view. */
export function addFragmentTree(
  t: Builder, parent: Parent, re: Tvb, frags: readonly FragmentRef[],
  f: { fragments: FieldDef; fragment: FieldDef; count: FieldDef; length: FieldDef; data: FieldDef },
  what: string,
): void {
  const total = re.length;
  const head = t.add(parent, re, f.fragments, 0, total, undefined,
    t.tree ? `[${frags.length} ${what} Fragments (${total} bytes): ${frags.map((x) => `#${x.frame}(${x.len})`).join(', ')}]` : undefined);
  for (const x of frags) {
    const len = Math.max(0, Math.min(x.len, total - x.off));
    t.add(head, re, f.fragment, x.off, len, x.frame, t.tree ? `[Frame: ${x.frame}, payload: ${x.off}-${x.off + x.len - 1} (${x.len} bytes)]` : undefined);
  }
  t.generated(head, f.count, frags.length);
  t.generated(head, f.length, total);
  t.add(head, re, f.data, 0, total);
}

// ---- the dissector ------------------------------------------------------------------------------------

// Header labels by value (see textFor): the same few values recur on every frame.
const HDR_LEN_TEXT: (string | undefined)[] = [];
const DS_TEXT: (string | undefined)[] = [];
const FLAGS_TEXT: (string | undefined)[] = [];
const FRAG_TEXT: (string | undefined)[] = [];
const SUM_TEXT: (string | undefined)[] = [];
function hdrLenText(words: number): string {
  return `${bitPicture(0x0f, 8, words)} = Header Length: ${words * 4} bytes (${words})`;
}
function dsFieldText(tos: number): string {
  return `Differentiated Services Field: 0x${tos.toString(16).padStart(2, '0')} ${dsText(tos)}`;
}
function fragOffText(fragOff: number): string {
  return `${bitPicture(0x1fff, 16, fragOff)} = Fragment Offset: ${fragOff * 8}`;
}
function sumText(sum: number): string {
  return `Header Checksum: 0x${sum.toString(16).padStart(4, '0')} [validation disabled]`;
}

function flagsText(flags: number): string {
  const names: string[] = [];
  if (flags & 4) names.push('Reserved bit');
  if (flags & 2) names.push("Don't fragment");
  if (flags & 1) names.push('More fragments');
  return `${bitPicture(0xe0, 8, flags)} = Flags: 0x${flags.toString(16)}${names.length ? `, ${names.join(', ')}` : ''}`;
}

function dissectOptions(tvb: Tvb, off: number, len: number, pinfo: PacketInfo, t: Builder, parent: Parent): void {
  const head = t.text(parent, tvb, off, len, `Options: (${len} bytes)`);
  const names: string[] = [];
  const end = off + len;
  let p = off;
  while (p < end) {
    if (!need(t, head, tvb, p, 1, 'IP option')) return;
    const type = tvb.u8(p);
    const title = OPT_TITLE[type] ?? `Unknown (0x${type.toString(16).padStart(2, '0')})`;
    const addType = (node: Parent) => {
      const tn = t.add(node, tvb, hf.opt_type, p, 1, type);
      t.add(tn, tvb, hf.opt_copy, p, 1, (type & 0x80) !== 0);
      t.add(tn, tvb, hf.opt_class, p, 1, (type >> 5) & 3);
      t.add(tn, tvb, hf.opt_number, p, 1, type & 0x1f);
    };
    if (type === 0 || type === 1) {
      names.push(title);
      const node = t.text(head, tvb, p, 1, `IP Option - ${title}`);
      addType(node);
      p += 1;
      if (type === 0) {
        if (p < end) t.add(head, tvb, hf.opt_padding, p, end - p);
        break;
      }
      continue;
    }
    if (end - p < 2) {
      // the length octet would be the first byte after the options: tshark names the option and stops
      const node = t.text(head, tvb, p, 1, `${title} (length byte past end of options)`);
      t.problem(node, tvb, ei.opt_len_invalid, p, 1, `${title} (length byte past end of options)`);
      break;
    }
    if (!need(t, head, tvb, p, 2, 'IP option length')) return;
    const olen = tvb.u8(p + 1);
    names.push(title);
    const node = t.text(head, tvb, p, Math.max(2, Math.min(olen, end - p)), `IP Option - ${title} (${olen} bytes)`);
    addType(node);
    const ln = t.add(node, tvb, hf.opt_len, p + 1, 1, olen);
    if (olen < 2 || p + olen > end) {
      t.problem(ln, tvb, ei.opt_len_invalid, p + 1, 1, `Invalid length for option (${olen})`);
      break;
    }
    if (!tvb.has(p, olen)) { need(t, node, tvb, p, olen, 'IP option'); return; }
    if ((type === 7 || type === 131 || type === 137) && olen >= 3) {
      const ptr = tvb.u8(p + 2);
      t.add(node, tvb, hf.opt_ptr, p + 2, 1, ptr);
      for (let a = p + 3; a + 4 <= p + olen; a += 4) {
        const addr = tvb.ipv4(a);
        const field = type === 7 ? (tvb.u32(a) === 0 ? hf.empty_rt : hf.rec_rt) : hf.src_rt;
        const next = a - p + 1 === ptr ? ' <- (next)' : '';
        t.add(node, tvb, field, a, 4, addr, t.tree ? `${field.name}: ${addr}${next}` : undefined);
      }
    } else if (type === 148 && olen === 4) {
      t.add(node, tvb, hf.opt_ra, p + 2, 2, tvb.u16(p + 2));
    } else if ((type === 68 || type === 82) && olen >= 3) {
      t.add(node, tvb, hf.opt_ptr, p + 2, 1, tvb.u8(p + 2));
    }
    p += olen;
  }
  if (t.tree && names.length) t.setText(head, `Options: (${len} bytes), ${names.filter((n, i) => names.indexOf(n) === i).join(', ')}`);
}

/**
 * Hands a payload to 'ip.proto' (data when nobody registered `proto`). A packet that claims less than the
 * payload (IP in IP whose inner Total Length is shorter) leaves the rest to a node of its own.
 */
export function ipProtoHandoff(proto: number, payload: Tvb, pinfo: PacketInfo, t: Builder): void {
  if (payload.reportedLength <= 0) return;
  const claimed = pinfo.registry.call('ip.proto', proto, payload, pinfo, t);
  if (claimed < 0) {
    if (pinfo.columns) pinfo.info = `${IPPROTO_VALS[proto] ?? 'Unknown'} (${proto})`;
    dissectData(payload, pinfo, t);
  } else beyondPacket(t, payload, claimed, 'IP payload', ei.trailing);
}

function dissectIpv4(tvb: Tvb, pinfo: PacketInfo, t: Builder): number {
  if (!tvb.has(0, 1)) {
    pinfo.protocols.push('ip');
    need(t, null, tvb, 0, 1, 'IPv4 header');
    return tvb.reportedLength;
  }
  const version = tvb.u8(0) >> 4;
  // tshark's ip dissector is a layer of its own even when it hands an IPv6 header on (…:ip:ipv6:…)
  pinfo.protocols.push('ip');
  if (version === 6) {
    const v6 = pinfo.registry.byNameOf('ipv6');
    if (v6) return pinfo.registry.run(v6, tvb, pinfo, t);
  }
  const inErr = inErrorPacket(pinfo);
  if (version !== 4) {
    // The node owns all the bytes it was given (nothing else will show them).
    const top = t.add(null, tvb, hf.proto, 0, tvb.length, undefined, t.labels(hf.proto) ? `Internet Protocol, bogus version (${version})` : undefined);
    const vn = t.add(top, tvb, hf.version, 0, 1, version);
    t.problem(vn, tvb, ei.bogus_version, 0, 1);
    if (pinfo.columns && !inErr) { pinfo.protocol = 'IP'; pinfo.info = `Bogus IP version (${version})`; }
    return tvb.reportedLength;
  }
  if (pinfo.columns && !inErr) { pinfo.protocol = 'IPv4'; pinfo.info = ''; }
  const hlen = (tvb.u8(0) & 0x0f) * 4;
  // `rec`: this sink records some ip.* field; otherwise the plain items are skipped (Builder.wantsAny) while
  // every check, problem and value the rest needs stays as it is.
  const rec = t.wantsAny(hf.proto);
  // `hdr`: some header item other than the addresses is recorded (a fields sink asking for ip.src/ip.dst only skips them).
  const hdr = rec && t.wantsSome(HEADER_ITEMS);
  const top = rec ? t.add(null, tvb, hf.proto, 0, Math.min(Math.max(hlen, 1), tvb.length)) : null;
  // The layer's label grows with the addresses; a tree shows it, and so does `fields -e ip` (Builder.labels).
  // (No closures here: this runs for every frame, twice for tunnelled IP, and the non-tree sinks must not
  // allocate per field.)
  const tree = t.tree;
  const labels = t.labels(hf.proto);
  let label = 'Internet Protocol Version 4';
  if (hdr) t.add(top, tvb, hf.version, 0, 1, 4);
  const hn = hdr ? t.add(top, tvb, hf.hdr_len, 0, 1, hlen, tree ? textFor(HDR_LEN_TEXT, hlen >> 2, hdrLenText) : undefined) : null;
  if (hlen < 20) {
    t.problem(hn, tvb, ei.bogus_header_length, 0, 1, `Bogus IP header length (${hlen}, must be at least 20)`);
    if (pinfo.columns && !inErr) pinfo.info = `Bogus IP header length (${hlen}, must be at least 20)`;
    t.setLength(top, tvb.length);
    // the plain name: tshark gives this item no label of its own, so `fields -e ip` prints "ip"
    if (tree) t.setText(top, label);
    return tvb.reportedLength;
  }
  // Fields one by one: a capture cut inside the header keeps what was captured (Wireshark stops at the
  // first item that is not there).
  if (cut(t, top, tvb, 1, 1, 'DS field', label)) return tvb.reportedLength;
  if (hdr) {
    const tos = tvb.u8(1);
    const ds = t.add(top, tvb, hf.dsfield, 1, 1, tos, tree ? textFor(DS_TEXT, tos, dsFieldText) : undefined);
    t.add(ds, tvb, hf.dscp, 1, 1, tos >> 2);
    t.add(ds, tvb, hf.ecn, 1, 1, tos & 3);
  }
  if (cut(t, top, tvb, 2, 2, 'Total Length', label)) return tvb.reportedLength;
  let ipLen = tvb.u16(2);
  const origLen = ipLen;
  const reported = tvb.reportedLength;
  if (ipLen < hlen) {
    const ln = t.add(top, tvb, hf.len, 2, 2, ipLen, tree ? `Total Length: ${ipLen} bytes (bogus, less than header length ${hlen})` : undefined);
    t.problem(ln, tvb, ei.bogus_ip_length, 2, 2);
    if (pinfo.columns && !inErr) pinfo.info = `Bogus IP length (${ipLen}, less than header length ${hlen})`;
    t.setLength(top, tvb.length);
    if (tree) t.setText(top, label); // as above
    return tvb.reportedLength;
  }
  const ln = hdr ? t.add(top, tvb, hf.len, 2, 2, ipLen) : null;
  if (ipLen > reported) {
    if (!inErr) t.problem(ln, tvb, ei.bogus_ip_length, 2, 2, `IPv4 total length exceeds packet length (${reported} bytes)`);
    ipLen = reported; // the datagram is all we were given
  }
  if (cut(t, top, tvb, 4, 2, 'Identification', label)) return ipLen;
  const id = tvb.u16(4);
  if (hdr) t.add(top, tvb, hf.id, 4, 2, id);
  if (cut(t, top, tvb, 6, 2, 'Flags', label)) return ipLen;
  const offWord = tvb.u16(6);
  const flags = offWord >> 13;
  const fragOff = offWord & 0x1fff;
  const more = (flags & 1) !== 0;
  if (hdr) {
    const fl = t.add(top, tvb, hf.flags, 6, 1, flags, tree ? textFor(FLAGS_TEXT, flags, flagsText) : undefined);
    t.add(fl, tvb, hf.flags_rb, 6, 1, (flags & 4) !== 0);
    t.add(fl, tvb, hf.flags_df, 6, 1, (flags & 2) !== 0);
    t.add(fl, tvb, hf.flags_mf, 6, 1, more);
    t.add(top, tvb, hf.frag_offset, 6, 2, fragOff, tree ? textFor(FRAG_TEXT, fragOff, fragOffText) : undefined);
  }
  if (cut(t, top, tvb, 8, 1, 'Time to Live', label)) return ipLen;
  const ttl = tvb.u8(8);
  const ttlNode = hdr ? t.add(top, tvb, hf.ttl, 8, 1, ttl) : null;
  if (cut(t, top, tvb, 9, 1, 'Protocol', label)) return ipLen;
  const proto = tvb.u8(9);
  if (hdr) t.add(top, tvb, hf.proto_num, 9, 1, proto);
  if (cut(t, top, tvb, 10, 2, 'Header Checksum', label)) return ipLen;
  if (hdr) {
    const sum = tvb.u16(10);
    t.add(top, tvb, hf.checksum, 10, 2, sum, tree ? textFor(SUM_TEXT, sum, sumText) : undefined);
    t.generated(top, hf.checksum_status, 2, tree ? 'Header checksum status: Unverified' : undefined);
  }
  // Addresses as text only where text is shown or recorded; pinfo's conversation addresses are made lazily.
  const addrText = labels || pinfo.columns || (rec && (t.wants(hf.src) || t.wants(hf.dst) || t.wants(hf.addr)));
  if (cut(t, top, tvb, 12, 4, 'Source Address', label)) return ipLen;
  const src = addrText ? tvb.ipv4(12) : '';
  if (labels) label += `, Src: ${src}`;
  if (rec) {
    t.add(top, tvb, hf.src, 12, 4, src);
    if (!tree && t.wants(hf.addr)) t.add(top, tvb, hf.addr, 12, 4, src);
  }
  if (!inErr) {
    if (pinfo.columns) pinfo.src = src;
    pinfo.setNetSrc(tvb.data, tvb.abs(12), 4);
  }
  if (cut(t, top, tvb, 16, 4, 'Destination Address', label)) return ipLen;
  const dst = addrText ? tvb.ipv4(16) : '';
  if (labels) label += `, Dst: ${dst}`;
  // TTL sanity (RFC 3171 Local Network Control Block: TTL 1; elsewhere a very small TTL is noted).
  const d0 = tvb.u8(16);
  if (d0 === 224 && tvb.u8(17) === 0 && tvb.u8(18) === 0) {
    if (ttl !== 1 && proto !== 2) t.problem(ttlNode, tvb, ei.ttl_lncb, 8, 1, '"Time To Live" != 1 for a packet sent to the Local Network Control Block (see RFC 3171)');
  } else if (ttl < 5 && !(d0 >= 224 && d0 <= 239) && proto !== 103 && proto !== 89 && !inErr) {
    t.problem(ttlNode, tvb, ei.ttl_too_small, 8, 1, `"Time To Live" only ${ttl}`);
  }
  if (rec) {
    t.add(top, tvb, hf.dst, 16, 4, dst);
    if (!tree && t.wants(hf.addr)) t.add(top, tvb, hf.addr, 16, 4, dst);
  }
  if (labels) t.setText(top, label);
  if (!inErr) {
    if (pinfo.columns) pinfo.dst = dst;
    pinfo.setNetDst(tvb.data, tvb.abs(16), 4);
  }
  // One facts object per header; `fragmented` is settled below, before any payload dissector reads it.
  const facts: IpFacts = { version: 4, data: tvb.data, srcOff: tvb.abs(12), dstOff: tvb.abs(16), ttl, fragmented: false };
  pinfo.ip = facts;
  if (hlen > 20) {
    if (!tvb.has(20, hlen - 20)) {
      need(t, top, tvb, 20, hlen - 20, 'IPv4 options');
      return ipLen;
    }
    dissectOptions(tvb, 20, hlen - 20, pinfo, t, top);
  }

  const payloadLen = Math.max(0, ipLen - hlen);
  const isFragment = more || fragOff !== 0;
  if (isFragment && pinfo.prefs.reassembleIp && !inErr && origLen <= reported && payloadLen > 0 && tvb.has(hlen, payloadLen)) {
    const key = `${tvb.ipv4(12)}>${tvb.ipv4(16)}#${id}/${proto}`;
    const rec = addFragment(pinfo, 'ip', key, fragOff * 8, more, tvb.bytes(hlen, payloadLen));
    if (rec && 'done' in rec) {
      // This frame completes the datagram: the reassembled payload is a data source of its own.
      const idx = pinfo.addSource('Reassembled IPv4', rec.done.bytes);
      const re = Tvb.of(rec.done.bytes, rec.done.bytes.length, idx);
      t.setLength(top, Math.min(ipLen, tvb.length));
      addFragmentTree(t, top, re, rec.done.frags, { fragments: hf.fragments, fragment: hf.fragment, count: hf.fragment_count, length: hf.reassembled_length, data: hf.reassembled_data }, 'IPv4');
      ipProtoHandoff(proto, re, pinfo, t);
      return ipLen;
    }
    if (rec && 'inFrame' in rec) t.generated(top, hf.reassembled_in, rec.inFrame);
    if (pinfo.columns && !inErr) pinfo.info = fragInfo(proto, fragOff, id) + (rec && 'inFrame' in rec ? ` [Reassembled in #${rec.inFrame}]` : '');
    dissectData(tvb.sub(hlen, payloadLen), pinfo, t);
    return ipLen;
  }
  if (fragOff !== 0) {
    // Not the first fragment, and not reassembled: show it as a fragment.
    if (pinfo.columns && !inErr) pinfo.info = fragInfo(proto, fragOff, id);
    dissectData(tvb.sub(hlen, payloadLen), pinfo, t);
    return ipLen;
  }
  facts.fragmented = more;
  ipProtoHandoff(proto, tvb.sub(hlen, payloadLen), pinfo, t);
  return ipLen;
}

/** The header items dissectIpv4 adds between the layer node and the addresses (see `hdr` there). */
const HEADER_ITEMS: readonly FieldDef[] = [
  hf.version, hf.hdr_len, hf.dsfield, hf.dscp, hf.ecn, hf.len, hf.id, hf.flags, hf.flags_rb, hf.flags_df, hf.flags_mf,
  hf.frag_offset, hf.ttl, hf.proto_num, hf.checksum, hf.checksum_status,
];

function fragInfo(proto: number, fragOff: number, id: number): string {
  return `Fragmented IP protocol (proto=${IPPROTO_VALS[proto] ?? 'Unknown'} ${proto}, off=${fragOff * 8}, ID=${id.toString(16).padStart(4, '0')})`;
}

/**
 * True (having raised the short/malformed problem and settled the layer's label) when the `len` header
 * bytes at `off` were not captured: the header stops there, as Wireshark's does.
 */
function cut(t: Builder, top: Parent, tvb: Tvb, off: number, len: number, what: string, label: string): boolean {
  if (tvb.has(off, len)) return false;
  need(t, top, tvb, off, len, what);
  if (t.labels(hf.proto)) t.setText(top, label);
  return true;
}

export const ipv4: ProtocolModule = {
  name: 'ip',
  register(reg: Registry): void {
    const ip = { name: 'ip', dissect: dissectIpv4 };
    reg.add('ethertype', 0x0800, ip);
    reg.add('ip.proto', 4, ip); // IP in IP (RFC 2003)
    reg.add('ppp.protocol', 0x0021, ip);
  },
};
