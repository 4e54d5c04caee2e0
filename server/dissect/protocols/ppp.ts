// Point-to-Point Protocol framing (RFC 1661 §2, RFC 1662 §3): the optional Address/Control octets (0xff 0x03,
// absent under ACFC), the Protocol field (one octet under PFC: a first octet that is odd ends it), then the
// hand-off by protocol number (table 'ppp.protocol'). One dissector, 'ppp', serves L2TPv2 data messages,
// PPPoE sessions and hex dumps; link types 9 (PPP in HDLC-like framing) and 204 (PPP_WITH_DIR, whose direction
// octet the readers take as a pseudo-header: FrameMeta.direction) reach it through 'wtap_encap'.

import type { Builder } from '../builder';
import { beyondPacket, need } from '../common';
import { defineExperts } from '../expert';
import { defineFields } from '../fields';
import type { FieldDef } from '../fields';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { dissectData } from './data';
import { hex, PPP_PROTOCOLS } from './pppCp';

export const hf = defineFields({
  ppp: { abbrev: 'ppp', name: 'Point-to-Point Protocol', type: 'protocol', ref: 'RFC 1661' },
  direction: { abbrev: 'ppp.direction', name: 'Direction', type: 'uint8', base: 'dec', vals: { 0: 'DTE->DCE', 1: 'DCE->DTE' }, blurb: 'From the frame\'s direction pseudo-header (link type 204): sent by the capturing host is DTE->DCE' },
  address: { abbrev: 'ppp.address', name: 'Address', type: 'uint8', base: 'hex', ref: 'RFC 1662 §3.1', blurb: 'HDLC All-Stations address 0xff; absent when Address-and-Control-Field-Compression was negotiated.' },
  control: { abbrev: 'ppp.control', name: 'Control', type: 'uint8', base: 'hex', ref: 'RFC 1662 §3.1', blurb: 'HDLC Unnumbered Information 0x03.' },
  protocol: { abbrev: 'ppp.protocol', name: 'Protocol', type: 'uint16', base: 'hex', vals: PPP_PROTOCOLS, ref: 'RFC 1661 §2', blurb: 'What the Information field carries (0x0021 IPv4, 0x0057 IPv6, 0xc021 LCP, 0x8021 IPCP …); one octet when Protocol-Field-Compression is in use.' },
  comp_data: { abbrev: 'comp_data', name: 'PPP Compressed Datagram', type: 'protocol', ref: 'RFC 1962 §2', blurb: 'A datagram compressed with the algorithm CCP negotiated.' },
});

export const ei = defineExperts({
  trailing: { abbrev: 'ppp.trailing_bytes', severity: 'note', group: 'protocol', summary: 'The PPP frame holds bytes beyond the packet it carries' },
  chdlc: { abbrev: 'ppp.chdlc', severity: 'note', group: 'undecoded', summary: 'Cisco HDLC framing (address 0x0f/0x8f) and no Cisco HDLC dissector: shown as data' },
});

/**
 * Protocols decoded by other modules when nothing registered the number in 'ppp.protocol'. They are looked up
 * by name when a frame needs them, not registered as table entries: a table entry must carry a name, and
 * Registry.add() would then re-declare 'ip' under our entry (and a forwarder to byNameOf('ip') named 'ip'
 * would call itself). A module that registers 0x0021 in 'ppp.protocol', and decode-as rules, still win.
 */
const DEFAULT_HANDOFF: Readonly<Record<number, string>> = { 0x0021: 'ip', 0x0057: 'ipv6' };

/**
 * PPP from the first octet of `tvb`: Address/Control when the first octet is 0xff (as tshark's ppp_hdlc,
 * which L2TP uses), the Protocol field, the payload. In a frame with a direction (link type 204's pseudo-header,
 * FrameMeta.direction) every such layer, tunnelled ones too, shows it as a generated item, as tshark's ppp_hdlc does.
 * `hdlc` false is tshark's plain "ppp" (what PPPoE calls, RFC 2516 §7: no Address/Control): the first octet
 * is always the Protocol field, so ff 03 reads as protocol 0x00ff (one octet, PFC) and 0x0f is no Cisco HDLC.
 */
function dissectPpp(tvb: Tvb, pinfo: PacketInfo, t: Builder, hdlc = true): void {
  pinfo.protocols.push('ppp');
  // `rec`: this sink records some ppp.* field; otherwise the plain items are skipped (Builder.wantsAny).
  const rec = t.wantsAny(hf.ppp);
  if (hdlc && tvb.has(0, 1) && (tvb.u8(0) === 0x0f || tvb.u8(0) === 0x8f)) {
    viaChdlc(tvb, pinfo, t);
    return;
  }
  const top = rec ? t.add(null, tvb, hf.ppp, 0, Math.min(tvb.length, 4)) : null;
  let off = 0;
  if (!need(t, top, tvb, off, 1, 'PPP header')) {
    t.setLength(top, Math.min(off, tvb.length));
    return;
  }
  const first = tvb.u8(off);
  if (pinfo.columns) pinfo.protocol = 'PPP';
  if (first === 0xff && hdlc) {
    const framing = rec && t.wantsSome(FRAMING_ITEMS);
    if (framing) t.add(top, tvb, hf.address, off, 1, first);
    if (!need(t, top, tvb, off + 1, 1, 'Control field')) return;
    if (framing) t.add(top, tvb, hf.control, off + 1, 1, tvb.u8(off + 1));
    off += 2;
  }
  // sent by the capturing host (p2p_dir 0) is DTE->DCE (0), received (1) DCE->DTE (1)
  const dir = pinfo.frame.direction;
  if (hdlc && rec && dir !== undefined && dir >= 0) t.generated(top, hf.direction, dir);
  // Protocol: one octet when it is odd (PFC), else two
  if (!need(t, top, tvb, off, 1, 'Protocol field')) {
    t.setLength(top, off);
    return;
  }
  let proto = tvb.u8(off);
  let plen = 1;
  if ((proto & 1) === 0) {
    if (!need(t, top, tvb, off, 2, 'Protocol field')) {
      t.setLength(top, Math.min(off + 2, tvb.length));
      return;
    }
    proto = tvb.u16(off);
    plen = 2;
  }
  t.setLength(top, off + plen);
  if (pinfo.pppProtocol < 0) pinfo.pppProtocol = proto;
  if (rec) t.add(top, tvb, hf.protocol, off, plen, proto, t.tree && PPP_PROTOCOLS[proto] === undefined ? `Protocol: Unknown (${hex(proto, 4)})` : undefined);
  const payload = tvb.sub(off + plen);
  // PPP inside an L2TP tunnel, in an index pass no tree will follow: the summary has its facts and this
  // protocol number (Builder.wantsPayloadOf). PPP outside a tunnel (PPPoE, PPP links) may still carry one.
  if (pinfo.l2tp !== undefined && !t.wantsPayloadOf('ppp')) return;
  const claimed = handOff(proto, payload, pinfo, t);
  if (claimed >= 0) {
    beyondPacket(t, payload, claimed, 'PPP frame', ei.trailing);
    return;
  }
  if (pinfo.columns) {
    pinfo.protocol = hex(proto, 4);
    pinfo.info = `PPP ${PPP_PROTOCOLS[proto] ?? 'Unknown'} (${hex(proto, 4)})`;
  }
  dissectData(payload, pinfo, t);
}

/**
 * Cisco HDLC framing (address 0x0f unicast / 0x8f broadcast) where PPP was expected: tshark's ppp_hdlc (link
 * types 9 and 204, L2TPv2 data messages) hands the frame to chdlc and adds no PPP item of its own.
 */
function viaChdlc(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  const chdlc = pinfo.registry.byNameOf('chdlc');
  if (chdlc) {
    pinfo.registry.run(chdlc, tvb, pinfo, t);
    return;
  }
  // an engine built without the chdlc module
  t.problem(null, tvb, ei.chdlc, 0, tvb.length);
  dissectData(tvb, pinfo, t);
}

/** Address and Control (a fields sink asking for ppp.protocol only skips them). */
const FRAMING_ITEMS: readonly FieldDef[] = [hf.address, hf.control];

/** Runs the dissector for `proto`; returns the bytes it claims, or -1 when there is none. */
function handOff(proto: number, payload: Tvb, pinfo: PacketInfo, t: Builder): number {
  const reg = pinfo.registry;
  const n = reg.call('ppp.protocol', proto, payload, pinfo, t);
  if (n >= 0) return n;
  const name = DEFAULT_HANDOFF[proto];
  const entry = name !== undefined ? reg.byNameOf(name) : undefined;
  if (!entry) return -1;
  return reg.run(entry, payload, pinfo, t);
}

/** 0x00fd: a datagram compressed by the CCP-negotiated algorithm (not decompressed). */
function dissectCompData(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('comp_data');
  if (pinfo.columns) {
    pinfo.protocol = 'PPP Comp';
    pinfo.info = 'Compressed data';
  }
  t.add(null, tvb, hf.comp_data, 0, tvb.length);
}

export const ppp: ProtocolModule = {
  name: 'ppp',
  register(reg: Registry): void {
    const entry = reg.register({ name: 'ppp', dissect: (tvb, pinfo, t) => dissectPpp(tvb, pinfo, t) });
    // tshark's plain "ppp" (its 'ppp' handle; ours above is its 'ppp_hdlc'), for PPPoE sessions
    reg.register({ name: 'ppp_plain', dissect: (tvb, pinfo, t) => dissectPpp(tvb, pinfo, t, false) });
    reg.add('wtap_encap', 9, entry);
    // LINKTYPE_PPP_HDLC (50): PPP in HDLC-like framing (RFC 1662), the same dissector (address and control first)
    reg.add('wtap_encap', 50, entry);
    // the same dissector: the reader took the direction octet off the frame (FrameMeta.direction)
    reg.add('wtap_encap', 204, { name: 'ppp_with_dir', dissect: (tvb, pinfo, t) => dissectPpp(tvb, pinfo, t) });
    reg.add('ppp.protocol', 0x00fd, { name: 'comp_data', dissect: dissectCompData });
  },
};
