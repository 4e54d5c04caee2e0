// Frame Relay as tshark 4.0 decodes the payload of an L2TPv3 Frame Relay DLCI pseudowire (pseudowire type 1,
// RFC 4591): Wireshark's packet-fr.c with its default "FRF 3.2/Cisco HDLC" encapsulation. A 2-octet Q.922
// address, then either the UI control octet and an NLPID (RFC 2427: IP, IPv6, SNAP) or a Cisco-HDLC
// EtherType. Only the 2-octet address is decoded (the form RFC 4591 pseudowires carry); longer ones are data.

import { defineFields } from '../fields';
import type { Builder, Parent } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import { HEX } from '../tvb';
import type { Tvb } from '../tvb';
import { need } from '../common';
import { dissectData } from './data';
import { ETYPE_VALS } from './eth';

/** RFC 2427 NLPIDs (the ones packet-fr.c names). */
const NLPID_VALS: Readonly<Record<number, string>> = {
  0x00: 'NULL', 0x08: 'Q.933', 0x80: 'SNAP', 0x81: 'OSI CLNP', 0x82: 'OSI ESIS', 0x83: 'OSI ISIS', 0x8e: 'IPv6',
  0xb0: 'Data compression protocol', 0xcc: 'IP', 0xcf: 'PPP',
};

export const hf = defineFields({
  proto: { abbrev: 'fr', name: 'Frame Relay', type: 'protocol', fieldsRepr: 'label', ref: 'ITU-T Q.922; RFC 4591' },
  first_addr: { abbrev: 'fr.first_addr_octet', name: 'First address octet', type: 'uint8', base: 'hex' },
  upper_dlci: { abbrev: 'fr.upper_dlci', name: 'Upper DLCI', type: 'uint8', base: 'hex', bits: 8, mask: 0xfc },
  cr: { abbrev: 'fr.cr', name: 'CR', type: 'bool', bits: 8, mask: 0x02, tfs: ['Command', 'Response'], blurb: 'Command/Response' },
  ea: { abbrev: 'fr.ea', name: 'EA', type: 'bool', bits: 8, mask: 0x01, tfs: ['Last Octet', 'More Follows'], blurb: 'Extended Address' },
  second_addr: { abbrev: 'fr.second_addr_octet', name: 'Second address octet', type: 'uint8', base: 'hex' },
  second_dlci: { abbrev: 'fr.second_dlci', name: 'Second DLCI', type: 'uint8', base: 'hex', bits: 8, mask: 0xf0 },
  fecn: { abbrev: 'fr.fecn', name: 'FECN', type: 'bool', bits: 8, mask: 0x08 },
  becn: { abbrev: 'fr.becn', name: 'BECN', type: 'bool', bits: 8, mask: 0x04 },
  de: { abbrev: 'fr.de', name: 'DE', type: 'bool', bits: 8, mask: 0x02 },
  dlci: { abbrev: 'fr.dlci', name: 'DLCI', type: 'uint32', base: 'dec', blurb: 'Data-link connection identifier (10 bits in a 2-octet address)' },
  control: { abbrev: 'fr.control', name: 'Control Field', type: 'uint8', base: 'hex' },
  u_modifier_cmd: { abbrev: 'fr.control.u_modifier_cmd', name: 'Command', type: 'uint8', base: 'hex', mask: 0xec, vals: { 0x00: 'Unnumbered Information' } },
  ftype: { abbrev: 'fr.control.ftype', name: 'Frame type', type: 'uint8', base: 'hex', blurb: 'The control field\'s low bits: information, supervisory or unnumbered frame' },
  nlpid: { abbrev: 'fr.nlpid', name: 'NLPID', type: 'uint8', base: 'hex', vals: NLPID_VALS, ref: 'RFC 2427 §3' },
  snap_oui: { abbrev: 'fr.snap.oui', name: 'Organization Code', type: 'uint24', base: 'hex' },
  snap_pid: { abbrev: 'fr.snap.pid', name: 'Protocol ID', type: 'uint16', base: 'hex' },
  snaptype: { abbrev: 'fr.snaptype', name: 'Type', type: 'uint16', base: 'hex', vals: ETYPE_VALS },
  chdlctype: { abbrev: 'fr.chdlctype', name: 'Type', type: 'uint16', base: 'hex', vals: ETYPE_VALS, blurb: 'Cisco-HDLC EtherType (no UI control octet)' },
});

const FIRST_FLAGS: readonly [number, string][] = [[0x02, 'CR'], [0x01, 'EA']];
const SECOND_FLAGS: readonly [number, string][] = [[0x08, 'FECN'], [0x04, 'BECN'], [0x02, 'DE'], [0x01, 'EA']];

/** ", DE, EA": the flags set in an address octet, appended to its label as Wireshark's bitmask items do. */
function setFlags(octet: number, flags: readonly [number, string][]): string {
  let s = '';
  for (const [bit, name] of flags) if ((octet & bit) !== 0) s += `, ${name}`;
  return s;
}

/** Hands `payload` to the EtherType table (Cisco HDLC and SNAP with OUI 0 use EtherTypes); data otherwise. */
function byEthertype(etype: number, payload: Tvb, pinfo: PacketInfo, t: Builder): void {
  if (pinfo.registry.call('ethertype', etype, payload, pinfo, t) < 0) dissectData(payload, pinfo, t);
}

function byName(name: string, payload: Tvb, pinfo: PacketInfo, t: Builder): void {
  const e = pinfo.registry.byNameOf(name);
  if (e) pinfo.registry.run(e, payload, pinfo, t);
  else dissectData(payload, pinfo, t);
}

/**
 * The NLPID after the UI control octet at `off` (a 0x00 pad octet may precede it, RFC 2427 §3); the FR
 * node ends where the payload starts, so the layers tile the bytes.
 */
function nlpid(tvb: Tvb, pinfo: PacketInfo, t: Builder, top: Parent, off: number): void {
  if (tvb.has(off, 1) && tvb.u8(off) === 0x00) off++;
  if (!need(t, top, tvb, off, 1, 'NLPID')) return;
  const id = tvb.u8(off);
  t.add(top, tvb, hf.nlpid, off, 1, id);
  off++;
  t.setLength(top, off);
  if (id === 0x80) {
    if (!need(t, top, tvb, off, 5, 'SNAP header')) return;
    const oui = tvb.u24(off);
    const pid = tvb.u16(off + 3);
    t.add(top, tvb, hf.snap_oui, off, 3, oui);
    t.setLength(top, off + 5);
    if (oui === 0) {
      t.add(top, tvb, hf.snaptype, off + 3, 2, pid);
      byEthertype(pid, tvb.sub(off + 5), pinfo, t);
    } else {
      t.add(top, tvb, hf.snap_pid, off + 3, 2, pid);
      dissectData(tvb.sub(off + 5), pinfo, t);
    }
    return;
  }
  const next = id === 0xcc ? 'ip' : id === 0x8e ? 'ipv6' : undefined;
  if (next) byName(next, tvb.sub(off), pinfo, t);
  else dissectData(tvb.sub(off), pinfo, t);
}

function dissectFr(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('fr');
  if (pinfo.columns) { pinfo.protocol = 'FR'; pinfo.info = ''; }
  // The label is the protocol's name, given explicitly: `fields` prints this layer by its label, as tshark does.
  const top = t.add(null, tvb, hf.proto, 0, Math.min(tvb.length, 4), undefined, t.labels(hf.proto) ? hf.proto.name : undefined);
  if (!need(t, top, tvb, 0, 2, 'Q.922 address')) return;
  const a0 = tvb.u8(0);
  const a1 = tvb.u8(1);
  const o1 = t.add(top, tvb, hf.first_addr, 0, 1, a0, t.tree ? `First address octet: 0x${HEX[a0]}${setFlags(a0, FIRST_FLAGS)}` : undefined);
  t.add(o1, tvb, hf.upper_dlci, 0, 1, a0 >> 2);
  t.add(o1, tvb, hf.cr, 0, 1, (a0 & 0x02) !== 0);
  t.add(o1, tvb, hf.ea, 0, 1, (a0 & 0x01) !== 0);
  const o2 = t.add(top, tvb, hf.second_addr, 1, 1, a1, t.tree ? `Second address octet: 0x${HEX[a1]}${setFlags(a1, SECOND_FLAGS)}` : undefined);
  t.add(o2, tvb, hf.second_dlci, 1, 1, a1 >> 4);
  t.add(o2, tvb, hf.fecn, 1, 1, (a1 & 0x08) !== 0);
  t.add(o2, tvb, hf.becn, 1, 1, (a1 & 0x04) !== 0);
  t.add(o2, tvb, hf.de, 1, 1, (a1 & 0x02) !== 0);
  t.add(o2, tvb, hf.ea, 1, 1, (a1 & 0x01) !== 0);
  if ((a0 & 0x01) !== 0 || (a1 & 0x01) === 0) {
    // A 1-octet or a 3/4-octet address: not a form an L2TPv3 pseudowire carries; the rest is data.
    t.setLength(top, 2);
    dissectData(tvb.sub(2), pinfo, t);
    return;
  }
  const dlci = ((a0 & 0xfc) << 2) | (a1 >> 4);
  t.add(top, tvb, hf.dlci, 0, 2, dlci);
  if (!need(t, top, tvb, 2, 1, 'control or type')) return;
  if (tvb.u8(2) === 0x03) {
    const c = t.add(top, tvb, hf.control, 2, 1, 0x03, t.tree ? 'Control field: U, func=UI (0x03)' : undefined);
    t.add(c, tvb, hf.u_modifier_cmd, 2, 1, 0x00);
    t.add(c, tvb, hf.ftype, 2, 1, 0x03, t.tree ? '.... ..11 = Frame type: Unnumbered frame (0x3)' : undefined);
    nlpid(tvb, pinfo, t, top, 3);
    return;
  }
  if (!need(t, top, tvb, 2, 2, 'Cisco HDLC type')) return;
  const etype = tvb.u16(2);
  t.add(top, tvb, hf.chdlctype, 2, 2, etype);
  t.setLength(top, 4);
  byEthertype(etype, tvb.sub(4), pinfo, t);
}

export const fr: ProtocolModule = {
  name: 'fr',
  register(reg: Registry): void {
    // tshark 4.0 registers "fr" on the L2TPv3 pseudowire-type table for type 1 (Frame Relay DLCI), and for
    // LINKTYPE_FRELAY (107)
    const entry = { name: 'fr', dissect: dissectFr };
    reg.add('l2tp.pw_type', 1, entry);
    reg.add('wtap_encap', 107, entry);
  },
};
