// ICMP (Wireshark's packet-icmp.c) and ICMPv6 (packet-icmpv6.c), summary: type, code, checksum (verified,
// as tshark does by default), echo identifier/sequence, and for error messages the quoted datagram, decoded
// by the IP dissectors with the columns frozen (Wireshark's in_error_pkt).

import { defineFields } from '../fields';
import type { FieldDef } from '../fields';
import { defineExperts } from '../expert';
import type { ExpertDef } from '../expert';
import type { Builder, Parent } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need } from '../common';
import { dissectData, runNamed } from './data';
import { CHECKSUM_STATUS_VALS } from './eth';
import { inErrorPacket, inetChecksum, ipFacts, pseudoHeader, withinErrorPacket } from './ipv4';

const ICMP_TYPE_VALS: Readonly<Record<number, string>> = {
  0: 'Echo (ping) reply', 1: 'Reserved', 2: 'Reserved', 3: 'Destination unreachable', 4: 'Source quench (flow control)',
  5: 'Redirect', 6: 'Alternate host address', 8: 'Echo (ping) request', 9: 'Router advertisement', 10: 'Router solicitation',
  11: 'Time-to-live exceeded', 12: 'Parameter problem', 13: 'Timestamp request', 14: 'Timestamp reply',
  15: 'Information request', 16: 'Information reply', 17: 'Address mask request', 18: 'Address mask reply',
  19: 'Reserved (for security)', 30: 'Traceroute', 31: 'Datagram Conversion Error', 32: 'Mobile Host Redirect',
  33: 'IPv6 Where-Are-You', 34: 'IPv6 I-Am-Here', 35: 'Mobile Registration Request', 36: 'Mobile Registration Reply',
  37: 'Domain Name Request', 38: 'Domain Name Reply', 39: 'SKIP', 40: 'Photuris', 42: 'Extended Echo request', 43: 'Extended Echo reply',
};
const ICMP_CODE_VALS: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  3: {
    0: 'Network unreachable', 1: 'Host unreachable', 2: 'Protocol unreachable', 3: 'Port unreachable', 4: 'Fragmentation needed',
    5: 'Source route failed', 6: 'Destination network unknown', 7: 'Destination host unknown', 8: 'Source host isolated',
    9: 'Network administratively prohibited', 10: 'Host administratively prohibited', 11: 'Network unreachable for TOS',
    12: 'Host unreachable for TOS', 13: 'Communication administratively filtered', 14: 'Host precedence violation',
    15: 'Precedence cutoff in effect',
  },
  5: { 0: 'Redirect for network', 1: 'Redirect for host', 2: 'Redirect for TOS and network', 3: 'Redirect for TOS and host' },
  11: { 0: 'Time to live exceeded in transit', 1: 'Fragment reassembly time exceeded' },
  12: { 0: 'IP header bad', 1: 'Required option missing' },
};
const ICMPV6_TYPE_VALS: Readonly<Record<number, string>> = {
  1: "Destination Unreachable",
  2: "Packet Too Big",
  3: "Time Exceeded",
  4: "Parameter Problem",
  100: "Private experimentation",
  101: "Private experimentation",
  127: "Reserved for expansion of ICMPv6 error messages",
  128: "Echo (ping) request",
  129: "Echo (ping) reply",
  130: "Multicast Listener Query",
  131: "Multicast Listener Report",
  132: "Multicast Listener Done",
  133: "Router Solicitation",
  134: "Router Advertisement",
  135: "Neighbor Solicitation",
  136: "Neighbor Advertisement",
  137: "Redirect",
  138: "Router Renumbering",
  139: "Node Information Query",
  140: "Node Information Reply",
  141: "Inverse Neighbor Discovery Solicitation",
  142: "Inverse Neighbor Discovery Advertisement",
  143: "Multicast Listener Report Message v2",
  144: "Home Agent Address Discovery Request",
  145: "Home Agent Address Discovery Reply",
  146: "Mobile Prefix Solicitation",
  147: "Mobile Prefix Advertisement",
  148: "Certification Path Solicitation",
  149: "Certification Path Advertisement",
  150: "Experimental Mobility",
  151: "Multicast Router Advertisement",
  152: "Multicast Router Solicitation",
  153: "Multicast Router Termination",
  154: "FMIPv6",
  155: "RPL Control",
  156: "Locator Update",
  157: "Duplicate Address Request",
  158: "Duplicate Address Confirmation",
  159: "MPL Control Message",
  160: "Extended Echo request",
  161: "Extended Echo reply",
  200: "Private experimentation",
  201: "Private experimentation",
  255: "Reserved for expansion of ICMPv6 informational messages",
};
const ICMPV6_CODE_VALS: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  1: {
    0: 'no route to destination', 1: 'Administratively prohibited', 2: 'Beyond scope of source address', 3: 'Address unreachable',
    4: 'Port unreachable', 5: 'Source address failed ingress/egress policy', 6: 'Reject route to destination',
    7: 'Error in Source Routing Header',
  },
  3: { 0: 'hop limit exceeded in transit', 1: 'fragment reassembly time exceeded' },
  4: { 0: 'erroneous header field encountered', 1: 'unrecognized Next Header type encountered', 2: 'unrecognized IPv6 option encountered' },
};

export const hf = defineFields({
  icmp: { abbrev: 'icmp', name: 'Internet Control Message Protocol', type: 'protocol', ref: 'RFC 792' },
  type: { abbrev: 'icmp.type', name: 'Type', type: 'uint8', base: 'dec', vals: ICMP_TYPE_VALS, ref: 'RFC 792' },
  code: { abbrev: 'icmp.code', name: 'Code', type: 'uint8', base: 'dec', ref: 'RFC 792' },
  checksum: { abbrev: 'icmp.checksum', name: 'Checksum', type: 'uint16', base: 'hex', blurb: 'Verified over the whole ICMP message', ref: 'RFC 792' },
  checksum_status: { abbrev: 'icmp.checksum.status', name: 'Checksum Status', type: 'uint8', base: 'none', vals: CHECKSUM_STATUS_VALS },
  unused: { abbrev: 'icmp.unused', name: 'Unused', type: 'bytes' },
  ident: { abbrev: 'icmp.ident', name: 'Identifier (BE)', type: 'uint16', base: 'dec_hex', blurb: 'Identifier (big endian representation)', ref: 'RFC 792' },
  ident_le: { abbrev: 'icmp.ident_le', name: 'Identifier (LE)', type: 'uint16', base: 'dec_hex', blurb: 'Identifier (little endian representation)' },
  seq: { abbrev: 'icmp.seq', name: 'Sequence Number (BE)', type: 'uint16', base: 'dec_hex', blurb: 'Sequence Number (big endian representation)', ref: 'RFC 792' },
  seq_le: { abbrev: 'icmp.seq_le', name: 'Sequence Number (LE)', type: 'uint16', base: 'dec_hex', blurb: 'Sequence Number (little endian representation)' },
  mtu: { abbrev: 'icmp.mtu', name: 'MTU of next hop', type: 'uint16', base: 'dec', ref: 'RFC 1191' },
  pointer: { abbrev: 'icmp.pointer', name: 'Pointer', type: 'uint32', base: 'dec' },
  redir_gw: { abbrev: 'icmp.redir_gw', name: 'Gateway Address', type: 'ipv4' },
  icmpv6: { abbrev: 'icmpv6', name: 'Internet Control Message Protocol v6', type: 'protocol', ref: 'RFC 4443' },
  v6_type: { abbrev: 'icmpv6.type', name: 'Type', type: 'uint8', base: 'dec', vals: ICMPV6_TYPE_VALS, blurb: 'Indicates the type of the message', ref: 'RFC 4443 §2.1' },
  v6_code: { abbrev: 'icmpv6.code', name: 'Code', type: 'uint8', base: 'dec', blurb: 'Depends on the message type', ref: 'RFC 4443 §2.1' },
  v6_checksum: { abbrev: 'icmpv6.checksum', name: 'Checksum', type: 'uint16', base: 'hex', blurb: 'Covers the ICMPv6 message and parts of the IPv6 header', ref: 'RFC 4443 §2.3' },
  v6_checksum_status: { abbrev: 'icmpv6.checksum.status', name: 'Checksum Status', type: 'uint8', base: 'none', vals: CHECKSUM_STATUS_VALS },
  v6_reserved: { abbrev: 'icmpv6.reserved', name: 'Reserved', type: 'bytes', blurb: 'Must be Zero' },
  v6_mtu: { abbrev: 'icmpv6.mtu', name: 'MTU', type: 'uint32', base: 'dec', blurb: 'The Maximum Transmission Unit of the next-hop link', ref: 'RFC 4443 §3.2' },
  v6_pointer: { abbrev: 'icmpv6.pointer', name: 'Pointer', type: 'uint32', base: 'dec', blurb: 'Identifies the octet offset within the invoking packet where the error was detected' },
  v6_echo_id: { abbrev: 'icmpv6.echo.identifier', name: 'Identifier', type: 'uint16', base: 'hex', blurb: 'An identifier to aid in matching with Request and Reply', ref: 'RFC 4443 §4.1' },
  v6_echo_seq: { abbrev: 'icmpv6.echo.sequence_number', name: 'Sequence', type: 'uint16', base: 'dec', blurb: 'A sequence number to aid in matching Echo Replies to this Echo Request', ref: 'RFC 4443 §4.1' },
  v6_data: { abbrev: 'icmpv6.data', name: 'Data', type: 'bytes' },
  resp_in: { abbrev: 'icmp.resp_in', name: 'Response frame', type: 'framenum', blurb: 'The frame number of the corresponding response' },
  resp_to: { abbrev: 'icmp.resp_to', name: 'Request frame', type: 'framenum', blurb: 'The frame number of the corresponding request' },
  resptime: { abbrev: 'icmp.resptime', name: 'Response time', type: 'double', unit: 'ms', blurb: 'The time between the request and the response, in ms.' },
  no_resp: { abbrev: 'icmp.no_resp', name: 'No response seen', type: 'none', blurb: 'No corresponding response frame was seen' },
  v6_resp_in: { abbrev: 'icmpv6.resp_in', name: 'Response In', type: 'framenum', blurb: 'The frame number of the corresponding response' },
  v6_resp_to: { abbrev: 'icmpv6.resp_to', name: 'Response To', type: 'framenum', blurb: 'The frame number of the corresponding request' },
  v6_resptime: { abbrev: 'icmpv6.resptime', name: 'Response Time', type: 'double', unit: 'ms', blurb: 'The time between the request and the response, in ms.' },
  v6_no_resp: { abbrev: 'icmpv6.no_resp', name: 'No response seen', type: 'none', blurb: 'No corresponding response frame was seen' },
});

export const ei = defineExperts({
  checksum_bad: { abbrev: 'icmp.checksum_bad', severity: 'error', group: 'checksum', summary: 'Bad checksum' },
  v6_checksum_bad: { abbrev: 'icmpv6.checksum_bad.expert', severity: 'error', group: 'checksum', summary: 'Bad checksum' },
  resp_not_found: { abbrev: 'icmp.resp_not_found', severity: 'warning', group: 'sequence', summary: 'No response seen to ICMP request' },
  v6_resp_not_found: { abbrev: 'icmpv6.resp_not_found', severity: 'warning', group: 'sequence', summary: 'No response seen to ICMPv6 request' },
});

/**
 * Echo request/reply matching (first pass: a reply finds the latest unanswered request with the same
 * identifier, sequence number and reversed addresses; both frames record the other). Returns the Info-column
 * suffix tshark shows, and adds the response fields. Before the first pass is over a request knows nothing.
 */
function echoMatch(pinfo: PacketInfo, t: Builder, top: Parent, tvb: Tvb, v6: boolean, request: boolean, id: number, seq: number): string {
  const ns = v6 ? 'icmpv6' : 'icmp';
  const frame = pinfo.frame.number;
  const recKey = `${ns}.echo:${id}:${seq}`;
  if (pinfo.firstPass) {
    const mapKey = `${ns}.echo.pending`;
    let pending = pinfo.state.get<Map<string, { frame: number; sec: number; ns: number }>>(mapKey);
    if (!pending) pinfo.state.set(mapKey, (pending = new Map()));
    const m = pinfo.frame;
    if (request) {
      pending.set(`${id}:${seq}:${pinfo.netSrc}>${pinfo.netDst}`, { frame, sec: m.tsSec, ns: m.tsNs });
    } else {
      const k = `${id}:${seq}:${pinfo.netDst}>${pinfo.netSrc}`;
      const req = pending.get(k);
      if (req !== undefined && req.frame !== frame) {
        // in ms, as Wireshark's nstime_to_msec makes it (a double)
        const ms = (m.tsSec - req.sec) * 1000 + (m.tsNs - req.ns) / 1e6;
        pinfo.state.setFrameData(frame, recKey, { to: req.frame, ms });
        pinfo.state.setFrameData(req.frame, recKey, { in: frame });
        pending.delete(k);
      }
    }
  }
  const rec = pinfo.state.frameData<{ in?: number; to?: number; ms?: number }>(frame, recKey);
  if (request) {
    if (rec?.in !== undefined) {
      t.generated(top, v6 ? hf.v6_resp_in : hf.resp_in, rec.in);
      return ` (reply in ${rec.in})`;
    }
    if (pinfo.firstPass) return '';
    const n = t.generated(top, v6 ? hf.v6_no_resp : hf.no_resp, true);
    t.problem(n, tvb, v6 ? ei.v6_resp_not_found : ei.resp_not_found, 0, 0, v6 ? `No response seen to ICMPv6 request in frame ${frame}` : 'No response seen to ICMP request');
    return ' (no response found!)';
  }
  if (rec?.to !== undefined) {
    t.generated(top, v6 ? hf.v6_resp_to : hf.resp_to, rec.to);
    if (rec.ms !== undefined) {
      const f = v6 ? hf.v6_resptime : hf.resptime;
      t.generated(top, f, rec.ms, t.tree ? `${f.name}: ${rec.ms.toFixed(3)} ms` : undefined);
    }
    return ` (request in ${rec.to})`;
  }
  return '';
}

/**
 * Adds an Internet checksum item at `off` and its generated status, as tshark's proto_tree_add_checksum labels
 * them: verified over `prefix` (a pseudo-header, or an empty array) and the whole of `tvb`, or unverified when
 * `prefix` is undefined (a message not all captured, or quoted in an error). `message` gives the expert
 * item's text from the value the field should hold. Returns false when the sum is wrong.
 */
export function checksumItem(t: Builder, top: Parent, tvb: Tvb, off: number, field: FieldDef, status: FieldDef, bad: ExpertDef,
  prefix: Uint8Array | undefined | null, message?: (should: string) => string): boolean {
  const computed = prefix ? inetChecksum([prefix, tvb.bytes(0, tvb.length)]) : undefined;
  const sum = tvb.u16(off);
  const hex = `0x${sum.toString(16).padStart(4, '0')}`;
  if (computed === undefined) {
    t.add(top, tvb, field, off, 2, sum, t.tree ? `Checksum: ${hex} [unverified]` : undefined);
    t.generated(top, status, 2, t.tree ? 'Checksum Status: Unverified' : undefined);
    return true;
  }
  if (computed === 0) {
    t.add(top, tvb, field, off, 2, sum, t.tree ? `Checksum: ${hex} [correct]` : undefined);
    t.generated(top, status, 1, t.tree ? 'Checksum Status: Good' : undefined);
    return true;
  }
  // The value the field should have held: the sum with the field taken as zero.
  const msg = tvb.bytes(0, tvb.length).slice();
  msg[off] = 0;
  msg[off + 1] = 0;
  const should = `0x${inetChecksum([prefix ?? new Uint8Array(0), msg]).toString(16).padStart(4, '0')}`;
  const n = t.add(top, tvb, field, off, 2, sum, t.tree ? `Checksum: ${hex} incorrect, should be ${should}` : undefined);
  t.generated(top, status, 0, t.tree ? 'Checksum Status: Bad' : undefined);
  t.problem(n, tvb, bad, off, 2, message?.(should));
  return false;
}

/** Dissects the datagram quoted by an error message as the IP layer `name` would, columns frozen. */
function quoted(name: string, tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  if (!tvb.has(0, 1)) return;
  withinErrorPacket(pinfo, () => { runNamed(name, tvb, pinfo, t); });
}

function dissectIcmp(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('icmp');
  const inErr = inErrorPacket(pinfo);
  const top = t.add(null, tvb, hf.icmp, 0, Math.min(8, tvb.length));
  if (pinfo.columns && !inErr) { pinfo.protocol = 'ICMP'; pinfo.info = ''; }
  if (!need(t, top, tvb, 0, 4, 'ICMP header')) return;
  const type = tvb.u8(0);
  const code = tvb.u8(1);
  const typeName = ICMP_TYPE_VALS[type] ?? 'Unknown ICMP (obsolete or malformed?)';
  const codeName = ICMP_CODE_VALS[type]?.[code];
  t.add(top, tvb, hf.type, 0, 1, type, t.tree ? `Type: ${type} (${typeName})` : undefined);
  t.add(top, tvb, hf.code, 1, 1, code, t.tree && codeName ? `Code: ${code} (${codeName})` : undefined);
  const whole = !inErr && tvb.length >= tvb.reportedLength;
  checksumItem(t, top, tvb, 2, hf.checksum, hf.checksum_status, ei.checksum_bad, whole ? new Uint8Array(0) : undefined);
  if (pinfo.columns && !inErr) pinfo.info = codeName ? `${typeName} (${codeName})` : typeName;
  if (!need(t, top, tvb, 4, 4, 'ICMP header')) return;
  switch (type) {
    case 0: case 8: case 13: case 14: case 15: case 16: case 17: case 18: {
      const id = tvb.u16(4);
      const seq = tvb.u16(6);
      const idLe = tvb.u16le(4);
      const seqLe = tvb.u16le(6);
      t.add(top, tvb, hf.ident, 4, 2, id);
      t.add(top, tvb, hf.ident_le, 4, 2, idLe);
      t.add(top, tvb, hf.seq, 6, 2, seq);
      t.add(top, tvb, hf.seq_le, 6, 2, seqLe);
      const match = (type === 0 || type === 8) && !inErr ? echoMatch(pinfo, t, top, tvb, false, type === 8, id, seq) : '';
      if (pinfo.columns && !inErr) {
        const ttl = ipFacts(pinfo)?.ttl;
        pinfo.info = `${typeName.padEnd(20)} id=0x${id.toString(16).padStart(4, '0')}, seq=${seq}/${seqLe}${ttl !== undefined ? `, ttl=${ttl}` : ''}${match}`;
      }
      // The echo data belongs to the ICMP item, as in tshark: the layer spans the message, the data inside it.
      if (tvb.has(8, 1)) {
        t.setLength(top, tvb.length);
        dissectData(tvb.sub(8), pinfo, t, undefined, top);
      }
      return;
    }
    case 3: case 4: case 5: case 11: case 12: {
      if (type === 3 && code === 4) {
        t.add(top, tvb, hf.unused, 4, 2);
        t.add(top, tvb, hf.mtu, 6, 2, tvb.u16(6));
      } else if (type === 5) {
        t.add(top, tvb, hf.redir_gw, 4, 4, tvb.ipv4(4));
      } else if (type === 12) {
        t.add(top, tvb, hf.pointer, 4, 1, tvb.u8(4));
        t.add(top, tvb, hf.unused, 5, 3);
      } else {
        t.add(top, tvb, hf.unused, 4, 4);
      }
      quoted('ip', tvb.sub(8), pinfo, t);
      return;
    }
    default:
      if (tvb.has(8, 1)) dissectData(tvb.sub(8), pinfo, t);
  }
}

function dissectIcmpv6(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('icmpv6');
  const inErr = inErrorPacket(pinfo);
  const top = t.add(null, tvb, hf.icmpv6, 0, Math.min(8, tvb.length));
  if (pinfo.columns && !inErr) { pinfo.protocol = 'ICMPv6'; pinfo.info = ''; }
  if (!need(t, top, tvb, 0, 4, 'ICMPv6 header')) return;
  const type = tvb.u8(0);
  const code = tvb.u8(1);
  const typeName = ICMPV6_TYPE_VALS[type] ?? 'Unknown';
  const codeName = ICMPV6_CODE_VALS[type]?.[code];
  t.add(top, tvb, hf.v6_type, 0, 1, type);
  t.add(top, tvb, hf.v6_code, 1, 1, code, t.tree && codeName ? `Code: ${code} (${codeName})` : undefined);
  const whole = !inErr && tvb.length >= tvb.reportedLength;
  const ph = whole ? pseudoHeader(pinfo, 58, tvb.length) : undefined;
  checksumItem(t, top, tvb, 2, hf.v6_checksum, hf.v6_checksum_status, ei.v6_checksum_bad, ph && ipFacts(pinfo)?.version === 6 ? ph : undefined);
  if (pinfo.columns && !inErr) pinfo.info = codeName ? `${typeName} (${codeName})` : typeName;
  if (type >= 1 && type <= 4) {
    if (!need(t, top, tvb, 4, 4, 'ICMPv6 header')) return;
    if (type === 2) t.add(top, tvb, hf.v6_mtu, 4, 4, tvb.u32(4));
    else if (type === 4) t.add(top, tvb, hf.v6_pointer, 4, 4, tvb.u32(4));
    else t.add(top, tvb, hf.v6_reserved, 4, 4);
    quoted('ipv6', tvb.sub(8), pinfo, t);
    return;
  }
  if (type === 128 || type === 129) {
    if (!need(t, top, tvb, 4, 4, 'ICMPv6 echo header')) return;
    const id = tvb.u16(4);
    const seq = tvb.u16(6);
    t.add(top, tvb, hf.v6_echo_id, 4, 2, id);
    t.add(top, tvb, hf.v6_echo_seq, 6, 2, seq);
    const match = inErr ? '' : echoMatch(pinfo, t, top, tvb, true, type === 128, id, seq);
    if (pinfo.columns && !inErr) {
      const hl = ipFacts(pinfo)?.ttl;
      pinfo.info = `${typeName} id=0x${id.toString(16).padStart(4, '0')}, seq=${seq}${hl !== undefined ? `, hop limit=${hl}` : ''}${match}`;
    }
    if (tvb.has(8, 1)) { // inside the ICMPv6 item, as for ICMP
      t.setLength(top, tvb.length);
      dissectData(tvb.sub(8), pinfo, t, undefined, top);
    }
    return;
  }
  // Other messages (neighbour discovery, MLD …): the body stays inside the ICMPv6 item.
  t.setLength(top, tvb.length);
  if (tvb.has(4, 1)) t.add(top, tvb, hf.v6_data, 4, tvb.length - 4);
}

export const icmp: ProtocolModule = {
  name: 'icmp',
  register(reg: Registry): void {
    reg.add('ip.proto', 1, { name: 'icmp', dissect: dissectIcmp });
    reg.add('ip.proto', 58, { name: 'icmpv6', dissect: dissectIcmpv6 });
  },
};
