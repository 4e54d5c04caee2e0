// TCP (Wireshark's packet-tcp.c, header summary only): ports, raw sequence and acknowledgment numbers,
// header length, flags, window, checksum (not verified, tshark's default), urgent pointer and options.
// No stream analysis: relative sequence numbers are left out (tcp.seq_raw / tcp.ack_raw are the wire values)
// and the payload is shown as data.

import { defineFields } from '../fields';
import type { FieldDef } from '../fields';
import { defineExperts } from '../expert';
import type { Builder, Parent } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need } from '../common';
import { addConversationTimes, track } from '../conversations';
import type { ConversationHit } from '../conversations';
import { bitPicture } from '../render';
import { dissectData } from './data';
import { CHECKSUM_STATUS_VALS } from './eth';
import { inErrorPacket } from './ipv4';

const OPTION_KIND_VALS: Readonly<Record<number, string>> = {
  0: "End of Option List",
  1: "No-Operation",
  2: "Maximum Segment Size",
  3: "Window Scale",
  4: "SACK Permitted",
  5: "SACK",
  6: "Echo",
  7: "Echo Reply",
  8: "Time Stamp Option",
  9: "Partial Order Connection Permitted",
  10: "Partial Order Service Profile",
  11: "CC",
  12: "CC.NEW",
  13: "CC.ECHO",
  14: "TCP Alternate Checksum Request",
  15: "TCP Alternate Checksum Data",
  16: "Skeeter",
  17: "Bubba",
  18: "Trailer Checksum Option",
  19: "MD5 Signature Option",
  20: "SCPS Capabilities",
  21: "Selective Negative Acknowledgements",
  22: "Record Boundaries",
  23: "Corruption experienced",
  24: "SNAP",
  25: "Unassigned",
  26: "TCP Compression Filter",
  27: "Quick-Start Response",
  28: "User Timeout Option",
  29: "The TCP Authentication Option",
  30: "Multipath TCP",
  34: "TCP Fast Open Cookie",
  76: "Riverbed Probe",
  78: "Riverbed Transparency",
  172: "Accurate ECN Order 0",
  174: "Accurate ECN Order 1",
  253: "RFC3692-style Experiment 1",
  254: "RFC3692-style Experiment 2",
};
const SET_NOTSET = ['Set', 'Not set'] as const;

export const hf = defineFields({
  proto: { abbrev: 'tcp', name: 'Transmission Control Protocol', type: 'protocol', fieldsRepr: 'label', ref: 'RFC 9293' },
  srcport: { abbrev: 'tcp.srcport', name: 'Source Port', type: 'uint16', base: 'dec', ref: 'RFC 9293 §3.1' },
  dstport: { abbrev: 'tcp.dstport', name: 'Destination Port', type: 'uint16', base: 'dec', ref: 'RFC 9293 §3.1' },
  port: { abbrev: 'tcp.port', name: 'Source or Destination Port', type: 'uint16', base: 'dec' },
  stream: { abbrev: 'tcp.stream', name: 'Stream index', type: 'uint32', base: 'dec', blurb: 'The connection (pair of address and port endpoints), numbered in order of first appearance' },
  len: { abbrev: 'tcp.len', name: 'TCP Segment Len', type: 'uint32', base: 'dec', blurb: 'Bytes of payload in this segment' },
  seq: { abbrev: 'tcp.seq', name: 'Sequence Number', type: 'uint32', base: 'dec', blurb: 'Relative to the first sequence number seen in this direction (0 for a SYN)', ref: 'RFC 9293 §3.1' },
  nxtseq: { abbrev: 'tcp.nxtseq', name: 'Next Sequence Number', type: 'uint32', base: 'dec', blurb: 'The sequence number the next segment in this direction should have (relative)' },
  ack: { abbrev: 'tcp.ack', name: 'Acknowledgment Number', type: 'uint32', base: 'dec', blurb: 'Relative to the other direction\'s first sequence number', ref: 'RFC 9293 §3.1' },
  seq_raw: { abbrev: 'tcp.seq_raw', name: 'Sequence Number (raw)', type: 'uint32', base: 'dec', blurb: 'This shows the raw value of the sequence number', ref: 'RFC 9293 §3.1' },
  ack_raw: { abbrev: 'tcp.ack_raw', name: 'Acknowledgment number (raw)', type: 'uint32', base: 'dec', blurb: 'This shows the raw value of the acknowledgment number', ref: 'RFC 9293 §3.1' },
  hdr_len: { abbrev: 'tcp.hdr_len', name: 'Header Length', type: 'uint8', base: 'dec', unit: 'bytes', blurb: 'Data offset in bytes (the field counts 32-bit words)', ref: 'RFC 9293 §3.1' },
  flags: { abbrev: 'tcp.flags', name: 'Flags', type: 'uint16', base: 'hex', mask: 0x0fff, blurb: 'Flags (12 bits)', ref: 'RFC 9293 §3.1' },
  flags_res: { abbrev: 'tcp.flags.res', name: 'Reserved', type: 'bool', bits: 12, mask: 0xe00, tfs: SET_NOTSET, blurb: 'Three reserved bits (must be zero)' },
  flags_ae: { abbrev: 'tcp.flags.ae', name: 'Accurate ECN', type: 'bool', bits: 12, mask: 0x100, tfs: SET_NOTSET },
  flags_cwr: { abbrev: 'tcp.flags.cwr', name: 'Congestion Window Reduced', type: 'bool', bits: 12, mask: 0x080, tfs: SET_NOTSET, ref: 'RFC 3168' },
  flags_ece: { abbrev: 'tcp.flags.ece', name: 'ECN-Echo', type: 'bool', bits: 12, mask: 0x040, tfs: SET_NOTSET, ref: 'RFC 3168' },
  flags_urg: { abbrev: 'tcp.flags.urg', name: 'Urgent', type: 'bool', bits: 12, mask: 0x020, tfs: SET_NOTSET },
  flags_ack: { abbrev: 'tcp.flags.ack', name: 'Acknowledgment', type: 'bool', bits: 12, mask: 0x010, tfs: SET_NOTSET },
  flags_push: { abbrev: 'tcp.flags.push', name: 'Push', type: 'bool', bits: 12, mask: 0x008, tfs: SET_NOTSET },
  flags_reset: { abbrev: 'tcp.flags.reset', name: 'Reset', type: 'bool', bits: 12, mask: 0x004, tfs: SET_NOTSET },
  flags_syn: { abbrev: 'tcp.flags.syn', name: 'Syn', type: 'bool', bits: 12, mask: 0x002, tfs: SET_NOTSET },
  flags_fin: { abbrev: 'tcp.flags.fin', name: 'Fin', type: 'bool', bits: 12, mask: 0x001, tfs: SET_NOTSET },
  flags_str: { abbrev: 'tcp.flags.str', name: 'TCP Flags', type: 'string' },
  window: { abbrev: 'tcp.window_size_value', name: 'Window', type: 'uint16', base: 'dec', blurb: 'The window size value from the TCP header (unscaled)', ref: 'RFC 9293 §3.1' },
  window_size: { abbrev: 'tcp.window_size', name: 'Calculated window size', type: 'uint32', base: 'dec', blurb: 'The window in bytes: the header value scaled by the sender\'s window scale from its SYN, when known', ref: 'RFC 7323 §2.3' },
  window_scale: { abbrev: 'tcp.window_size_scalefactor', name: 'Window size scaling factor', type: 'int32', base: 'dec', blurb: 'The multiplier the window is scaled by: -1 when the handshake was not seen, -2 when it did not agree on scaling', ref: 'RFC 7323 §2.2' },
  checksum: { abbrev: 'tcp.checksum', name: 'Checksum', type: 'uint16', base: 'hex', blurb: 'Not verified (tshark\'s default)', ref: 'RFC 9293 §3.1' },
  checksum_status: { abbrev: 'tcp.checksum.status', name: 'Checksum Status', type: 'uint8', base: 'none', vals: CHECKSUM_STATUS_VALS },
  urgent_pointer: { abbrev: 'tcp.urgent_pointer', name: 'Urgent Pointer', type: 'uint16', base: 'dec' },
  options: { abbrev: 'tcp.options', name: 'TCP Options', type: 'bytes', ref: 'RFC 9293 §3.2' },
  option_kind: { abbrev: 'tcp.option_kind', name: 'Kind', type: 'uint8', base: 'dec', vals: OPTION_KIND_VALS, blurb: "This TCP option's kind" },
  option_len: { abbrev: 'tcp.option_len', name: 'Length', type: 'uint8', base: 'dec', blurb: 'Length of this TCP option in bytes (including kind and length fields)' },
  mss_val: { abbrev: 'tcp.options.mss_val', name: 'MSS Value', type: 'uint16', base: 'dec' },
  wscale_shift: { abbrev: 'tcp.options.wscale.shift', name: 'Shift count', type: 'uint8', base: 'dec', blurb: 'Logarithmically encoded power of 2 scale factor' },
  wscale_multiplier: { abbrev: 'tcp.options.wscale.multiplier', name: 'Multiplier', type: 'uint16', base: 'dec', blurb: 'Multiply segment window size by this for scaled window size' },
  sack_le: { abbrev: 'tcp.options.sack_le', name: 'TCP SACK Left Edge', type: 'uint32', base: 'dec' },
  sack_re: { abbrev: 'tcp.options.sack_re', name: 'TCP SACK Right Edge', type: 'uint32', base: 'dec' },
  tsval: { abbrev: 'tcp.options.timestamp.tsval', name: 'Timestamp value', type: 'uint32', base: 'dec', blurb: "Value of sending machine's timestamp clock" },
  tsecr: { abbrev: 'tcp.options.timestamp.tsecr', name: 'Timestamp echo reply', type: 'uint32', base: 'dec', blurb: 'Echoed timestamp from remote machine' },
  option_payload: { abbrev: 'tcp.options.unknown.payload', name: 'Payload', type: 'bytes' },
  payload: { abbrev: 'tcp.payload', name: 'TCP payload', type: 'bytes' },
  time_relative: { abbrev: 'tcp.time_relative', name: 'Time since first frame in this TCP stream', type: 'time_rel', unit: 'seconds', blurb: 'Time relative to first frame in this TCP stream' },
  time_delta: { abbrev: 'tcp.time_delta', name: 'Time since previous frame in this TCP stream', type: 'time_rel', unit: 'seconds', blurb: 'Time delta from previous frame in this TCP stream' },
});

/** The items that need the connection's state (stream index, relative numbers, times). */
const CONN_ITEMS: readonly FieldDef[] = [hf.stream, hf.seq, hf.nxtseq, hf.ack, hf.time_relative, hf.time_delta, hf.window_size, hf.window_scale];
const WINDOW_ITEMS: readonly FieldDef[] = [hf.window_size, hf.window_scale];

export const ei = defineExperts({
  bogus_header_length: { abbrev: 'tcp.bogus_header_length', severity: 'error', group: 'protocol', summary: 'Bogus TCP Header length', ref: 'RFC 9293 §3.1' },
  option_len_invalid: { abbrev: 'tcp.option.len.invalid', severity: 'error', group: 'protocol', summary: 'Invalid length for option' },
  syn: { abbrev: 'tcp.connection.syn', severity: 'chat', group: 'sequence', summary: 'Connection establish request (SYN)' },
  synack: { abbrev: 'tcp.connection.synack', severity: 'chat', group: 'sequence', summary: 'Connection establish acknowledge (SYN+ACK)' },
  fin: { abbrev: 'tcp.connection.fin', severity: 'chat', group: 'sequence', summary: 'Connection finish (FIN)' },
  rst: { abbrev: 'tcp.connection.rst', severity: 'warning', group: 'sequence', summary: 'Connection reset (RST)' },
  ack_nonzero: { abbrev: 'tcp.ack.nonzero', severity: 'note', group: 'protocol', summary: 'The acknowledgment number field is nonzero while the ACK flag is not set' },
  urgent_nonzero: { abbrev: 'tcp.urgent_pointer.non_zero', severity: 'note', group: 'protocol', summary: 'The urgent pointer field is nonzero while the URG flag is not set' },
});

const FLAG_NAMES: readonly [number, string][] = [[0x001, 'FIN'], [0x002, 'SYN'], [0x004, 'RST'], [0x008, 'PSH'], [0x010, 'ACK'], [0x020, 'URG'], [0x040, 'ECE'], [0x080, 'CWR'], [0x100, 'AE']];

/** "··········S·": one character per flag bit, most significant first. */
function flagsString(flags: number): string {
  const letters = 'RRRACEUAPRSF';
  let s = '';
  for (let i = 0; i < 12; i++) s += flags & (0x800 >> i) ? letters[i] : '\u00b7';
  return s;
}

/** Decodes the options; returns the Info-column summary ("MSS=1460 SACK_PERM WS=128"). */
/** The options' tree and Info text; `found.wsShift` gets the Window Scale option's shift (-1: none). */
function dissectOptions(tvb: Tvb, off: number, len: number, t: Builder, parent: Parent, found: { wsShift: number }): string {
  const head = t.add(parent, tvb, hf.options, off, len);
  const names: string[] = [];
  const info: string[] = [];
  const end = off + len;
  let p = off;
  while (p < end) {
    const kind = tvb.u8(p);
    if (kind === 0 || kind === 1) {
      const name = kind === 0 ? 'End of Option List (EOL)' : 'No-Operation (NOP)';
      names.push(name);
      const o = t.text(head, tvb, p, 1, `TCP Option - ${name}`);
      t.add(o, tvb, hf.option_kind, p, 1, kind);
      p += 1;
      if (kind === 0) break;
      continue;
    }
    if (p + 2 > end) break;
    const olen = tvb.u8(p + 1);
    const o = t.text(head, tvb, p, Math.max(2, Math.min(olen, end - p)), `TCP Option - ${OPTION_KIND_VALS[kind] ?? `Unknown (${kind})`}`);
    t.add(o, tvb, hf.option_kind, p, 1, kind);
    const ln = t.add(o, tvb, hf.option_len, p + 1, 1, olen);
    if (olen < 2 || p + olen > end) {
      t.problem(ln, tvb, ei.option_len_invalid, p + 1, 1, `Invalid length for option (${olen})`);
      break;
    }
    const v = p + 2;
    if (kind === 2 && olen === 4) {
      const mss = tvb.u16(v);
      names.push('Maximum segment size');
      info.push(`MSS=${mss}`);
      t.setText(o, `TCP Option - Maximum segment size: ${mss} bytes`);
      t.add(o, tvb, hf.mss_val, v, 2, mss);
    } else if (kind === 3 && olen === 3) {
      const shift = tvb.u8(v);
      found.wsShift = shift;
      const mult = 2 ** Math.min(shift, 14);
      names.push('Window scale');
      info.push(`WS=${mult}`);
      t.setText(o, `TCP Option - Window scale: ${shift} (multiply by ${mult})`);
      t.add(o, tvb, hf.wscale_shift, v, 1, shift);
      t.generated(o, hf.wscale_multiplier, mult);
    } else if (kind === 4 && olen === 2) {
      names.push('SACK permitted');
      info.push('SACK_PERM');
      t.setText(o, 'TCP Option - SACK permitted');
    } else if (kind === 5) {
      names.push('SACK');
      const edges: string[] = [];
      for (let e = v; e + 8 <= p + olen; e += 8) {
        t.add(o, tvb, hf.sack_le, e, 4, tvb.u32(e));
        t.add(o, tvb, hf.sack_re, e + 4, 4, tvb.u32(e + 4));
        edges.push(`${tvb.u32(e)}-${tvb.u32(e + 4)}`);
      }
      t.setText(o, `TCP Option - SACK ${edges.join(' ')}`);
    } else if (kind === 8 && olen === 10) {
      const tsval = tvb.u32(v);
      const tsecr = tvb.u32(v + 4);
      names.push('Timestamps');
      info.push(`TSval=${tsval} TSecr=${tsecr}`);
      t.setText(o, `TCP Option - Timestamps: TSval ${tsval}, TSecr ${tsecr}`);
      t.add(o, tvb, hf.tsval, v, 4, tsval);
      t.add(o, tvb, hf.tsecr, v + 4, 4, tsecr);
    } else {
      names.push(OPTION_KIND_VALS[kind] ?? `Unknown (${kind})`);
      if (olen > 2) t.add(o, tvb, hf.option_payload, v, olen - 2);
    }
    p += olen;
  }
  if (t.tree) t.setText(head, `Options: (${len} bytes)${names.length ? `, ${names.join(', ')}` : ''}`);
  return info.join(' ');
}

function dissectTcp(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('tcp');
  const inErr = inErrorPacket(pinfo);
  const top = t.add(null, tvb, hf.proto, 0, Math.min(20, tvb.length));
  if (!need(t, top, tvb, 0, 4, 'TCP ports')) return;
  const sport = tvb.u16(0);
  const dport = tvb.u16(2);
  t.add(top, tvb, hf.srcport, 0, 2, sport);
  t.add(top, tvb, hf.dstport, 2, 2, dport);
  if (!t.tree && t.wants(hf.port)) {
    t.add(top, tvb, hf.port, 0, 2, sport);
    t.add(top, tvb, hf.port, 2, 2, dport);
  }
  if (!inErr) {
    pinfo.srcPort = sport;
    pinfo.dstPort = dport;
    if (pinfo.columns) { pinfo.protocol = 'TCP'; pinfo.info = `${sport} → ${dport}`; }
  }
  if (t.labels(hf.proto)) t.setText(top, `Transmission Control Protocol, Src Port: ${sport}, Dst Port: ${dport}`);
  if (!need(t, top, tvb, 4, 8, 'TCP sequence numbers')) return;
  const rawSeq = tvb.u32(4);
  const rawAck = tvb.u32(8);
  if (!need(t, top, tvb, 12, 2, 'TCP header length and flags')) return;
  const word = tvb.u16(12);
  const hlen = (word >> 12) * 4;
  const flags = word & 0x0fff;
  const segLen = Math.max(0, tvb.reportedLength - hlen);
  // The connection: its stream index and each direction's base sequence number (packet-tcp.c's relative
  // sequence numbers, on by default), learnt in the first pass from the first segment seen either way.
  const conn = connection(pinfo, t, sport, dport, rawSeq, rawAck, flags);
  const seq = conn ? rel(rawSeq, conn.direction === 0 ? conn.conv.base0 : conn.conv.base1) : rawSeq;
  const ack = conn && flags & 0x010 ? rel(rawAck, conn.direction === 0 ? conn.conv.base1 : conn.conv.base0) : rawAck;
  if (conn) t.generated(top, hf.stream, conn.conv.index);
  if (hlen >= 20) t.generated(top, hf.len, segLen);
  if (conn) t.add(top, tvb, hf.seq, 4, 4, seq, t.tree ? `Sequence Number: ${seq}    (relative sequence number)` : undefined);
  t.add(top, tvb, hf.seq_raw, 4, 4, rawSeq);
  if (conn) {
    const next = (seq + segLen + (flags & 0x002 ? 1 : 0) + (flags & 0x001 ? 1 : 0)) >>> 0;
    t.generated(top, hf.nxtseq, next, t.tree ? `Next Sequence Number: ${next}    (relative sequence number)` : undefined);
    t.add(top, tvb, hf.ack, 8, 4, ack, t.tree && flags & 0x010 ? `Acknowledgment Number: ${ack}    (relative ack number)` : undefined);
  }
  t.add(top, tvb, hf.ack_raw, 8, 4, rawAck);
  const hn = t.add(top, tvb, hf.hdr_len, 12, 1, hlen, t.tree ? `${bitPicture(0xf0, 8, hlen >> 2)} = Header Length: ${hlen} bytes (${hlen >> 2})` : undefined);
  if (hlen < 20) {
    t.problem(hn, tvb, ei.bogus_header_length, 12, 1, `Bogus TCP header length (${hlen}, must be at least 20)`);
    if (pinfo.columns && !inErr) pinfo.info += `, bogus TCP header length (${hlen}, must be at least 20)`;
    t.setLength(top, tvb.length);
    return;
  }
  const names = FLAG_NAMES.filter(([m]) => flags & m).map(([, n]) => n);
  const fl = t.add(top, tvb, hf.flags, 12, 2, flags, t.tree ? `Flags: 0x${flags.toString(16).padStart(3, '0')} (${names.length ? names.join(', ') : '<None>'})` : undefined);
  t.add(fl, tvb, hf.flags_res, 12, 2, (flags & 0xe00) !== 0);
  t.add(fl, tvb, hf.flags_ae, 12, 2, (flags & 0x100) !== 0);
  t.add(fl, tvb, hf.flags_cwr, 12, 2, (flags & 0x080) !== 0);
  t.add(fl, tvb, hf.flags_ece, 12, 2, (flags & 0x040) !== 0);
  t.add(fl, tvb, hf.flags_urg, 12, 2, (flags & 0x020) !== 0);
  t.add(fl, tvb, hf.flags_ack, 12, 2, (flags & 0x010) !== 0);
  t.add(fl, tvb, hf.flags_push, 12, 2, (flags & 0x008) !== 0);
  t.add(fl, tvb, hf.flags_reset, 12, 2, (flags & 0x004) !== 0);
  const syn = t.add(fl, tvb, hf.flags_syn, 12, 2, (flags & 0x002) !== 0);
  const fin = t.add(fl, tvb, hf.flags_fin, 12, 2, (flags & 0x001) !== 0);
  t.generated(fl, hf.flags_str, flagsString(flags));
  if (!inErr) {
    if ((flags & 0x012) === 0x002) t.problem(syn, tvb, ei.syn, 12, 2, `Connection establish request (SYN): server port ${dport}`);
    else if ((flags & 0x012) === 0x012) t.problem(syn, tvb, ei.synack, 12, 2, `Connection establish acknowledge (SYN+ACK): server port ${sport}`);
    if (flags & 0x001) t.problem(fin, tvb, ei.fin, 12, 2, `Connection finish (FIN)`);
    if (flags & 0x004) t.problem(fl, tvb, ei.rst, 12, 2, `Connection reset (RST)`);
    if (!(flags & 0x010) && rawAck !== 0) t.problem(fl, tvb, ei.ack_nonzero, 8, 4, `The acknowledgment number field is nonzero while the ACK flag is not set`);
  }
  if (!need(t, top, tvb, 14, 6, 'TCP window, checksum and urgent pointer')) return;
  const win = tvb.u16(14);
  const sum = tvb.u16(16);
  const urg = tvb.u16(18);
  t.add(top, tvb, hf.window, 14, 2, win);
  if (t.wantsSome(WINDOW_ITEMS)) addWindow(t, top, conn, pinfo.frame.number, flags, win);
  t.add(top, tvb, hf.checksum, 16, 2, sum, t.tree ? `Checksum: 0x${sum.toString(16).padStart(4, '0')} [unverified]` : undefined);
  t.generated(top, hf.checksum_status, 2, t.tree ? 'Checksum Status: Unverified' : undefined);
  const un = t.add(top, tvb, hf.urgent_pointer, 18, 2, urg);
  if (!(flags & 0x020) && urg !== 0 && !inErr) t.problem(un, tvb, ei.urgent_nonzero, 18, 2);
  let optInfo = '';
  const opts = { wsShift: -1 };
  if (hlen > 20) {
    t.setLength(top, Math.min(hlen, tvb.length));
    if (!need(t, top, tvb, 20, hlen - 20, 'TCP options')) return;
    optInfo = dissectOptions(tvb, 20, hlen - 20, t, top, opts);
  }
  if (flags & 0x002 && conn && pinfo.firstPass && !inErr) learnWindowScale(conn, pinfo.frame.number, flags, opts.wsShift);
  // (`conn` is still this segment's: no other header has been looked up since; the payload comes after)
  if (conn && !inErr && t.wantsSome(CONN_ITEMS)) addConversationTimes(t, top, conn, pinfo.frame, hf.time_relative, hf.time_delta);
  if (pinfo.columns && !inErr) {
    pinfo.info += ` [${names.length ? names.join(', ') : '<None>'}] Seq=${seq}${flags & 0x010 ? ` Ack=${ack}` : ''} Win=${win} Len=${segLen}${optInfo ? ` ${optInfo}` : ''}`;
  }
  if (t.labels(hf.proto)) t.setText(top, `Transmission Control Protocol, Src Port: ${sport}, Dst Port: ${dport}, Seq: ${seq}${flags & 0x010 ? `, Ack: ${ack}` : ''}, Len: ${segLen}`);
  if (segLen > 0 && tvb.has(hlen, 1)) {
    const payload = tvb.sub(hlen);
    if (!t.tree && t.wants(hf.payload)) t.add(top, tvb, hf.payload, hlen, payload.length);
    if (inErr) return;
    const low = Math.min(sport, dport);
    const high = Math.max(sport, dport);
    if ((low === 0 || pinfo.registry.call('tcp.port', low, payload, pinfo, t) < 0) &&
        (high === 0 || high === low || pinfo.registry.call('tcp.port', high, payload, pinfo, t) < 0)) {
      dissectData(payload, pinfo, t);
    }
  }
}

/**
 * tshark's [Calculated window size] and, on segments other than SYNs, [Window size scaling factor]: the
 * sender's scale from its SYN once the handshake was seen (RFC 7323: SYN windows are never scaled).
 */
function addWindow(t: Builder, top: Parent, conn: ConversationHit | undefined, frame: number, flags: number, win: number): void {
  const syn = (flags & 0x002) !== 0;
  let shift = -1;
  if (conn && !syn && frame > conn.conv.wsFrom) shift = conn.direction === 0 ? conn.conv.ws0 : conn.conv.ws1;
  const size = shift >= 0 ? win * 2 ** Math.min(shift, 14) : win;
  t.generated(top, hf.window_size, size);
  if (conn && !syn) {
    const factor = shift >= 0 ? 2 ** Math.min(shift, 14) : shift;
    t.generated(top, hf.window_scale, factor, t.tree ? `Window size scaling factor: ${factor === -1 ? '-1 (unknown)' : factor === -2 ? '-2 (no window scaling used)' : factor}` : undefined);
  }
}

/** First pass, a SYN: its sender's shift (-2 without the option); a SYN+ACK settles whether both scale. */
function learnWindowScale(h: ConversationHit, frame: number, flags: number, wsShift: number): void {
  const c = h.conv;
  const own = wsShift >= 0 ? wsShift : -2;
  if (h.direction === 0) c.ws0 = own; else c.ws1 = own;
  if (flags & 0x010 && (c.ws0 === -2 || c.ws1 === -2)) { c.ws0 = -2; c.ws1 = -2; }
  c.wsFrom = frame;
}

/** `raw` relative to `base` (modulo 2^32); `raw` itself while the base is unknown. */
function rel(raw: number, base: number): number {
  return base < 0 ? raw : (raw - base) >>> 0;
}

/**
 * The segment's connection, when something shows what depends on it (the tree, the columns, the layer's
 * label, a recorded field) or a capture keeps it for a later pass. The first pass sets a direction's base at the first
 * segment sent that way (its sequence number, less one unless it is a SYN) or at the first acknowledgment
 * of it (one less than the number acknowledged), whichever comes first, as packet-tcp.c does.
 */
function connection(pinfo: PacketInfo, t: Builder, sport: number, dport: number, seq: number, ack: number, flags: number): ConversationHit | undefined {
  const state = pinfo.state;
  const needed = t.wantsSome(CONN_ITEMS) || pinfo.columns || t.labels(hf.proto);
  if (!(needed || (pinfo.firstPass && state.randomAccess))) return undefined;
  const h = track(state.tcp, pinfo.ip, pinfo.frame, sport, dport, pinfo.firstPass, state.randomAccess, pinfo.timeRef?.timeOf);
  if (h === undefined) return undefined;
  if (pinfo.firstPass) {
    const c = h.conv;
    const own = h.direction === 0 ? c.base0 : c.base1;
    if (own < 0) {
      const b = (flags & 0x002 ? seq : seq - 1) >>> 0;
      if (h.direction === 0) c.base0 = b; else c.base1 = b;
    }
    if (flags & 0x010) {
      const other = h.direction === 0 ? c.base1 : c.base0;
      if (other < 0) {
        const b = (ack - 1) >>> 0;
        if (h.direction === 0) c.base1 = b; else c.base0 = b;
      }
    }
  }
  // A capture's first pass also needs it for the window scale a SYN announces (learnWindowScale).
  return needed || pinfo.firstPass ? h : undefined;
}

export const tcp: ProtocolModule = {
  name: 'tcp',
  register(reg: Registry): void {
    reg.add('ip.proto', 6, { name: 'tcp', dissect: dissectTcp });
  },
};
