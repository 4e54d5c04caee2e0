// IPv6 (Wireshark's packet-ipv6.c, tshark 4.0 defaults): the fixed header, the extension headers
// (Hop-by-Hop, Routing, Fragment, Destination Options — each its own pseudo-protocol in frame.protocols, as
// tshark names them), fragment reassembly (the store is shared with IPv4) and the hand-off through 'ip.proto'.

import { defineFields } from '../fields';
import type { FieldDef } from '../fields';
import { defineExperts } from '../expert';
import type { Builder, Parent } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import { Tvb } from '../tvb';
import { need, wsExperts } from '../common';
import { bitPicture } from '../render';
import { dissectData } from './data';
import {
  hf as ipv4Hf, DSCP_VALS, ECN_VALS, IPPROTO_VALS, addFragment, addFragmentTree, dsText, inErrorPacket, ipFacts, ipProtoHandoff, setIpFacts,
} from './ipv4';

const OPT_TYPE_VALS: Readonly<Record<number, string>> = {
  0x00: "Pad1",
  0x01: "PadN",
  0x04: "Tunnel Encapsulation Limit",
  0x05: "Router Alert",
  0x07: "CALIPSO",
  0x08: "SMF_DPD",
  0x0f: "Performance and Diagnostic Metrics",
  0x1e: "Experimental (0x1E)",
  0x26: "Quick-Start",
  0x30: "Path MTU Option",
  0x31: "IOAM Option",
  0x3e: "Experimental (0x3E)",
  0x41: "Tunnel Payload Forwarding (TPF) Information",
  0x5e: "Experimental (0x5E)",
  0x63: "RPL Option",
  0x6d: "MPL Option",
  0x7e: "Experimental (0x7E)",
  0x8a: "Endpoint Identification",
  0x8b: "ILNP Nonce",
  0x8c: "Line-Identification Option",
  0x9e: "Experimental (0x9E)",
  0xbe: "Experimental (0xBE)",
  0xc2: "Jumbo Payload",
  0xc9: "Home Address",
  0xde: "Experimental (0xDE)",
  0xee: "IP_DFF",
  0xfe: "Experimental (0xFE)",
};
const ROUTING_TYPE_VALS: Readonly<Record<number, string>> = {
  0: 'Source Route', 1: 'Nimrod', 2: 'Type 2 Routing', 3: 'RPL Source Route', 4: 'Segment Routing',
  5: 'Compact Routing Header 16', 6: 'Compact Routing Header 32', 253: 'Experiment 1', 254: 'Experiment 2',
};
const YES_NO = ['Yes', 'No'] as const;

export const hf = defineFields({
  proto: { abbrev: 'ipv6', name: 'Internet Protocol Version 6', type: 'protocol', fieldsRepr: 'label', ref: 'RFC 8200' },
  version: { abbrev: 'ipv6.version', name: 'Version', type: 'uint8', base: 'dec', mask: 0xf0, blurb: 'IP version: 6', ref: 'RFC 8200 §3' },
  tclass: { abbrev: 'ipv6.tclass', name: 'Traffic Class', type: 'uint32', base: 'hex', mask: 0x0ff00000, blurb: 'DSCP and ECN, as IPv4\'s DS field', ref: 'RFC 8200 §7' },
  tclass_dscp: { abbrev: 'ipv6.tclass.dscp', name: 'Differentiated Services Codepoint', type: 'uint32', base: 'dec', mask: 0x0fc00000, vals: DSCP_VALS, ref: 'RFC 2474 §3' },
  tclass_ecn: { abbrev: 'ipv6.tclass.ecn', name: 'Explicit Congestion Notification', type: 'uint32', base: 'dec', mask: 0x00300000, vals: ECN_VALS, ref: 'RFC 3168 §5' },
  flow: { abbrev: 'ipv6.flow', name: 'Flow Label', type: 'uint24', base: 'hex', mask: 0x0fffff, ref: 'RFC 8200 §6' },
  plen: { abbrev: 'ipv6.plen', name: 'Payload Length', type: 'uint16', base: 'dec', blurb: 'Length of what follows the 40-byte header, extension headers included', ref: 'RFC 8200 §3' },
  nxt: { abbrev: 'ipv6.nxt', name: 'Next Header', type: 'uint8', base: 'dec', vals: IPPROTO_VALS, blurb: 'The header that follows (an extension header or the upper-layer protocol)', ref: 'RFC 8200 §3' },
  hlim: { abbrev: 'ipv6.hlim', name: 'Hop Limit', type: 'uint8', base: 'dec', ref: 'RFC 8200 §3' },
  src: { abbrev: 'ipv6.src', name: 'Source Address', type: 'ipv6', blurb: 'Source IPv6 Address', ref: 'RFC 8200 §3' },
  dst: { abbrev: 'ipv6.dst', name: 'Destination Address', type: 'ipv6', blurb: 'Destination IPv6 Address', ref: 'RFC 8200 §3' },
  addr: { abbrev: 'ipv6.addr', name: 'Source or Destination Address', type: 'ipv6' },
  opt: { abbrev: 'ipv6.opt', name: 'IPv6 Option', type: 'none', blurb: 'Option' },
  opt_type: { abbrev: 'ipv6.opt.type', name: 'Type', type: 'uint8', base: 'hex', vals: OPT_TYPE_VALS, blurb: 'Option type', ref: 'RFC 8200 §4.2' },
  opt_action: { abbrev: 'ipv6.opt.type.action', name: 'Action', type: 'uint8', base: 'dec', mask: 0xc0, vals: { 0: 'Skip and continue', 1: 'Discard', 2: 'Discard and send ICMP Parameter Problem', 3: 'Discard and send ICMP if not multicast' }, blurb: 'Action for unrecognized option type' },
  opt_change: { abbrev: 'ipv6.opt.type.change', name: 'May Change', type: 'bool', bits: 8, mask: 0x20, tfs: YES_NO, blurb: 'Whether the option data may change en-route' },
  opt_rest: { abbrev: 'ipv6.opt.type.rest', name: 'Low-Order Bits', type: 'uint8', base: 'hex', mask: 0x1f, blurb: 'Remaining low-order bits' },
  opt_length: { abbrev: 'ipv6.opt.length', name: 'Length', type: 'uint8', base: 'dec', blurb: 'Option length in octets' },
  opt_pad1: { abbrev: 'ipv6.opt.pad1', name: 'Pad1', type: 'none', blurb: 'Pad1 Option' },
  opt_padn: { abbrev: 'ipv6.opt.padn', name: 'PadN', type: 'bytes', blurb: 'PadN Option' },
  opt_router_alert: { abbrev: 'ipv6.opt.router_alert', name: 'Router Alert', type: 'uint16', base: 'dec', vals: { 0: 'MLD', 1: 'RSVP', 2: 'Active Network' }, blurb: 'Router Alert Option', ref: 'RFC 2711' },
  opt_tel: { abbrev: 'ipv6.opt.tel', name: 'Tunnel Encapsulation Limit', type: 'uint8', base: 'dec', blurb: 'How many further levels of encapsulation are permitted', ref: 'RFC 2473 §4.1.1' },
  opt_jumbo: { abbrev: 'ipv6.opt.jumbo', name: 'Payload Length', type: 'uint32', base: 'dec', blurb: 'IPv6 (Jumbo) Payload Length', ref: 'RFC 2675' },
  opt_unknown: { abbrev: 'ipv6.opt.unknown', name: 'Unknown Option Payload', type: 'bytes' },
  hopopts: { abbrev: 'ipv6.hopopts', name: 'IPv6 Hop-by-Hop Option', type: 'protocol', ref: 'RFC 8200 §4.3' },
  hopopts_nxt: { abbrev: 'ipv6.hopopts.nxt', name: 'Next Header', type: 'uint8', base: 'dec', vals: IPPROTO_VALS },
  hopopts_len: { abbrev: 'ipv6.hopopts.len', name: 'Length', type: 'uint8', base: 'dec', blurb: 'Extension header length in 8-octet words (minus 1)' },
  hopopts_len_oct: { abbrev: 'ipv6.hopopts.len_oct', name: 'Length', type: 'uint16', base: 'dec', unit: 'bytes', blurb: 'Extension header length in octets' },
  dstopts: { abbrev: 'ipv6.dstopts', name: 'Destination Options for IPv6', type: 'protocol', ref: 'RFC 8200 §4.6' },
  dstopts_nxt: { abbrev: 'ipv6.dstopts.nxt', name: 'Next Header', type: 'uint8', base: 'dec', vals: IPPROTO_VALS },
  dstopts_len: { abbrev: 'ipv6.dstopts.len', name: 'Length', type: 'uint8', base: 'dec', blurb: 'Extension header length in 8-octet words (minus 1)' },
  dstopts_len_oct: { abbrev: 'ipv6.dstopts.len_oct', name: 'Length', type: 'uint16', base: 'dec', unit: 'bytes', blurb: 'Extension header length in octets' },
  routing: { abbrev: 'ipv6.routing', name: 'Routing Header for IPv6', type: 'protocol', fieldsRepr: 'label', ref: 'RFC 8200 §4.4' },
  routing_nxt: { abbrev: 'ipv6.routing.nxt', name: 'Next Header', type: 'uint8', base: 'dec', vals: IPPROTO_VALS },
  routing_len: { abbrev: 'ipv6.routing.len', name: 'Length', type: 'uint8', base: 'dec', blurb: 'Extension header length in 8-octet words (minus 1)' },
  routing_len_oct: { abbrev: 'ipv6.routing.len_oct', name: 'Length', type: 'uint16', base: 'dec', unit: 'bytes', blurb: 'Extension header length in octets' },
  routing_type: { abbrev: 'ipv6.routing.type', name: 'Type', type: 'uint8', base: 'dec', vals: ROUTING_TYPE_VALS, blurb: 'Routing Header Type' },
  routing_segleft: { abbrev: 'ipv6.routing.segleft', name: 'Segments Left', type: 'uint8', base: 'dec', blurb: 'Routing Header Segments Left' },
  routing_src_reserved: { abbrev: 'ipv6.routing.src.reserved', name: 'Reserved', type: 'bytes', blurb: 'Must be zero' },
  routing_src_addr: { abbrev: 'ipv6.routing.src.addr', name: 'Address', type: 'ipv6', blurb: 'Source Routing Header Address' },
  routing_mipv6_reserved: { abbrev: 'ipv6.routing.mipv6.reserved', name: 'Reserved', type: 'bytes', blurb: 'Must be zero' },
  routing_mipv6_home: { abbrev: 'ipv6.routing.mipv6.home_address', name: 'Home Address', type: 'ipv6' },
  routing_unknown: { abbrev: 'ipv6.routing.unknown_data', name: 'Type-Specific Data', type: 'bytes', blurb: 'Unknown routing header type-specific data' },
  fraghdr: { abbrev: 'ipv6.fraghdr', name: 'Fragment Header for IPv6', type: 'protocol', ref: 'RFC 8200 §4.5' },
  fraghdr_nxt: { abbrev: 'ipv6.fraghdr.nxt', name: 'Next header', type: 'uint8', base: 'dec', vals: IPPROTO_VALS },
  fraghdr_reserved_octet: { abbrev: 'ipv6.fraghdr.reserved_octet', name: 'Reserved octet', type: 'uint8', base: 'hex', blurb: 'Should always be 0' },
  fraghdr_offset: { abbrev: 'ipv6.fraghdr.offset', name: 'Offset', type: 'uint16', base: 'dec', mask: 0xfff8, blurb: 'Fragment Offset (in units of 8 bytes)', ref: 'RFC 8200 §4.5' },
  fraghdr_reserved_bits: { abbrev: 'ipv6.fraghdr.reserved_bits', name: 'Reserved bits', type: 'uint16', base: 'dec', mask: 0x0006 },
  fraghdr_more: { abbrev: 'ipv6.fraghdr.more', name: 'More Fragments', type: 'bool', bits: 16, mask: 0x0001, tfs: YES_NO },
  fraghdr_ident: { abbrev: 'ipv6.fraghdr.ident', name: 'Identification', type: 'uint32', base: 'hex', blurb: 'Fragment Identification', ref: 'RFC 8200 §4.5' },
  fragments: { abbrev: 'ipv6.fragments', name: 'IPv6 Fragments', type: 'none', blurb: 'The datagram reassembled from its fragments' },
  fragment: { abbrev: 'ipv6.fragment', name: 'IPv6 Fragment', type: 'framenum', blurb: 'A frame holding one fragment of the datagram' },
  fragment_count: { abbrev: 'ipv6.fragment.count', name: 'Fragment count', type: 'uint32', base: 'dec' },
  reassembled_in: { abbrev: 'ipv6.reassembled.in', name: 'Reassembled IPv6 in frame', type: 'framenum', blurb: 'This IPv6 packet is reassembled in this frame' },
  reassembled_length: { abbrev: 'ipv6.reassembled.length', name: 'Reassembled IPv6 length', type: 'uint32', base: 'dec', blurb: 'The total length of the reassembled payload' },
  reassembled_data: { abbrev: 'ipv6.reassembled.data', name: 'Reassembled IPv6 data', type: 'bytes', blurb: 'The reassembled payload' },
});

export const ei = defineExperts({
  bogus_version: { abbrev: 'ipv6.bogus_ipv6_version', severity: 'error', group: 'malformed', summary: 'Bogus IP version', ref: 'RFC 8200 §3' },
  plen_exceeds_framing: { abbrev: 'ipv6.plen_exceeds_framing', severity: 'warning', group: 'protocol', summary: 'IPv6 payload length does not match expected framing length', ref: 'RFC 8200 §3' },
  plen_zero: { abbrev: 'ipv6.plen_zero', severity: 'chat', group: 'protocol', summary: 'IPv6 payload length equals 0 (maybe because of "TCP segmentation offload" (TSO))' },
  routing_deprecated: { abbrev: 'ipv6.routing.deprecated', severity: 'note', group: 'protocol', summary: 'Routing header type is deprecated', ref: 'RFC 5095' },
  opt_invalid_len: { abbrev: 'ipv6.opt.invalid_len', severity: 'error', group: 'malformed', summary: 'Invalid IPv6 option length' },
  hopopts_not_first: { abbrev: 'ipv6.hopopts.not_first', severity: 'error', group: 'protocol', summary: 'IPv6 Hop-by-Hop extension header must appear immediately after IPv6 header', ref: 'RFC 8200 §4.1' },
});

function optionsHeader(
  tvb: Tvb, off: number, hdrLen: number, pinfo: PacketInfo, t: Builder, parent: Parent,
  f: { proto: FieldDef; nxt: FieldDef; len: FieldDef; lenOct: FieldDef }, protoName: string,
): void {
  pinfo.protocols.push(protoName);
  const node = t.add(parent, tvb, f.proto, off, hdrLen);
  t.add(node, tvb, f.nxt, off, 1, tvb.u8(off));
  t.add(node, tvb, f.len, off + 1, 1, tvb.u8(off + 1));
  t.generated(node, f.lenOct, hdrLen, t.tree ? `Length: ${hdrLen} bytes` : undefined);
  const end = off + hdrLen;
  let p = off + 2;
  while (p < end) {
    const type = tvb.u8(p);
    const name = OPT_TYPE_VALS[type] ?? `Unknown IPv6 Option (${type})`;
    const addType = (o: Parent) => {
      const tn = t.add(o, tvb, hf.opt_type, p, 1, type, t.tree ? `Type: ${name} (0x${type.toString(16).padStart(2, '0')})` : undefined);
      t.add(tn, tvb, hf.opt_action, p, 1, type >> 6);
      t.add(tn, tvb, hf.opt_change, p, 1, (type & 0x20) !== 0);
      t.add(tn, tvb, hf.opt_rest, p, 1, type & 0x1f);
    };
    if (type === 0) {
      const o = t.add(node, tvb, hf.opt, p, 1, undefined, name);
      addType(o);
      t.add(o, tvb, hf.opt_pad1, p, 1);
      p += 1;
      continue;
    }
    if (p + 2 > end) break;
    const len = tvb.u8(p + 1);
    const o = t.add(node, tvb, hf.opt, p, Math.min(2 + len, end - p), undefined, name);
    addType(o);
    const ln = t.add(o, tvb, hf.opt_length, p + 1, 1, len);
    if (p + 2 + len > end) {
      t.problem(ln, tvb, ei.opt_invalid_len, p + 1, 1, `Invalid IPv6 option length (${len})`);
      break;
    }
    const v = p + 2;
    if (type === 1) t.add(o, tvb, hf.opt_padn, v, len, undefined, t.tree && len === 0 ? 'PadN: <none>' : undefined);
    else if (type === 5 && len === 2) t.add(o, tvb, hf.opt_router_alert, v, 2, tvb.u16(v));
    else if (type === 4 && len === 1) t.add(o, tvb, hf.opt_tel, v, 1, tvb.u8(v));
    else if (type === 0xc2 && len === 4) t.add(o, tvb, hf.opt_jumbo, v, 4, tvb.u32(v));
    else if (len > 0) t.add(o, tvb, hf.opt_unknown, v, len);
    p += 2 + len;
  }
}

function routingHeader(tvb: Tvb, off: number, hdrLen: number, pinfo: PacketInfo, t: Builder, parent: Parent): void {
  pinfo.protocols.push('ipv6.routing');
  const type = tvb.u8(off + 2);
  const node = t.add(parent, tvb, hf.routing, off, hdrLen, undefined,
    t.labels(hf.routing) ? `Routing Header for IPv6 (${ROUTING_TYPE_VALS[type] ?? `Unknown type ${type}`})` : undefined);
  t.add(node, tvb, hf.routing_nxt, off, 1, tvb.u8(off));
  t.add(node, tvb, hf.routing_len, off + 1, 1, tvb.u8(off + 1));
  t.generated(node, hf.routing_len_oct, hdrLen, t.tree ? `Length: ${hdrLen} bytes` : undefined);
  const tn = t.add(node, tvb, hf.routing_type, off + 2, 1, type);
  t.add(node, tvb, hf.routing_segleft, off + 3, 1, tvb.u8(off + 3));
  if (type === 0) {
    t.problem(tn, tvb, ei.routing_deprecated, off + 2, 1);
    t.add(node, tvb, hf.routing_src_reserved, off + 4, 4);
    for (let a = off + 8, i = 1; a + 16 <= off + hdrLen; a += 16, i++) {
      const addr = tvb.ipv6(a);
      t.add(node, tvb, hf.routing_src_addr, a, 16, addr, t.tree ? `Address[${i}]: ${addr}` : undefined);
    }
  } else if (type === 2 && hdrLen >= 24) {
    t.add(node, tvb, hf.routing_mipv6_reserved, off + 4, 4);
    t.add(node, tvb, hf.routing_mipv6_home, off + 8, 16, tvb.ipv6(off + 8));
  } else if (hdrLen > 4) {
    t.add(node, tvb, hf.routing_unknown, off + 4, hdrLen - 4);
  }
}

function dissectIpv6(tvb: Tvb, pinfo: PacketInfo, t: Builder): number {
  pinfo.protocols.push('ipv6');
  const inErr = inErrorPacket(pinfo);
  if (pinfo.columns && !inErr) { pinfo.protocol = 'IPv6'; pinfo.info = ''; }
  const top = t.add(null, tvb, hf.proto, 0, Math.min(40, tvb.length));
  if (!need(t, top, tvb, 0, 1, 'IPv6 header')) return tvb.reportedLength;
  const version = tvb.u8(0) >> 4;
  const vn = t.add(top, tvb, hf.version, 0, 1, version);
  // tshark also adds a hidden ip.version to IPv6 headers (so "ip.version == 6" matches): fields sink only.
  if (!t.tree && t.wants(ipv4Hf.version)) t.add(top, tvb, ipv4Hf.version, 0, 1, version);
  if (version !== 6) {
    t.problem(vn, tvb, ei.bogus_version, 0, 1, `Bogus IP version (${version})`);
    if (pinfo.columns && !inErr) pinfo.info = `Bogus IPv6 version (${version}, must be 6)`;
    t.setLength(top, tvb.length);
    return tvb.reportedLength;
  }
  let label = 'Internet Protocol Version 6';
  const finish = (): void => { if (t.labels(hf.proto)) t.setText(top, label); };
  const stop = (off: number, len: number, what: string): boolean => {
    if (tvb.has(off, len)) return false;
    need(t, top, tvb, off, len, what);
    finish();
    return true;
  };
  if (stop(0, 4, 'Traffic Class and Flow Label')) return tvb.reportedLength;
  const w = tvb.u32(0);
  const tclass = (w >>> 20) & 0xff;
  const tc = t.add(top, tvb, hf.tclass, 0, 4, tclass,
    t.tree ? `${bitPicture(0x0ff00000, 32, tclass)} = Traffic Class: 0x${tclass.toString(16).padStart(2, '0')} ${dsText(tclass)}` : undefined);
  t.add(tc, tvb, hf.tclass_dscp, 0, 4, tclass >> 2);
  t.add(tc, tvb, hf.tclass_ecn, 0, 4, tclass & 3);
  t.add(top, tvb, hf.flow, 1, 3, w & 0xfffff);
  if (stop(4, 2, 'Payload Length')) return tvb.reportedLength;
  const plen = tvb.u16(4);
  const pn = t.add(top, tvb, hf.plen, 4, 2, plen);
  if (stop(6, 1, 'Next Header')) return tvb.reportedLength;
  let nxt = tvb.u8(6);
  t.add(top, tvb, hf.nxt, 6, 1, nxt);
  if (stop(7, 1, 'Hop Limit')) return tvb.reportedLength;
  const hlim = tvb.u8(7);
  t.add(top, tvb, hf.hlim, 7, 1, hlim);
  if (stop(8, 16, 'Source Address')) return tvb.reportedLength;
  const src = tvb.ipv6(8);
  label += `, Src: ${src}`;
  t.add(top, tvb, hf.src, 8, 16, src);
  if (!t.tree && t.wants(hf.addr)) t.add(top, tvb, hf.addr, 8, 16, src);
  if (!inErr) {
    if (pinfo.columns) pinfo.src = src;
    pinfo.netSrc = src;
  }
  if (stop(24, 16, 'Destination Address')) return tvb.reportedLength;
  const dst = tvb.ipv6(24);
  label += `, Dst: ${dst}`;
  t.add(top, tvb, hf.dst, 24, 16, dst);
  if (!t.tree && t.wants(hf.addr)) t.add(top, tvb, hf.addr, 24, 16, dst);
  finish();
  if (!inErr) {
    if (pinfo.columns) pinfo.dst = dst;
    pinfo.netDst = dst;
  }
  setIpFacts(pinfo, { version: 6, data: tvb.data, srcOff: tvb.abs(8), dstOff: tvb.abs(24), ttl: hlim, fragmented: false });

  // The datagram's extent: 40 + Payload Length (0: a jumbogram or TSO — use what the frame holds).
  const reported = tvb.reportedLength;
  let total = 40 + plen;
  if (plen === 0) {
    if (reported > 40) t.problem(pn, tvb, ei.plen_zero, 4, 2);
    total = reported;
  } else if (total > reported) {
    if (!inErr) t.problem(pn, tvb, ei.plen_exceeds_framing, 4, 2);
    total = reported;
  }

  let off = 40;
  let first = true;
  for (;;) {
    if (nxt === 0 || nxt === 60 || nxt === 43) {
      const hdrLen = tvb.has(off, 2) ? (tvb.u8(off + 1) + 1) * 8 : 2;
      if (off + hdrLen > total || !need(t, top, tvb, off, hdrLen, 'IPv6 extension header')) {
        if (off + hdrLen > total) t.problem(top, tvb, wsExperts.malformed, off, Math.max(0, total - off), `Malformed Packet: the extension header (${hdrLen} bytes) runs past the Payload Length`);
        t.setLength(top, Math.min(total, tvb.length)); // the cut header's bytes stay with IPv6
        return total;
      }
      if (nxt === 0) {
        optionsHeader(tvb, off, hdrLen, pinfo, t, top, { proto: hf.hopopts, nxt: hf.hopopts_nxt, len: hf.hopopts_len, lenOct: hf.hopopts_len_oct }, 'ipv6.hopopts');
        if (!first) t.problem(top, tvb, ei.hopopts_not_first, off, hdrLen);
      } else if (nxt === 60) {
        optionsHeader(tvb, off, hdrLen, pinfo, t, top, { proto: hf.dstopts, nxt: hf.dstopts_nxt, len: hf.dstopts_len, lenOct: hf.dstopts_len_oct }, 'ipv6.dstopts');
      } else {
        routingHeader(tvb, off, hdrLen, pinfo, t, top);
      }
      nxt = tvb.u8(off);
      off += hdrLen;
      t.setLength(top, off);
      first = false;
      continue;
    }
    if (nxt === 44) {
      if (off + 8 > total || !need(t, top, tvb, off, 8, 'IPv6 fragment header')) {
        if (off + 8 > total) t.problem(top, tvb, wsExperts.malformed, off, Math.max(0, total - off), 'Malformed Packet: the fragment header runs past the Payload Length');
        t.setLength(top, Math.min(total, tvb.length));
        return total;
      }
      pinfo.protocols.push('ipv6.fraghdr');
      const fnxt = tvb.u8(off);
      const word = tvb.u16(off + 2);
      const fragOff = word >> 3;
      const more = (word & 1) !== 0;
      const ident = tvb.u32(off + 4);
      const node = t.add(top, tvb, hf.fraghdr, off, 8);
      t.add(node, tvb, hf.fraghdr_nxt, off, 1, fnxt);
      t.add(node, tvb, hf.fraghdr_reserved_octet, off + 1, 1, tvb.u8(off + 1));
      t.add(node, tvb, hf.fraghdr_offset, off + 2, 2, fragOff, t.tree ? `${bitPicture(0xfff8, 16, fragOff)} = Offset: ${fragOff} (${fragOff * 8} bytes)` : undefined);
      t.add(node, tvb, hf.fraghdr_reserved_bits, off + 2, 2, (word >> 1) & 3);
      t.add(node, tvb, hf.fraghdr_more, off + 2, 2, more);
      t.add(node, tvb, hf.fraghdr_ident, off + 4, 4, ident);
      off += 8;
      t.setLength(top, off);
      nxt = fnxt;
      if (fragOff === 0 && !more) { first = false; continue; } // an atomic fragment: nothing to reassemble
      const dataLen = Math.max(0, total - off);
      const fragInfo = `IPv6 fragment (off=${fragOff * 8} more=${more ? 'y' : 'n'} ident=0x${ident.toString(16).padStart(8, '0')} nxt=${fnxt})`;
      if (pinfo.prefs.reassembleIp && !inErr && dataLen > 0 && 40 + plen <= reported && tvb.has(off, dataLen)) {
        const key = `${src}>${dst}#${ident}`;
        const rec = addFragment(pinfo, 'ipv6', key, fragOff * 8, more, tvb.bytes(off, dataLen));
        if (rec && 'done' in rec) {
          const idx = pinfo.addSource('Reassembled IPv6', rec.done.bytes);
          const re = Tvb.of(rec.done.bytes, rec.done.bytes.length, idx);
          t.setLength(top, Math.min(total, tvb.length));
          addFragmentTree(t, top, re, rec.done.frags, { fragments: hf.fragments, fragment: hf.fragment, count: hf.fragment_count, length: hf.reassembled_length, data: hf.reassembled_data }, 'IPv6');
          ipProtoHandoff(fnxt, re, pinfo, t);
          return total;
        }
        if (rec && 'inFrame' in rec) t.generated(top, hf.reassembled_in, rec.inFrame);
        if (pinfo.columns && !inErr) pinfo.info = fragInfo;
        dissectData(tvb.sub(off, dataLen), pinfo, t);
        return total;
      }
      if (fragOff !== 0) {
        if (pinfo.columns && !inErr) pinfo.info = fragInfo;
        dissectData(tvb.sub(off, dataLen), pinfo, t);
        return total;
      }
      const f = ipFacts(pinfo);
      if (f) setIpFacts(pinfo, { ...f, fragmented: true });
      break;
    }
    break;
  }
  ipProtoHandoff(nxt, tvb.sub(off, Math.max(0, total - off)), pinfo, t);
  return total;
}

export const ipv6: ProtocolModule = {
  name: 'ipv6',
  register(reg: Registry): void {
    const v6 = { name: 'ipv6', dissect: dissectIpv6 };
    reg.add('ethertype', 0x86dd, v6);
    reg.add('ip.proto', 41, v6); // IPv6 in IPv4 / IPv6 (RFC 4213, RFC 2473)
    reg.add('ppp.protocol', 0x0057, v6);
  },
};
