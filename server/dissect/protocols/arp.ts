// ARP (Wireshark's packet-arp.c, summary): hardware/protocol types and sizes, opcode, and the sender and
// target addresses (as MAC / IPv4 when the sizes say Ethernet and IPv4, raw bytes otherwise).

import { defineFields } from '../fields';
import type { Builder } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need } from '../common';
import { ETYPE_VALS, etypeText } from './eth';
import { ARPHRD_VALS } from './sll';

const OPCODE_VALS: Readonly<Record<number, string>> = {
  0: 'reserved', 1: 'request', 2: 'reply', 3: 'reverse request', 4: 'reverse reply', 5: 'drarp request', 6: 'drarp reply',
  7: 'drarp error', 8: 'inverse request', 9: 'inverse reply', 10: 'arp nak', 11: 'mars request', 12: 'mars multi',
  13: 'mars mserv', 14: 'mars join', 15: 'mars leave', 16: 'mars nak', 17: 'mars unserv', 18: 'mars sjoin',
  19: 'mars sleave', 20: 'mars grouplist request', 21: 'mars grouplist reply', 22: 'mars redirect map',
  23: 'mapos unarp', 24: 'experimental 1', 25: 'experimental 2', 65535: 'reserved',
};

export const hf = defineFields({
  proto: { abbrev: 'arp', name: 'Address Resolution Protocol', type: 'protocol', fieldsRepr: 'label', ref: 'RFC 826' },
  hw_type: { abbrev: 'arp.hw.type', name: 'Hardware type', type: 'uint16', base: 'dec', vals: ARPHRD_VALS, ref: 'RFC 826' },
  proto_type: { abbrev: 'arp.proto.type', name: 'Protocol type', type: 'uint16', base: 'hex', vals: ETYPE_VALS, ref: 'RFC 826' },
  hw_size: { abbrev: 'arp.hw.size', name: 'Hardware size', type: 'uint8', base: 'dec' },
  proto_size: { abbrev: 'arp.proto.size', name: 'Protocol size', type: 'uint8', base: 'dec' },
  opcode: { abbrev: 'arp.opcode', name: 'Opcode', type: 'uint16', base: 'dec', vals: OPCODE_VALS, blurb: 'request (1) or reply (2)', ref: 'RFC 826' },
  src_hw: { abbrev: 'arp.src.hw', name: 'Sender hardware address', type: 'bytes' },
  src_hw_mac: { abbrev: 'arp.src.hw_mac', name: 'Sender MAC address', type: 'ether' },
  src_proto: { abbrev: 'arp.src.proto', name: 'Sender protocol address', type: 'bytes' },
  src_proto_ipv4: { abbrev: 'arp.src.proto_ipv4', name: 'Sender IP address', type: 'ipv4' },
  dst_hw: { abbrev: 'arp.dst.hw', name: 'Target hardware address', type: 'bytes' },
  dst_hw_mac: { abbrev: 'arp.dst.hw_mac', name: 'Target MAC address', type: 'ether' },
  dst_proto: { abbrev: 'arp.dst.proto', name: 'Target protocol address', type: 'bytes' },
  dst_proto_ipv4: { abbrev: 'arp.dst.proto_ipv4', name: 'Target IP address', type: 'ipv4' },
});

function dissectArp(tvb: Tvb, pinfo: PacketInfo, t: Builder): number {
  pinfo.protocols.push('arp');
  if (pinfo.columns) { pinfo.protocol = 'ARP'; pinfo.info = ''; }
  const top = t.add(null, tvb, hf.proto, 0, Math.min(8, tvb.length));
  const fixed: [typeof hf.hw_type, number, number][] = [[hf.hw_type, 0, 2], [hf.proto_type, 2, 2], [hf.hw_size, 4, 1], [hf.proto_size, 5, 1], [hf.opcode, 6, 2]];
  for (const [f, off, len] of fixed) {
    if (!need(t, top, tvb, off, len, f.name)) return tvb.reportedLength;
    const v = len === 2 ? tvb.u16(off) : tvb.u8(off);
    t.add(top, tvb, f, off, len, v, f === hf.proto_type && t.tree ? `Protocol type: ${etypeText(v)}` : undefined);
  }
  const hw = tvb.u16(0);
  const pt = tvb.u16(2);
  const hs = tvb.u8(4);
  const ps = tvb.u8(5);
  const op = tvb.u16(6);
  const total = 8 + 2 * hs + 2 * ps;
  t.setLength(top, Math.min(total, tvb.length));
  if (t.labels(hf.proto)) t.setText(top, `Address Resolution Protocol${op === 1 ? ' (request)' : op === 2 ? ' (reply)' : OPCODE_VALS[op] ? ` (${OPCODE_VALS[op]})` : ''}`);
  const isEther = (hw === 1 || hw === 6) && hs === 6;
  const isIp = pt === 0x0800 && ps === 4;
  const hwField = (off: number, mac: typeof hf.src_hw_mac, raw: typeof hf.src_hw): string => {
    if (isEther) { const v = tvb.ether(off); t.add(top, tvb, mac, off, 6, v); return v; }
    if (hs > 0) t.add(top, tvb, raw, off, hs);
    return tvb.hex(off, hs, ':');
  };
  const protoField = (off: number, ip: typeof hf.src_proto_ipv4, raw: typeof hf.src_proto): string => {
    if (isIp) { const v = tvb.ipv4(off); t.add(top, tvb, ip, off, 4, v); return v; }
    if (ps > 0) t.add(top, tvb, raw, off, ps);
    return tvb.hex(off, ps, ':');
  };
  let off = 8;
  if (!need(t, top, tvb, off, hs, 'sender hardware address')) return total;
  const sha = hwField(off, hf.src_hw_mac, hf.src_hw);
  off += hs;
  if (!need(t, top, tvb, off, ps, 'sender protocol address')) return total;
  const spa = protoField(off, hf.src_proto_ipv4, hf.src_proto);
  off += ps;
  if (!need(t, top, tvb, off, hs, 'target hardware address')) return total;
  hwField(off, hf.dst_hw_mac, hf.dst_hw);
  off += hs;
  if (!need(t, top, tvb, off, ps, 'target protocol address')) return total;
  const tpa = protoField(off, hf.dst_proto_ipv4, hf.dst_proto);
  if (pinfo.columns) {
    if (op === 1) {
      if (spa === tpa) pinfo.info = `Gratuitous ARP for ${tpa} (Request)`;
      else if (isIp && tvb.u32(8 + hs) === 0) pinfo.info = `Who has ${tpa}? (ARP Probe)`;
      else pinfo.info = `Who has ${tpa}? Tell ${spa}`;
    } else if (op === 2) {
      pinfo.info = spa === tpa ? `Gratuitous ARP for ${spa} (Reply)` : `${spa} is at ${sha}`;
    } else {
      pinfo.info = `${OPCODE_VALS[op] ?? 'Unknown ARP opcode'} (${op})`;
    }
  }
  return total;
}

export const arp: ProtocolModule = {
  name: 'arp',
  register(reg: Registry): void {
    reg.add('ethertype', 0x0806, { name: 'arp', dissect: dissectArp });
  },
};
