// MPLS label stacks (RFC 3032) as tshark 4.0 decodes them (Wireshark's packet-mpls.c and packet-pw-eth.c):
// label entries up to the bottom of stack, then the payload chosen by an explicit label binding (decode-as on
// 'mpls.label'), else by its first nibble (RFC 4928, RFC 4385): 4 IPv4, 6 IPv6, 1 the PW Associated Channel
// Header, 0 an Ethernet pseudowire with or without control word, anything else data. L2TP crosses MPLS
// cores: a capture on a provider link shows the tunnel's UDP under one or more labels.

import { defineFields } from '../fields';
import { defineExperts } from '../expert';
import type { Builder, Parent } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need } from '../common';
import { bitPicture } from '../render';
import { ouiKnown } from '../names';
import { dissectData, runNamed } from './data';

/** Reserved label values (0–15) with a meaning (RFC 3032, RFC 7274, RFC 5586). */
const SPECIAL_LABELS: Readonly<Record<number, string>> = {
  0: 'IPv4 Explicit-Null', 1: 'Router Alert', 2: 'IPv6 Explicit-Null', 3: 'Implicit-Null', 14: 'OAM Alert',
  13: 'Generic Associated Channel Label (GAL)',
};
const MAX_RESERVED = 15;
const GAL = 13;

/** IANA PW Associated Channel Types (packet-mpls.c's mpls_pwac_types). */
const CHANNEL_TYPES: Readonly<Record<number, string>> = {
  0x0000: 'Reserved', 0x0001: 'Management Communication Channel (MCC)', 0x0002: 'Signaling Communication Channel (SCC)',
  0x0007: 'BFD Control, PW-ACH-encapsulated (BFD Without IP/UDP Headers)', 0x000a: 'MPLS Direct Loss Measurement (DLM)',
  0x000b: 'MPLS Inferred Loss Measurement (ILM)', 0x000c: 'MPLS Delay Measurement (DM)',
  0x000d: 'MPLS Direct Loss and Delay Measurement (DLM+DM)', 0x000e: 'MPLS Inferred Loss and Delay Measurement (ILM+DM)',
  0x0021: 'IPv4 packet', 0x0022: 'MPLS-TP CC message', 0x0023: 'MPLS-TP CV message',
  0x0024: 'Protection State Coordination Protocol (PSC)', 0x0025: 'On-Demand CV', 0x0026: 'LI', 0x0027: 'Pseudo-Wire OAM',
  0x0057: 'IPv6 packet', 0x0058: 'Fault OAM',
  0x7ff8: 'Reserved for Experimental Use', 0x7ff9: 'Reserved for Experimental Use', 0x7ffa: 'Reserved for Experimental Use',
  0x7ffb: 'Reserved for Experimental Use', 0x7ffc: 'Reserved for Experimental Use', 0x7ffd: 'Reserved for Experimental Use',
  0x7ffe: 'Reserved for Experimental Use', 0x7fff: 'Reserved for Experimental Use',
};

export const hf = defineFields({
  proto: { abbrev: 'mpls', name: 'MultiProtocol Label Switching Header', type: 'protocol', ref: 'RFC 3032 §2.1' },
  label: { abbrev: 'mpls.label', name: 'MPLS Label', type: 'uint32', base: 'dec_hex', mask: 0xfffff000, blurb: 'The 20-bit label: which forwarding equivalence class, pseudowire or service the packet belongs to (0–15 reserved)', ref: 'RFC 3032 §2.1' },
  exp: { abbrev: 'mpls.exp', name: 'MPLS Experimental Bits', type: 'uint32', base: 'dec', mask: 0x00000e00, blurb: 'Traffic Class (RFC 5462): the packet\'s class of service', ref: 'RFC 3032 §2.1; RFC 5462' },
  bottom: { abbrev: 'mpls.bottom', name: 'MPLS Bottom Of Label Stack', type: 'uint32', base: 'dec', mask: 0x00000100, blurb: '1 on the last label entry: the payload follows', ref: 'RFC 3032 §2.1' },
  ttl: { abbrev: 'mpls.ttl', name: 'MPLS TTL', type: 'uint32', base: 'dec', mask: 0x000000ff, ref: 'RFC 3032 §2.1' },
  pwach: { abbrev: 'pwach', name: 'PW Associated Channel Header', type: 'protocol', ref: 'RFC 4385 §5; RFC 5586' },
  pwach_ver: { abbrev: 'pwach.ver', name: 'Channel Version', type: 'uint8', base: 'dec', mask: 0x0f, blurb: 'PW Associated Channel Version', ref: 'RFC 4385 §5' },
  pwach_res: { abbrev: 'pwach.res', name: 'Reserved', type: 'uint8', base: 'hex', blurb: 'Must be 0' },
  pwach_channel_type: { abbrev: 'pwach.channel_type', name: 'Channel Type', type: 'uint16', base: 'hex', vals: CHANNEL_TYPES, blurb: 'PW Associated Channel Type: what the channel carries (IANA)' },
  pwethcw: { abbrev: 'pwethcw', name: 'PW Ethernet Control Word', type: 'protocol', ref: 'RFC 4448 §3; RFC 4385' },
  pweth: { abbrev: 'pweth', name: 'PW (ethernet)', type: 'bool', blurb: 'An Ethernet pseudowire without control word (hidden)' },
  pweth_cw: { abbrev: 'pweth.cw', name: 'PW Control Word (ethernet)', type: 'bool', blurb: 'An Ethernet pseudowire with control word (hidden)' },
  pweth_cw_sequence_number: { abbrev: 'pweth.cw.sequence_number', name: 'PW sequence number (ethernet)', type: 'uint16', base: 'dec', ref: 'RFC 4448 §3' },
});

export const ei = defineExperts({
  invalid_label: { abbrev: 'mpls.invalid_label', severity: 'warning', group: 'protocol', summary: 'Invalid Label', ref: 'RFC 5586 §4: the GAL must be at the bottom of the stack' },
  pwach_short: { abbrev: 'pwach.error_processing_message', severity: 'error', group: 'malformed', summary: 'Error processing Message', ref: 'RFC 4385 §5: the header is 4 bytes' },
  pwach_res: { abbrev: 'pwach.res.not_zero', severity: 'warning', group: 'protocol', summary: 'Error: this byte is reserved and must be 0' },
});

/** Adds the label stack entry at `off` as a layer of its own (tshark shows one per entry). */
function addLabelEntry(tvb: Tvb, off: number, t: Builder): { label: number; bos: boolean; node: Parent } {
  const w = tvb.u32(off);
  const label = w >>> 12;
  const exp = (w >>> 9) & 7;
  const bos = (w >>> 8) & 1;
  const ttl = w & 0xff;
  const special = label <= MAX_RESERVED ? ` (${SPECIAL_LABELS[label] ?? 'Reserved - Unknown'})` : '';
  const n = t.add(null, tvb, hf.proto, off, 4, undefined,
    t.labels(hf.proto) ? `MultiProtocol Label Switching Header, Label: ${label}${special}, Exp: ${exp}, S: ${bos}, TTL: ${ttl}` : undefined);
  // reserved labels are named, as tshark's second mpls.label declaration (with value names, in decimal) shows them
  t.add(n, tvb, hf.label, off, 4, label,
    t.tree && label <= MAX_RESERVED ? `${bitPicture(hf.label.mask ?? 0, 32, label)} = MPLS Label: ${SPECIAL_LABELS[label] ?? 'Unknown'} (${label})` : undefined);
  t.add(n, tvb, hf.exp, off, 4, exp);
  t.add(n, tvb, hf.bottom, off, 4, bos);
  t.add(n, tvb, hf.ttl, off, 4, ttl);
  return { label, bos: bos === 1, node: n };
}

/**
 * Returns the bytes the stack and an IP packet under it claim, so that the link layer shows what follows as
 * its padding or trailer (tshark shortens the MPLS payload to the IP packet's length alike).
 */
function dissectMpls(tvb: Tvb, pinfo: PacketInfo, t: Builder): number | void {
  pinfo.protocols.push('mpls');
  if (pinfo.columns) { pinfo.protocol = 'MPLS'; pinfo.info = 'MPLS Label Switched Packet'; }
  let off = 0;
  let label = -1;
  for (;;) {
    if (!tvb.has(off, 4)) {
      // a cut entry: its bytes stay in a node of the layer (tshark's exception shows none of them)
      const rest = tvb.remaining(off);
      const n = rest > 0 ? t.add(null, tvb, hf.proto, off, rest, undefined, t.labels(hf.proto) ? 'MultiProtocol Label Switching Header (cut)' : undefined) : null;
      need(t, n, tvb, off, 4, 'MPLS label stack entry');
      return;
    }
    const e = addLabelEntry(tvb, off, t);
    label = e.label;
    off += 4;
    // tshark's item spans the whole stack and payload; ours is on the misplaced label's entry
    if (label === GAL && !e.bos) t.problem(e.node, tvb, ei.invalid_label, off - 4, 4);
    if (label === GAL && e.bos) { dissectPwAch(tvb.sub(off), pinfo, t, 'Generic Associated Channel Header'); return; }
    // a stack that never reaches the bottom ends where the packet does: tshark then reads past it (malformed)
    if (e.bos || tvb.reportedLength - off <= 0) break;
  }
  if (!need(t, null, tvb, off, 1, 'MPLS payload')) return;
  const payload = tvb.sub(off);
  if (pinfo.registry.call('mpls.label', label, payload, pinfo, t) >= 0) return;
  switch (payload.u8(0) >> 4) {
    case 4: return off + runNamed('ip', payload, pinfo, t);
    case 6: return off + runNamed('ipv6', payload, pinfo, t);
    case 1: dissectPwAch(payload, pinfo, t, 'PW Associated Channel Header'); return;
    case 0: dissectPwEthHeuristic(payload, pinfo, t); return;
    default: dissectData(payload, pinfo, t);
  }
}

/** The associated channel header (RFC 4385 §5; under the GAL, RFC 5586's G-ACh), then its channel. */
function dissectPwAch(tvb: Tvb, pinfo: PacketInfo, t: Builder, name: string): void {
  pinfo.protocols.push('pwach');
  if (tvb.reportedLength < 4) {
    // tshark shows the expert item alone, labelled with its message; ours keeps the layer's field, so a hover
    // on these bytes still names the protocol
    const n = t.add(null, tvb, hf.pwach, 0, tvb.length, undefined, t.labels(hf.pwach) ? ei.pwach_short.summary : undefined);
    t.problem(n, tvb, ei.pwach_short, 0, tvb.length);
    return;
  }
  if (!need(t, null, tvb, 0, 4, name)) return;
  const top = t.add(null, tvb, hf.pwach, 0, 4, undefined, t.labels(hf.pwach) ? name : undefined);
  t.add(top, tvb, hf.pwach_ver, 0, 1, tvb.u8(0) & 0x0f);
  const res = tvb.u8(1);
  const rn = t.add(top, tvb, hf.pwach_res, 1, 1, res);
  if (res !== 0) t.problem(rn, tvb, ei.pwach_res, 1, 1);
  const type = tvb.u16(2);
  t.add(top, tvb, hf.pwach_channel_type, 2, 2, type);
  const payload = tvb.sub(4);
  if (pinfo.registry.call('pwach.channel_type', type, payload, pinfo, t) >= 0) return;
  // the two channel types of tshark's table this engine decodes (the others carry OAM protocols: data here)
  if (type === 0x0021) runNamed('ip', payload, pinfo, t);
  else if (type === 0x0057) runNamed('ipv6', payload, pinfo, t);
  else dissectData(payload, pinfo, t);
}

/**
 * Bottom of stack followed by a 0 nibble: an Ethernet pseudowire (RFC 4448), with a control word unless the
 * first 12 bytes read as two addresses whose OUIs the manuf file names (tshark 4.0's looks_like_plain_eth).
 */
function dissectPwEthHeuristic(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('pwethheuristic');
  const plain = tvb.reportedLength >= 14 && tvb.has(0, 12) && ouiKnown(tvb.u24(0)) && ouiKnown(tvb.u24(6));
  if (plain) dissectPwEthNoCw(tvb, pinfo, t);
  else dissectPwEthCw(tvb, pinfo, t);
}

function dissectPwEthNoCw(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('pwethnocw');
  if (!t.tree && t.wants(hf.pweth)) t.add(null, tvb, hf.pweth, 0, 0, true);
  runNamed('eth_withoutfcs', tvb, pinfo, t);
}

function dissectPwEthCw(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  // fewer than 4 bytes: the dissector declines and the caller shows data (call_dissector's fallback)
  if (tvb.reportedLength < 4) { dissectData(tvb, pinfo, t); return; }
  pinfo.protocols.push('pwethcw');
  if (!need(t, null, tvb, 0, 4, 'PW Ethernet Control Word')) return;
  if (!t.tree && t.wants(hf.pweth_cw)) t.add(null, tvb, hf.pweth_cw, 0, 0, true);
  const top = t.add(null, tvb, hf.pwethcw, 0, 4);
  const seq = tvb.u16(2);
  t.add(top, tvb, hf.pweth_cw_sequence_number, 2, 2, seq, t.tree ? `Sequence Number: ${seq}` : undefined);
  runNamed('eth_withoutfcs', tvb.sub(4), pinfo, t);
}

export const mpls: ProtocolModule = {
  name: 'mpls',
  register(reg: Registry): void {
    // the hand-offs of tshark 4.0's `tshark -G decodes` this engine has tables for
    const entry = { name: 'mpls', dissect: dissectMpls };
    reg.add('ethertype', 0x8847, entry);
    reg.add('ethertype', 0x8848, entry);
    reg.add('ppp.protocol', 0x0281, entry);
    reg.add('ppp.protocol', 0x0283, entry);
    reg.add('ip.proto', 137, entry);
    reg.add('udp.port', 6635, entry);
    reg.register({ name: 'pwach', dissect: (tvb, pinfo, t) => dissectPwAch(tvb, pinfo, t, 'PW Associated Channel Header') });
    reg.register({ name: 'pw_eth_heuristic', dissect: dissectPwEthHeuristic });
    reg.register({ name: 'pw_eth_cw', dissect: dissectPwEthCw });
    reg.register({ name: 'pw_eth_nocw', dissect: dissectPwEthNoCw });
  },
};
