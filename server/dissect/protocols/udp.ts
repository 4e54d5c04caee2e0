// UDP (Wireshark's packet-udp.c, tshark 4.0 defaults): ports, length checks, checksum (not verified, as
// tshark's default; zero means "none" over IPv4), and the hand-off on table 'udp.port' — the lower port
// first, then the higher, ports of 0 ignored — with decode-as rules applied by the registry.

import { defineFields } from '../fields';
import type { FieldDef } from '../fields';
import { defineExperts } from '../expert';
import type { Builder, Parent } from '../builder';
import { addConversationTimes, track } from '../conversations';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need, unclaimedTail } from '../common';
import { dissectData } from './data';
import { CHECKSUM_STATUS_VALS } from './eth';
import { inErrorPacket, ipFacts } from './ipv4';

export const hf = defineFields({
  proto: { abbrev: 'udp', name: 'User Datagram Protocol', type: 'protocol', fieldsRepr: 'label', ref: 'RFC 768' },
  srcport: { abbrev: 'udp.srcport', name: 'Source Port', type: 'uint16', base: 'dec', ref: 'RFC 768' },
  dstport: { abbrev: 'udp.dstport', name: 'Destination Port', type: 'uint16', base: 'dec', blurb: 'L2TP listens on 1701', ref: 'RFC 768' },
  port: { abbrev: 'udp.port', name: 'Source or Destination Port', type: 'uint16', base: 'dec' },
  length: { abbrev: 'udp.length', name: 'Length', type: 'uint16', base: 'dec', blurb: 'Length in octets including this header and the data', ref: 'RFC 768' },
  checksum: { abbrev: 'udp.checksum', name: 'Checksum', type: 'uint16', base: 'hex', blurb: 'Not verified (tshark\'s default); 0 over IPv4 means no checksum', ref: 'RFC 768' },
  checksum_status: { abbrev: 'udp.checksum.status', name: 'Checksum Status', type: 'uint8', base: 'none', vals: CHECKSUM_STATUS_VALS },
  payload: { abbrev: 'udp.payload', name: 'Payload', type: 'bytes' },
  stream: { abbrev: 'udp.stream', name: 'Stream index', type: 'uint32', base: 'dec', blurb: 'The conversation (pair of address and port endpoints), numbered in order of first appearance' },
  time_relative: { abbrev: 'udp.time_relative', name: 'Time since first frame', type: 'time_rel', unit: 'seconds', blurb: 'Time relative to first frame in this UDP stream' },
  time_delta: { abbrev: 'udp.time_delta', name: 'Time since previous frame', type: 'time_rel', unit: 'seconds', blurb: 'Time delta from previous frame in this UDP stream' },
});

export const ei = defineExperts({
  length_bad: { abbrev: 'udp.length.bad', severity: 'error', group: 'malformed', summary: 'Bad length value', ref: 'RFC 768' },
  checksum_zero: { abbrev: 'udp.checksum.zero', severity: 'error', group: 'protocol', summary: 'Illegal checksum value (0)', ref: 'RFC 8200 §8.1' },
  beyond_length: { abbrev: 'udp.trailing_bytes', severity: 'note', group: 'protocol', summary: 'The IP payload holds bytes beyond the UDP Length' },
});

/** Tries 'udp.port' with the lower port, then the higher one (0 never); then the 'udp' heuristics. */
export function udpPortHandoff(sport: number, dport: number, payload: Tvb, pinfo: PacketInfo, t: Builder): boolean {
  const low = Math.min(sport, dport);
  const high = Math.max(sport, dport);
  if (low !== 0 && pinfo.registry.call('udp.port', low, payload, pinfo, t) >= 0) return true;
  if (high !== 0 && high !== low && pinfo.registry.call('udp.port', high, payload, pinfo, t) >= 0) return true;
  return pinfo.registry.tryHeuristics('udp', payload, pinfo, t);
}

function dissectUdp(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('udp');
  const inErr = inErrorPacket(pinfo);
  // `rec`: this sink records some udp.* field; otherwise the plain items are skipped (Builder.wantsAny).
  const rec = t.wantsAny(hf.proto);
  const top = rec ? t.add(null, tvb, hf.proto, 0, Math.min(8, tvb.length)) : null;
  if (!tvb.has(0, 4)) {
    if (tvb.has(0, 2)) t.add(top, tvb, hf.srcport, 0, 2, tvb.u16(0));
    needUdp(t, top, tvb, 0, 8); // raises the short/malformed problem
    return;
  }
  const sport = tvb.u16(0);
  const dport = tvb.u16(2);
  if (t.labels(hf.proto)) t.setText(top, `User Datagram Protocol, Src Port: ${sport}, Dst Port: ${dport}`);
  if (pinfo.columns && !inErr) { pinfo.protocol = 'UDP'; pinfo.info = `${sport} → ${dport}`; }
  if (rec) {
    t.add(top, tvb, hf.srcport, 0, 2, sport);
    t.add(top, tvb, hf.dstport, 2, 2, dport);
    if (!t.tree && t.wants(hf.port)) {
      t.add(top, tvb, hf.port, 0, 2, sport);
      t.add(top, tvb, hf.port, 2, 2, dport);
    }
  }
  if (!inErr) { pinfo.srcPort = sport; pinfo.dstPort = dport; }
  if (!needUdp(t, top, tvb, 4, 2)) return;
  const reported = tvb.reportedLength;
  let ulen = tvb.u16(4);
  const facts = ipFacts(pinfo);
  let jumbo = false;
  if (ulen === 0 && facts?.version === 6) { ulen = reported; jumbo = true; }
  if (ulen < 8) {
    const ln = t.add(top, tvb, hf.length, 4, 2, ulen, t.tree ? `Length: ${ulen} (bogus, must be >= 8)` : undefined);
    t.problem(ln, tvb, ei.length_bad, 4, 2, `Bad length value ${ulen} < 8`);
    if (pinfo.columns && !inErr) pinfo.info += ` [BAD UDP LENGTH ${ulen} < 8]`;
    t.setLength(top, tvb.length); // nothing else will show the rest of the IP payload
    return;
  }
  if (ulen > reported && !facts?.fragmented && !inErr) {
    const ln = t.add(top, tvb, hf.length, 4, 2, ulen, t.tree ? `Length: ${ulen} (bogus, payload length ${reported})` : undefined);
    t.problem(ln, tvb, ei.length_bad, 4, 2, `Bad length value ${ulen} > IP payload length`);
    if (pinfo.columns && !inErr) pinfo.info += ` [BAD UDP LENGTH ${ulen} > IP PAYLOAD LENGTH]`;
  } else if (rec && t.wantsSome(TAIL_ITEMS)) {
    t.add(top, tvb, hf.length, 4, 2, ulen);
  }
  if (pinfo.columns && !inErr) pinfo.info += ` Len=${ulen - 8}${jumbo ? ' [Jumbogram]' : ''}`;
  if (!needUdp(t, top, tvb, 6, 2)) return;
  const sum = tvb.u16(6);
  if (sum === 0) {
    const ignored = facts?.version !== 6 || inErr;
    const cn = t.add(top, tvb, hf.checksum, 6, 2, 0, t.tree ? `Checksum: 0x0000 [zero-value ${ignored ? 'ignored' : 'illegal'}]` : undefined);
    t.generated(cn, hf.checksum_status, ignored ? 3 : 4, t.tree ? `Checksum Status: ${ignored ? 'Not present' : 'Illegal'}` : undefined);
    if (!ignored) {
      t.problem(cn, tvb, ei.checksum_zero, 6, 2);
      if (pinfo.columns) pinfo.info += ' [ILLEGAL CHECKSUM (0)]';
    }
  } else if (rec && t.wantsSome(TAIL_ITEMS)) {
    t.add(top, tvb, hf.checksum, 6, 2, sum, t.tree ? `Checksum: 0x${sum.toString(16).padStart(4, '0')} [unverified]` : undefined);
    t.generated(top, hf.checksum_status, 2, t.tree ? 'Checksum Status: Unverified' : undefined);
  }
  conversation(pinfo, t, top, sport, dport, inErr, Math.min(ulen, reported) > 8);
  if (rec && tvb.has(8, 1) && !t.tree && t.wants(hf.payload)) t.add(top, tvb, hf.payload, 8, tvb.length - 8);
  const payloadLen = Math.min(ulen, reported) - 8;
  if (t.tree && payloadLen > 0 && tvb.length > 8) {
    // tshark's "UDP payload (N bytes)" line spans the captured payload, which is the next layer's: here it is
    // a marker at the payload's start (no bytes of its own), so that every node stays inside its parent.
    const n = Math.min(payloadLen, tvb.length - 8);
    t.add(top, tvb, hf.payload, 8, 0, undefined, `UDP payload (${n} byte${n === 1 ? '' : 's'})`);
  }
  if (ulen > 8) {
    if (tvb.has(8, 1)) {
      const payload = tvb.sub(8, payloadLen);
      if (!udpPortHandoff(sport, dport, payload, pinfo, t)) dissectData(payload, pinfo, t);
    } else if (!inErr) {
      // a capture cut at the payload's first byte: tshark stops in UDP ("UDP truncated"), no payload layer
      need(t, top, tvb, 8, 1, 'UDP payload');
    }
  }
  if (ulen < reported && tvb.has(ulen, 1)) {
    // Bytes the IP datagram holds beyond the UDP datagram: claimed by no protocol (tshark shows them nowhere).
    unclaimedTail(t, tvb, ulen, 'Bytes beyond the UDP Length', ei.beyond_length, `The IP payload holds ${reported - ulen} bytes beyond the UDP Length (${ulen})`);
  }
}

/** The conversation's items (udp.stream and its times): tracked only when something may show them. */
const STREAM_ITEMS: readonly FieldDef[] = [hf.stream, hf.time_relative, hf.time_delta];

/**
 * The stream index and times of the header's conversation, as packet-udp.c adds them. The first pass
 * numbers conversations and keeps their times; a later pass (a Capture's, in any order) finds the frame
 * before this one among the conversation's frames. The datagram quoted in an ICMP error belongs to its
 * conversation and moves its times, but shows only the index; so does an empty datagram (no payload).
 */
function conversation(pinfo: PacketInfo, t: Builder, top: Parent, sport: number, dport: number, inErr: boolean, hasPayload: boolean): void {
  const shown = t.wantsSome(STREAM_ITEMS);
  const state = pinfo.state;
  if (!(shown || (pinfo.firstPass && state.randomAccess))) return;
  const m = pinfo.frame;
  const h = track(state.udp, pinfo.ip, m, sport, dport, pinfo.firstPass, state.randomAccess, pinfo.timeRef?.timeOf);
  if (h === undefined || !shown) return; // the index pass: the conversation is recorded, nothing is shown
  t.generated(top, hf.stream, h.conv.index);
  if (!inErr && hasPayload) addConversationTimes(t, top, h, m, hf.time_relative, hf.time_delta);
}

/** The plain items after the ports (a fields sink asking for ports only skips them). */
const TAIL_ITEMS: readonly FieldDef[] = [hf.length, hf.checksum, hf.checksum_status];

function needUdp(t: Builder, top: ReturnType<Builder['add']>, tvb: Tvb, off: number, len: number): boolean {
  return need(t, top, tvb, off, len, 'UDP header');
}

export const udp: ProtocolModule = {
  name: 'udp',
  register(reg: Registry): void {
    reg.add('ip.proto', 17, { name: 'udp', dissect: dissectUdp });
  },
};
