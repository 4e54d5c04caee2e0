// Cisco HDLC as tshark 4.0 decodes the payload of an L2TPv3 HDLC pseudowire (pseudowire type 6, RFC 4349):
// Wireshark's packet-chdlc.c. An address octet (0x0f unicast, 0x8f broadcast), a control octet (0x00), a
// 2-octet protocol that is an EtherType, then the payload; and SLARP (packet-slarp.c), Cisco's keepalive and
// address-request protocol carried on protocol 0x8035. The HDLC FCS is absent (tshark's default: no FCS).

import { defineFields } from '../fields';
import type { Builder } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need } from '../common';
import { dissectData } from './data';
import { hex4 } from './eth';

const SLARP_TYPE = 0x8035;
const ETHERTYPE_BRIDGED = 0x6558;

/** packet-chdlc.c's chdlc_vals: the protocol names tshark shows (it says Unknown for other EtherTypes). */
const CHDLC_VALS: Readonly<Record<number, string>> = {
  0x2000: 'Cisco Discovery Protocol', 0x0800: 'IP', [SLARP_TYPE]: 'SLARP', 0x6003: 'DEC DNA', 0x8038: 'DEC LanBridge',
  0x4242: 'Spanning Tree BPDU', 0x809b: 'Appletalk', 0x80f3: 'AARP', 0x8137: 'Novell IPX', 0x86dd: 'IPv6',
  0x0808: 'Frame Relay ARP', 0xfefe: 'OSI', 0x8847: 'MPLS unicast', 0x8848: 'MPLS multicast',
};

/**
 * The EtherTypes on tshark 4.0's `chdlc.protocol` table (`tshark -G decodes`) that this engine's 'ethertype'
 * table may hold. tshark looks the protocol up in its own table, not the EtherType one, so an EtherType it
 * lacks there (ARP 0x0806, 802.1Q, PPPoE) stays data even though Ethernet would decode it.
 */
const ON_CHDLC_TABLE = new Set([0x0800, 0x86dd, 0x8847, 0x8848, 0x0600, 0x809b, 0x80f3, 0x8137, 0x6003, 0x8038]);

const SLARP_VALS: Readonly<Record<number, string>> = { 0: 'Request', 1: 'Reply', 2: 'Line keepalive' };

export const hf = defineFields({
  proto: { abbrev: 'chdlc', name: 'Cisco HDLC', type: 'protocol', ref: 'RFC 1547 §4.3.1; RFC 4349' },
  address: { abbrev: 'chdlc.address', name: 'Address', type: 'uint8', base: 'hex', vals: { 0x0f: 'Unicast', 0x8f: 'Multicast' }, blurb: '0x0f unicast, 0x8f broadcast' },
  control: { abbrev: 'chdlc.control', name: 'Control', type: 'uint8', base: 'hex', blurb: 'Always 0x00' },
  protocol: { abbrev: 'chdlc.protocol', name: 'Protocol', type: 'uint16', base: 'hex', vals: CHDLC_VALS, blurb: 'An EtherType: the protocol carried in the payload' },
  slarp: { abbrev: 'slarp', name: 'Cisco SLARP', type: 'protocol', blurb: 'Serial Line Address Resolution Protocol (Cisco keepalives)' },
  slarp_ptype: { abbrev: 'slarp.ptype', name: 'Packet type', type: 'uint32', base: 'dec', vals: SLARP_VALS },
  slarp_address: { abbrev: 'slarp.address', name: 'Address', type: 'ipv4' },
  slarp_netmask: { abbrev: 'slarp.netmask', name: 'Netmask', type: 'ipv4' },
  slarp_mysequence: { abbrev: 'slarp.mysequence', name: 'Outgoing sequence number', type: 'uint32', base: 'dec' },
  slarp_yoursequence: { abbrev: 'slarp.yoursequence', name: 'Returned sequence number', type: 'uint32', base: 'dec' },
  slarp_reliability: { abbrev: 'slarp.reliability', name: 'Reliability', type: 'uint16', base: 'hex', blurb: '0xffff on a working line' },
});

function dissectChdlc(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('chdlc');
  if (pinfo.columns) { pinfo.protocol = 'CHDLC'; pinfo.info = ''; }
  const top = t.add(null, tvb, hf.proto, 0, Math.min(tvb.length, 4));
  // tshark reads the protocol before adding any item: a frame shorter than the header shows nothing of it
  if (!need(t, top, tvb, 0, 4, 'Cisco HDLC header')) return;
  t.add(top, tvb, hf.address, 0, 1, tvb.u8(0));
  t.add(top, tvb, hf.control, 1, 1, tvb.u8(1));
  const proto = tvb.u16(2);
  // tshark names an EtherType missing from chdlc_vals "Unknown (0x….)"
  t.add(top, tvb, hf.protocol, 2, 2, proto, t.tree && CHDLC_VALS[proto] === undefined ? `Protocol: Unknown (${hex4(proto)})` : undefined);
  const payload = tvb.sub(4);
  if (proto === SLARP_TYPE) { dissectSlarp(payload, pinfo, t); return; }
  if (ON_CHDLC_TABLE.has(proto) && pinfo.registry.call('ethertype', proto, payload, pinfo, t) >= 0) return;
  if (proto === ETHERTYPE_BRIDGED) {
    // Transparent Ethernet bridging: tshark's chdlc.protocol table has Ethernet without FCS on 0x6558
    const e = pinfo.registry.byNameOf('eth_withoutfcs');
    if (e) { pinfo.registry.run(e, payload, pinfo, t); return; }
  }
  if (pinfo.columns) pinfo.protocol = hex4(proto);
  dissectData(payload, pinfo, t);
}

function dissectSlarp(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('slarp');
  if (pinfo.columns) { pinfo.protocol = 'SLARP'; pinfo.info = ''; }
  const top = t.add(null, tvb, hf.slarp, 0, Math.min(tvb.length, 14));
  if (!need(t, top, tvb, 0, 4, 'SLARP packet type')) return;
  const code = tvb.u32(0);
  if (code === 0 || code === 1) {
    if (!need(t, top, tvb, 4, 8, 'SLARP address and netmask')) return;
    t.add(top, tvb, hf.slarp_ptype, 0, 4, code);
    t.add(top, tvb, hf.slarp_address, 4, 4, tvb.ipv4(4));
    t.add(top, tvb, hf.slarp_netmask, 8, 4, tvb.ipv4(8));
    if (pinfo.columns) pinfo.info = `${SLARP_VALS[code]}, from ${tvb.ipv4(4)}, mask ${tvb.ipv4(8)}`;
  } else if (code === 2) {
    if (!need(t, top, tvb, 4, 10, 'SLARP line keepalive')) return;
    const mine = tvb.u32(4);
    const yours = tvb.u32(8);
    t.add(top, tvb, hf.slarp_ptype, 0, 4, code);
    t.add(top, tvb, hf.slarp_mysequence, 4, 4, mine);
    t.add(top, tvb, hf.slarp_yoursequence, 8, 4, yours);
    t.add(top, tvb, hf.slarp_reliability, 12, 2, tvb.u16(12));
    if (pinfo.columns) pinfo.info = `Line keepalive, outgoing sequence ${mine}, returned sequence ${yours}`;
  } else {
    t.add(top, tvb, hf.slarp_ptype, 0, 4, code);
    t.setLength(top, 4);
    if (pinfo.columns) pinfo.info = `Unknown packet type 0x${code.toString(16).toUpperCase().padStart(8, '0')}`;
    dissectData(tvb.sub(4), pinfo, t);
    return;
  }
  // bytes after the 14-byte SLARP packet: tshark leaves them undissected; here they are data, so layers tile
  if (tvb.length > 14) dissectData(tvb.sub(14), pinfo, t);
}

export const chdlc: ProtocolModule = {
  name: 'chdlc',
  register(reg: Registry): void {
    // tshark 4.0 registers "chdlc" on the L2TPv3 pseudowire-type table for type 6 (HDLC, RFC 4349), and for
    // LINKTYPE_C_HDLC (104: captures of a router's serial link)
    const entry = { name: 'chdlc', dissect: dissectChdlc };
    reg.add('l2tp.pw_type', 6, entry);
    reg.add('wtap_encap', 104, entry);
    reg.register({ name: 'slarp', dissect: dissectSlarp });
  },
};
