// BSD loopback encapsulations (Wireshark's packet-null.c): LINKTYPE_NULL (0) carries a 4-byte address family
// in the *capturing host's* byte order; LINKTYPE_LOOP (108, OpenBSD) carries it in network byte order.
// The byte order of LINKTYPE_NULL is detected as Wireshark does (read little-endian, swap when the upper
// half is set), so captures from big-endian hosts decode too.

import { defineFields } from '../fields';
import type { Builder } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need } from '../common';
import { dissectData } from './data';
import { ETYPE_VALS, etypeText } from './eth';

/** BSD AF_ values (these are fixed by the file format, whatever the reading OS uses). */
const FAMILY_VALS: Readonly<Record<number, string>> = {
  2: 'IP',
  7: 'OSI',
  16: 'Appletalk',
  23: 'Netware IPX/SPX',
  24: 'IPv6',
  28: 'IPv6',
  30: 'IPv6',
};

export const hf = defineFields({
  proto: { abbrev: 'null', name: 'Null/Loopback', type: 'protocol', ref: 'pcap-linktype(7): LINKTYPE_NULL, LINKTYPE_LOOP' },
  family: { abbrev: 'null.family', name: 'Family', type: 'uint32', base: 'dec', vals: FAMILY_VALS, blurb: 'BSD address family of the payload (AF_INET 2; AF_INET6 24 NetBSD/OpenBSD, 28 FreeBSD, 30 Darwin)' },
  type: { abbrev: 'null.type', name: 'Type', type: 'uint16', base: 'hex', vals: ETYPE_VALS, blurb: 'An EtherType where the family would be (old Linux DLT_NULL captures)' },
});

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | ((v >>> 24) & 0xff)) >>> 0;
}

function byFamily(family: number, tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  const name = family === 2 ? 'ip' : family === 24 || family === 28 || family === 30 ? 'ipv6' : undefined;
  const entry = name ? pinfo.registry.byNameOf(name) : undefined;
  if (entry) pinfo.registry.run(entry, tvb, pinfo, t);
  else dissectData(tvb, pinfo, t);
}

function columns(pinfo: PacketInfo): void {
  if (!pinfo.columns) return;
  pinfo.protocol = 'N/A';
  pinfo.info = 'Null/Loopback';
  pinfo.src = 'N/A'; // no link-layer addresses (tshark's "N/A"); an IP layer overrides them
  pinfo.dst = 'N/A';
}

function dissectNull(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  if (tvb.has(0, 2) && tvb.u16(0) === 0xff03) {
    // PPP in HDLC-like framing, no family header.
    const ppp = pinfo.registry.byNameOf('ppp');
    if (ppp) pinfo.registry.run(ppp, tvb, pinfo, t);
    else dissectData(tvb, pinfo, t);
    return;
  }
  pinfo.protocols.push('null');
  columns(pinfo);
  const top = t.add(null, tvb, hf.proto, 0, Math.min(4, tvb.length));
  if (!need(t, top, tvb, 0, 4, 'address family')) return;
  // As read by tshark on a little-endian host, then normalised (see packet-null.c).
  let v = tvb.u32le(0);
  if ((v & 0xffff0000) !== 0) {
    if ((v & 0xff000000) === 0 && (v & 0x00ff0000) >>> 0 < 0x00060000) v = v >>> 16; // IRIX / UNICOS/mp: AF in the first 2 bytes
    else v = swap32(v); // BSD AF_ (or Linux EtherType) in the other byte order
  } else if ((v & 0xff) === 0 && (v & 0xff00) < 0x0600) {
    v = ((v & 0xff00) >>> 8) | ((v & 0xff) << 8); // IRIX header read in the wrong order
  }
  if (v > 1500) {
    t.add(top, tvb, hf.type, 0, 4, v & 0xffff, t.tree ? `Type: ${etypeText(v & 0xffff)}` : undefined);
    if (pinfo.registry.call('ethertype', v & 0xffff, tvb.sub(4), pinfo, t) < 0) dissectData(tvb.sub(4), pinfo, t);
    return;
  }
  t.add(top, tvb, hf.family, 0, 4, v);
  byFamily(v, tvb.sub(4), pinfo, t);
}

function dissectLoop(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('null');
  columns(pinfo);
  const top = t.add(null, tvb, hf.proto, 0, Math.min(4, tvb.length));
  if (!need(t, top, tvb, 0, 4, 'address family')) return;
  const family = tvb.u32(0);
  t.add(top, tvb, hf.family, 0, 4, family);
  byFamily(family, tvb.sub(4), pinfo, t);
}

export const nullLoop: ProtocolModule = {
  name: 'null',
  register(reg: Registry): void {
    reg.add('wtap_encap', 0, { name: 'null', dissect: dissectNull });
    reg.add('wtap_encap', 108, { name: 'loop_linktype', dissect: dissectLoop });
  },
};
