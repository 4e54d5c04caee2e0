// GRE (RFC 2784, RFC 2890) and PPTP's enhanced GRE (RFC 2637 §4.1) as tshark 4.0 decodes them (Wireshark's
// packet-gre.c): flags and version, protocol type, the optional checksum (verified), offset, key (or payload
// length and call ID), sequence and acknowledgment numbers and routing entries, then the payload by protocol
// type on table 'gre.proto'. L2TP networks meet GRE as the tunnels around them and as PPTP, whose PPP
// negotiation (LCP, CHAP, IPCP) is the same as L2TP's.

import { defineFields } from '../fields';
import { defineExperts } from '../expert';
import type { Builder } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need } from '../common';
import { bitPicture } from '../render';
import { runNamed } from './data';
import { CHECKSUM_STATUS_VALS } from './eth';
import { checksumItem } from './icmp';

const PPP = 0x880b;
const C = 0x8000, R = 0x4000, K = 0x2000, S = 0x1000, A = 0x0080, VERSION = 0x0007;

/** packet-gre.c's gre_typevals: the protocol type names GRE labels use (not the EtherType names). */
const TYPE_VALS: Readonly<Record<number, string>> = {
  0x0000: 'Possible GRE keepalive packet', [PPP]: 'PPP', 0x0800: 'IP', 0x0806: 'ARP', 0x00fe: 'OSI', 0x883e: 'WCCP',
  0x2000: 'CDP (Cisco)', 0x2001: 'NHRP', 0x88be: 'ERSPAN', 0x22eb: 'ERSPAN III', 0x6400: 'MIKROTIK EoIP',
  0x8137: 'IPX', 0x6558: 'Transparent Ethernet bridging', 0x6559: 'Frame Relay', 0x86dd: 'IPv6',
  0x8847: 'MPLS label switched packet', 0x894f: 'Network Service Header', 0x8881: 'CDMA2000 A10 Unstructured byte stream',
  0x88d2: 'CDMA2000 A10 3GPP2 Packet', 0x8909: 'CiscoMetaData', 0xb7ea: 'Huawei GRE bonding', 0x9000: 'ARUBA WLAN',
  ...Object.fromEntries(Array.from({ length: 24 }, (_, i) => [0x8200 + 16 * i, 'ARUBA WLAN'])),
};

/**
 * The entries of tshark 4.0's 'gre.proto' table (`tshark -G decodes`) this engine has a dissector for, by
 * name. tshark looks the type up there, not in the EtherType table: what it lacks stays data.
 */
const BUILTIN: Readonly<Record<number, string>> = {
  0x0800: 'ip', 0x883e: 'ip', 0x86dd: 'ipv6', 0x0806: 'arp', [PPP]: 'ppp', 0x8847: 'mpls', 0x8848: 'mpls',
  0x6558: 'eth_withoutfcs', 0x6400: 'eth_withoutfcs',
};

const VERSION_VALS: Readonly<Record<number, string>> = { 0: 'GRE', 1: 'Enhanced GRE' };
const YES_NO = ['Yes', 'No'] as const;

export const hf = defineFields({
  proto: { abbrev: 'gre', name: 'Generic Routing Encapsulation', type: 'protocol', ref: 'RFC 2784; RFC 2890; RFC 2637 §4.1' },
  flags_and_version: { abbrev: 'gre.flags_and_version', name: 'Flags and Version', type: 'uint16', base: 'hex', blurb: 'The GRE flags are encoded in the first two octets' },
  checksum_bit: { abbrev: 'gre.flags.checksum', name: 'Checksum Bit', type: 'bool', bits: 16, mask: C, tfs: YES_NO, blurb: 'Indicates if the Checksum field is present' },
  routing_bit: { abbrev: 'gre.flags.routing', name: 'Routing Bit', type: 'bool', bits: 16, mask: R, tfs: YES_NO, blurb: 'Indicates if the Routing and Checksum/Offset field are present' },
  key_bit: { abbrev: 'gre.flags.key', name: 'Key Bit', type: 'bool', bits: 16, mask: K, tfs: YES_NO, blurb: 'Indicates if the Key field is present' },
  sequence_bit: { abbrev: 'gre.flags.sequence_number', name: 'Sequence Number Bit', type: 'bool', bits: 16, mask: S, tfs: YES_NO, blurb: 'Indicates if the Sequence Number field is present' },
  strict_bit: { abbrev: 'gre.flags.strict_source_route', name: 'Strict Source Route Bit', type: 'bool', bits: 16, mask: 0x0800, tfs: YES_NO },
  recursion: { abbrev: 'gre.flags.recursion_control', name: 'Recursion control', type: 'uint16', base: 'dec', mask: 0x0700 },
  ack_bit: { abbrev: 'gre.flags.ack', name: 'Acknowledgment', type: 'bool', bits: 16, mask: A, tfs: YES_NO, blurb: 'Indicates if the packet carries an Acknowledgment Number (enhanced GRE)', ref: 'RFC 2637 §4.1' },
  reserved: { abbrev: 'gre.flags.reserved', name: 'Flags (Reserved)', type: 'uint16', base: 'dec', mask: 0x00f8 },
  version: { abbrev: 'gre.flags.version', name: 'Version', type: 'uint16', base: 'dec', mask: VERSION, vals: VERSION_VALS, blurb: '0 for GRE, 1 for PPTP\'s enhanced GRE' },
  type: { abbrev: 'gre.proto', name: 'Protocol Type', type: 'uint16', base: 'hex', vals: TYPE_VALS, blurb: 'The protocol that is GRE encapsulated' },
  checksum: { abbrev: 'gre.checksum', name: 'Checksum', type: 'uint16', base: 'hex', blurb: 'Internet checksum of the GRE header and payload (verified)', ref: 'RFC 2784 §2.5' },
  checksum_status: { abbrev: 'gre.checksum.status', name: 'Checksum Status', type: 'uint8', base: 'none', vals: CHECKSUM_STATUS_VALS },
  offset: { abbrev: 'gre.offset', name: 'Offset', type: 'uint16', base: 'dec' },
  key: { abbrev: 'gre.key', name: 'Key', type: 'uint32', base: 'hex', blurb: 'Identifies a flow within the tunnel', ref: 'RFC 2890 §2.1' },
  payload_length: { abbrev: 'gre.key.payload_length', name: 'Payload Length', type: 'uint16', base: 'dec', ref: 'RFC 2637 §4.1' },
  call_id: { abbrev: 'gre.key.call_id', name: 'Call ID', type: 'uint16', base: 'dec', blurb: 'The peer\'s Call ID for the session (PPTP)', ref: 'RFC 2637 §4.1' },
  sequence: { abbrev: 'gre.sequence_number', name: 'Sequence Number', type: 'uint32', base: 'dec', ref: 'RFC 2890 §2.2' },
  ack: { abbrev: 'gre.ack_number', name: 'Acknowledgment Number', type: 'uint32', base: 'dec', ref: 'RFC 2637 §4.1' },
  routing: { abbrev: 'gre.routing', name: 'Routing', type: 'none', ref: 'RFC 1701 §2.1' },
  routing_af: { abbrev: 'gre.routing.address_family', name: 'Address Family', type: 'uint16', base: 'dec' },
  routing_offset: { abbrev: 'gre.routing.sre_offset', name: 'SRE Offset', type: 'uint8', base: 'dec' },
  routing_length: { abbrev: 'gre.routing.src_length', name: 'SRE Length', type: 'uint8', base: 'dec' },
  routing_info: { abbrev: 'gre.routing.information', name: 'Routing Information', type: 'bytes' },
});

export const ei = defineExperts({
  checksum_incorrect: { abbrev: 'gre.checksum.incorrect', severity: 'warning', group: 'protocol', summary: 'Incorrect GRE Checksum', ref: 'RFC 2784 §2.5' },
});

function hexUpper(v: number): string {
  return `0x${v.toString(16).toUpperCase().padStart(4, '0')}`;
}

function dissectGre(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('gre');
  if (!tvb.has(0, 4)) {
    // tshark reads the flags and type before adding anything; the bytes stay in a node here
    const n = tvb.length > 0 ? t.add(null, tvb, hf.proto, 0, tvb.length) : null;
    need(t, n, tvb, 0, 4, 'GRE header');
    return;
  }
  const fv = tvb.u16(0);
  const type = tvb.u16(2);
  const name = TYPE_VALS[type];
  if (pinfo.columns) { pinfo.protocol = 'GRE'; pinfo.info = `Encapsulated ${name ?? `${hexUpper(type)} (unknown)`}`; }
  const ppp = type === PPP && (fv & VERSION) !== 0;
  // the fixed part's length, known from the flags: fields cut short stay inside the node
  const fixed = 4 + (fv & (C | R) ? 4 : 0) + (fv & K ? 4 : 0) + (fv & S ? 4 : 0) + (ppp && fv & A ? 4 : 0);
  const top = t.add(null, tvb, hf.proto, 0, Math.min(fixed, tvb.length), undefined, t.labels(hf.proto) ? `Generic Routing Encapsulation (${name ?? `${hexUpper(type)} - unknown`})` : undefined);
  const fn = t.add(top, tvb, hf.flags_and_version, 0, 2, fv);
  t.add(fn, tvb, hf.checksum_bit, 0, 2, (fv & C) !== 0);
  t.add(fn, tvb, hf.routing_bit, 0, 2, (fv & R) !== 0);
  t.add(fn, tvb, hf.key_bit, 0, 2, (fv & K) !== 0);
  t.add(fn, tvb, hf.sequence_bit, 0, 2, (fv & S) !== 0);
  t.add(fn, tvb, hf.strict_bit, 0, 2, (fv & 0x0800) !== 0);
  t.add(fn, tvb, hf.recursion, 0, 2, (fv >> 8) & 7);
  if (ppp) {
    t.add(fn, tvb, hf.ack_bit, 0, 2, (fv & A) !== 0);
    // tshark's second gre.flags.reserved declaration, four bits wide beside the A bit
    const v = (fv >> 3) & 0x0f;
    t.add(fn, tvb, hf.reserved, 0, 2, v, t.tree ? `${bitPicture(0x0078, 16, v)} = Flags (Reserved): ${v}` : undefined);
  } else {
    t.add(fn, tvb, hf.reserved, 0, 2, (fv >> 3) & 0x1f);
  }
  t.add(fn, tvb, hf.version, 0, 2, fv & VERSION);
  t.add(top, tvb, hf.type, 2, 2, type);
  let off = 4;
  if (fv & (C | R)) {
    if (!need(t, top, tvb, off, 4, 'GRE checksum and offset')) return;
    // verified over the whole GRE packet when the C bit says it is there and all of it was captured
    const verify = (fv & C) !== 0 && tvb.length >= tvb.reportedLength;
    checksumItem(t, top, tvb, off, hf.checksum, hf.checksum_status, ei.checksum_incorrect, verify ? new Uint8Array(0) : undefined,
      (should) => `Incorrect GRE Checksum [should be ${should}]`);
    t.add(top, tvb, hf.offset, off + 2, 2, tvb.u16(off + 2));
    off += 4;
  }
  if (fv & K) {
    if (!need(t, top, tvb, off, 4, ppp ? 'payload length and call ID' : 'GRE key')) return;
    if (ppp) {
      t.add(top, tvb, hf.payload_length, off, 2, tvb.u16(off));
      t.add(top, tvb, hf.call_id, off + 2, 2, tvb.u16(off + 2));
    } else {
      t.add(top, tvb, hf.key, off, 4, tvb.u32(off));
    }
    off += 4;
  }
  if (fv & S) {
    if (!need(t, top, tvb, off, 4, 'GRE sequence number')) return;
    t.add(top, tvb, hf.sequence, off, 4, tvb.u32(off));
    off += 4;
  }
  if (ppp && (fv & A)) {
    if (!need(t, top, tvb, off, 4, 'acknowledgment number')) return;
    t.add(top, tvb, hf.ack, off, 4, tvb.u32(off));
    off += 4;
  }
  if (fv & R) {
    // Source Route Entries (RFC 1701) until the NULL one; each takes at least 4 bytes, so this ends
    for (;;) {
      if (!need(t, top, tvb, off, 4, 'GRE routing entry')) { t.setLength(top, tvb.length); return; }
      const af = tvb.u16(off);
      const len = tvb.u8(off + 3);
      const rn = t.add(top, tvb, hf.routing, off, 4 + len);
      t.add(rn, tvb, hf.routing_af, off, 2, af);
      t.add(rn, tvb, hf.routing_offset, off + 2, 1, tvb.u8(off + 2));
      t.add(rn, tvb, hf.routing_length, off + 3, 1, len);
      off += 4;
      if (af === 0 && len === 0) break;
      if (!need(t, rn, tvb, off, len, 'GRE routing information')) { t.setLength(top, tvb.length); return; }
      t.add(rn, tvb, hf.routing_info, off, len);
      off += len;
    }
  }
  t.setLength(top, off);
  // without the S bit a packet may end at its header (a keepalive, an enhanced GRE acknowledgment)
  if (!(fv & S) && tvb.reportedLength - off <= 0) return;
  const payload = tvb.sub(off);
  if (pinfo.registry.call('gre.proto', type, payload, pinfo, t) >= 0) return;
  // what tshark's table lacks is data, which tshark shows inside the GRE item; here it is a layer of its own,
  // so that nodes stay inside their parents
  runNamed(BUILTIN[type] ?? 'data', payload, pinfo, t);
}

export const gre: ProtocolModule = {
  name: 'gre',
  register(reg: Registry): void {
    reg.add('ip.proto', 47, { name: 'gre', dissect: dissectGre });
  },
};
