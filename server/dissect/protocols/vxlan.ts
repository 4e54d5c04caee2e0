// VXLAN (RFC 7348, with the Group Based Policy extension) on UDP port 4789, as tshark 4.0 decodes it
// (Wireshark's packet-vxlan.c): flags, Group Policy ID, the 24-bit VNI, then the tenant's Ethernet frame.
// Data-centre captures of an LNS or a LAC carry their L2TP this way.

import { defineFields } from '../fields';
import type { Builder } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need } from '../common';
import { runNamed } from './data';

const G = 0x8000, I = 0x0800, D = 0x0040, A = 0x0008, RESERVED = 0x77b7;

export const hf = defineFields({
  proto: { abbrev: 'vxlan', name: 'Virtual eXtensible Local Area Network', type: 'protocol', ref: 'RFC 7348 §5' },
  flags: { abbrev: 'vxlan.flags', name: 'Flags', type: 'uint16', base: 'hex' },
  flag_g: { abbrev: 'vxlan.flag_g', name: 'GBP Extension', type: 'bool', bits: 16, mask: G, tfs: ['Defined', 'Not defined'], blurb: 'The Group Policy ID is present (VXLAN Group Based Policy)' },
  flag_i: { abbrev: 'vxlan.flag_i', name: 'VXLAN Network ID (VNI)', type: 'bool', bits: 16, mask: I, blurb: 'The VNI is valid (must be 1)', ref: 'RFC 7348 §5' },
  flag_d: { abbrev: 'vxlan.flag_d', name: "Don't Learn", type: 'bool', bits: 16, mask: D },
  flag_a: { abbrev: 'vxlan.flag_a', name: 'Policy Applied', type: 'bool', bits: 16, mask: A },
  flags_reserved: { abbrev: 'vxlan.flags_reserved', name: 'Reserved(R)', type: 'uint16', base: 'hex', mask: RESERVED },
  gbp: { abbrev: 'vxlan.gbp', name: 'Group Policy ID', type: 'uint16', base: 'dec' },
  vni: { abbrev: 'vxlan.vni', name: 'VXLAN Network Identifier (VNI)', type: 'uint24', base: 'dec', blurb: 'The overlay network (tenant segment) the frame belongs to', ref: 'RFC 7348 §5' },
  reserved8: { abbrev: 'vxlan.reserved8', name: 'Reserved', type: 'uint8', base: 'dec' },
});

const FLAG_NAMES: readonly [number, string][] = [[G, 'GBP Extension'], [I, 'VXLAN Network ID (VNI)'], [D, "Don't Learn"], [A, 'Policy Applied']];

function dissectVxlan(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('vxlan');
  if (pinfo.columns) { pinfo.protocol = 'VxLAN'; pinfo.info = ''; } // tshark's spelling in the column
  const top = t.add(null, tvb, hf.proto, 0, Math.min(8, tvb.length));
  // field by field, as tshark adds them: a cut header shows what it holds
  if (!need(t, top, tvb, 0, 2, 'VXLAN flags')) return;
  const fl = tvb.u16(0);
  let label = '';
  if (t.tree) {
    label = `Flags: 0x${fl.toString(16).padStart(4, '0')}`;
    for (const [bit, name] of FLAG_NAMES) if (fl & bit) label += `, ${name}`;
  }
  const fn = t.add(top, tvb, hf.flags, 0, 2, fl, t.tree ? label : undefined);
  t.add(fn, tvb, hf.flag_g, 0, 2, (fl & G) !== 0);
  t.add(fn, tvb, hf.flag_i, 0, 2, (fl & I) !== 0);
  t.add(fn, tvb, hf.flag_d, 0, 2, (fl & D) !== 0);
  t.add(fn, tvb, hf.flag_a, 0, 2, (fl & A) !== 0);
  t.add(fn, tvb, hf.flags_reserved, 0, 2, fl & RESERVED);
  if (!need(t, top, tvb, 2, 2, 'VXLAN Group Policy ID')) return;
  t.add(top, tvb, hf.gbp, 2, 2, tvb.u16(2));
  if (!need(t, top, tvb, 4, 4, 'VXLAN Network Identifier')) return;
  t.add(top, tvb, hf.vni, 4, 3, tvb.u24(4));
  t.add(top, tvb, hf.reserved8, 7, 1, tvb.u8(7));
  // the tenant frame, even when empty (tshark's Ethernet then reports it malformed)
  runNamed('eth_withoutfcs', tvb.sub(8), pinfo, t);
}

export const vxlan: ProtocolModule = {
  name: 'vxlan',
  register(reg: Registry): void {
    reg.add('udp.port', 4789, { name: 'vxlan', dissect: dissectVxlan });
  },
};
