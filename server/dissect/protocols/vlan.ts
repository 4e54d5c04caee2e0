// IEEE 802.1Q VLAN tags (0x8100, and the pre-standard QinQ 0x9100) and IEEE 802.1ad service tags (0x88a8),
// as Wireshark's packet-vlan.c / packet-ieee8021ah.c: PCP, DEI, VID, then the inner EtherType through the
// 'ethertype' table again, so tags nest to any depth.

import { defineFields } from '../fields';
import type { Builder } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need } from '../common';
import { dissectData } from './data';
import { ETYPE_VALS, addEthernetTrailer, etypeText, ethertypeHandoff } from './eth';

/** 802.1Q-2005 priority names (Wireshark's default "8P0D" table). */
const PRIORITY_VALS: Readonly<Record<number, string>> = {
  0: 'Best Effort (default)',
  1: 'Background',
  2: 'Excellent Effort',
  3: 'Critical Applications',
  4: 'Video, < 100ms latency and jitter',
  5: 'Voice, < 10ms latency and jitter',
  6: 'Internetwork Control',
  7: 'Network Control',
};

export const hf = defineFields({
  proto: { abbrev: 'vlan', name: '802.1Q Virtual LAN', type: 'protocol', fieldsRepr: 'label', ref: 'IEEE 802.1Q §9.6' },
  priority: { abbrev: 'vlan.priority', name: 'Priority', type: 'uint16', base: 'dec', mask: 0xe000, vals: PRIORITY_VALS, blurb: 'Priority Code Point (PCP): the frame\'s class of service', ref: 'IEEE 802.1Q §9.6' },
  dei: { abbrev: 'vlan.dei', name: 'DEI', type: 'bool', bits: 16, mask: 0x1000, tfs: ['Eligible', 'Ineligible'], blurb: 'Drop Eligible Indicator', ref: 'IEEE 802.1Q §9.6' },
  id: { abbrev: 'vlan.id', name: 'ID', type: 'uint16', base: 'dec', mask: 0x0fff, blurb: 'VLAN Identifier (VID)', ref: 'IEEE 802.1Q §9.6' },
  etype: { abbrev: 'vlan.etype', name: 'Type', type: 'uint16', base: 'hex', vals: ETYPE_VALS, blurb: 'Ethertype of the tagged payload' },
  len: { abbrev: 'vlan.len', name: 'Length', type: 'uint16', base: 'dec', blurb: 'IEEE 802.3 length of the LLC payload' },
  trailer: { abbrev: 'vlan.trailer', name: 'Trailer', type: 'bytes', blurb: 'VLAN Trailer: bytes after the payload that no layer claims' },
  ad: { abbrev: 'ieee8021ad', name: 'IEEE 802.1ad', type: 'protocol', fieldsRepr: 'label', ref: 'IEEE 802.1ad' },
  ad_priority: { abbrev: 'ieee8021ad.priority', name: 'Priority', type: 'uint16', base: 'dec', mask: 0xe000, blurb: 'Service tag Priority Code Point' },
  ad_dei: { abbrev: 'ieee8021ad.dei', name: 'DEI', type: 'uint16', base: 'dec', mask: 0x1000, blurb: 'Drop Eligibility' },
  ad_id: { abbrev: 'ieee8021ad.id', name: 'ID', type: 'uint16', base: 'dec', mask: 0x0fff, blurb: 'Service VLAN ID (S-VID)', ref: 'IEEE 802.1ad' },
  ah_etype: { abbrev: 'ieee8021ah.etype', name: 'Type', type: 'uint16', base: 'hex', vals: ETYPE_VALS },
  ah_trailer: { abbrev: 'ieee8021ah.trailer', name: 'Trailer', type: 'bytes', blurb: '802.1ah Trailer' },
});

function dissectVlan(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('vlan');
  const top = t.add(null, tvb, hf.proto, 0, Math.min(4, tvb.length));
  if (!need(t, top, tvb, 0, 4, '802.1Q tag')) return;
  const tci = tvb.u16(0);
  const pri = tci >> 13;
  const dei = (tci >> 12) & 1;
  const id = tci & 0x0fff;
  if (t.labels(hf.proto)) t.setText(top, `802.1Q Virtual LAN, PRI: ${pri}, DEI: ${dei}, ID: ${id}`);
  t.add(top, tvb, hf.priority, 0, 2, pri);
  t.add(top, tvb, hf.dei, 0, 2, dei === 1);
  t.add(top, tvb, hf.id, 0, 2, id);
  if (pinfo.columns) { pinfo.protocol = 'VLAN'; pinfo.info = `PRI: ${pri}  DEI: ${dei}  ID: ${id}`; }
  const type = tvb.u16(2);
  if (type <= 1500) {
    // 802.3 length inside the tag: LLC shown as data, the rest is the VLAN trailer.
    t.add(top, tvb, hf.len, 2, 2, type);
    const avail = tvb.reportedLength - 4;
    const len = Math.min(type, avail);
    dissectData(tvb.sub(4, len), pinfo, t);
    if (len < avail) addEthernetTrailer(tvb, 4 + len, pinfo, t, hf.trailer, 0);
    return;
  }
  t.add(top, tvb, hf.etype, 2, 2, type, t.tree ? `Type: ${etypeText(type)}` : undefined);
  ethertypeHandoff(tvb, 4, type, pinfo, t, hf.trailer, 0);
}

function dissect8021ad(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('ieee8021ad');
  const top = t.add(null, tvb, hf.ad, 0, Math.min(4, tvb.length));
  if (!need(t, top, tvb, 0, 4, '802.1ad tag')) return;
  const tci = tvb.u16(0);
  const id = tci & 0x0fff;
  if (t.labels(hf.ad)) t.setText(top, `IEEE 802.1ad, ID: ${id}`);
  t.add(top, tvb, hf.ad_priority, 0, 2, tci >> 13);
  t.add(top, tvb, hf.ad_dei, 0, 2, (tci >> 12) & 1);
  t.add(top, tvb, hf.ad_id, 0, 2, id);
  if (pinfo.columns) { pinfo.protocol = 'IEEE 802.1ad'; pinfo.info = `PRI: ${tci >> 13}  DROP: ${(tci >> 12) & 1}  ID: ${id}`; }
  const type = tvb.u16(2);
  t.add(top, tvb, hf.ah_etype, 2, 2, type, t.tree ? `Type: ${etypeText(type)}` : undefined);
  ethertypeHandoff(tvb, 4, type, pinfo, t, hf.ah_trailer, 0);
}

export const vlan: ProtocolModule = {
  name: 'vlan',
  register(reg: Registry): void {
    const q = { name: 'vlan', dissect: dissectVlan };
    reg.add('ethertype', 0x8100, q);
    reg.add('ethertype', 0x9100, q);
    reg.add('ethertype', 0x88a8, { name: 'ieee8021ad', dissect: dissect8021ad });
  },
};
