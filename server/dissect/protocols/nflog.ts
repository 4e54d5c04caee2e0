// Linux netfilter NFLOG (LINKTYPE_NFLOG 239, `tcpdump -i nflog:N` behind an iptables NFLOG rule; Wireshark's
// packet-nflog.c): a 4-byte header (address family, version, resource id) and netlink TLVs, one of which
// (NFULA_PAYLOAD) holds the logged packet from its network header on, handed to IPv4 or IPv6 by the family.
// TLV lengths and types are in the byte order of the host that wrote the file (little-endian on x86): it is
// detected per frame, as Wireshark's reader normalises it. Values inside the TLVs are in network order.

import { defineFields } from '../fields';
import type { Builder, Parent } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need, wsExperts } from '../common';
import { runNamed } from './data';
import { ETYPE_VALS } from './eth';
import { absTimeText } from './frame';

const FAMILY_VALS: Readonly<Record<number, string>> = { 0: 'Unspecified', 2: 'IPv4', 7: 'Bridge', 10: 'IPv6' };
const HOOK_VALS: Readonly<Record<number, string>> = { 0: 'Pre-routing', 1: 'Local in', 2: 'Forward', 3: 'Local out', 4: 'Post-routing' };
const TLV_VALS: Readonly<Record<number, string>> = {
  0: 'NFULA_UNSPEC', 1: 'NFULA_PACKET_HDR', 2: 'NFULA_MARK', 3: 'NFULA_TIMESTAMP', 4: 'NFULA_IFINDEX_INDEV',
  5: 'NFULA_IFINDEX_OUTDEV', 6: 'NFULA_IFINDEX_PHYSINDEV', 7: 'NFULA_IFINDEX_PHYSOUTDEV', 8: 'NFULA_HWADDR',
  9: 'NFULA_PAYLOAD', 10: 'NFULA_PREFIX', 11: 'NFULA_UID', 12: 'NFULA_SEQ', 13: 'NFULA_SEQ_GLOBAL', 14: 'NFULA_GID',
  15: 'NFULA_HWTYPE', 16: 'NFULA_HWHEADER', 17: 'NFULA_HWLEN',
};
const PAYLOAD = 9;
const REF = 'linux/netfilter/nfnetlink_log.h';

export const hf = defineFields({
  proto: { abbrev: 'nflog', name: 'Linux Netfilter NFLOG', type: 'protocol', ref: 'pcap-linktype(7): LINKTYPE_NFLOG' },
  family: { abbrev: 'nflog.family', name: 'Family', type: 'uint8', base: 'dec', vals: FAMILY_VALS, blurb: 'Address family of the logged packet (AF_INET 2, AF_INET6 10)', ref: REF },
  version: { abbrev: 'nflog.version', name: 'Version', type: 'uint8', base: 'dec', ref: REF },
  res_id: { abbrev: 'nflog.res_id', name: 'Resource id', type: 'uint16', base: 'dec', blurb: 'The NFLOG group the packet was logged to (iptables --nflog-group)', ref: REF },
  tlv: { abbrev: 'nflog.tlv', name: 'TLV', type: 'bytes', ref: REF },
  tlv_length: { abbrev: 'nflog.tlv_length', name: 'Length', type: 'uint16', base: 'dec', blurb: 'TLV Length (header included, padding excluded)', ref: REF },
  tlv_type: { abbrev: 'nflog.tlv_type', name: 'Type', type: 'uint16', base: 'dec', mask: 0x7fff, vals: TLV_VALS, blurb: 'TLV Type', ref: REF },
  protocol: { abbrev: 'nflog.protocol', name: 'HW protocol', type: 'uint16', base: 'hex', vals: ETYPE_VALS, blurb: 'The EtherType of the logged packet', ref: REF },
  hook: { abbrev: 'nflog.hook', name: 'Netfilter hook', type: 'uint8', base: 'dec', vals: HOOK_VALS, blurb: 'Where in netfilter the packet was logged', ref: REF },
  ifindex_indev: { abbrev: 'nflog.ifindex_indev', name: 'IFINDEX_INDEV', type: 'uint32', base: 'dec', blurb: 'Index of the interface the packet came in on', ref: REF },
  ifindex_outdev: { abbrev: 'nflog.ifindex_outdev', name: 'IFINDEX_OUTDEV', type: 'uint32', base: 'dec', blurb: 'Index of the interface the packet goes out on', ref: REF },
  ifindex_physindev: { abbrev: 'nflog.ifindex_physindev', name: 'IFINDEX_PHYSINDEV', type: 'uint32', base: 'dec', ref: REF },
  ifindex_physoutdev: { abbrev: 'nflog.ifindex_physoutdev', name: 'IFINDEX_PHYSOUTDEV', type: 'uint32', base: 'dec', ref: REF },
  prefix: { abbrev: 'nflog.prefix', name: 'Prefix', type: 'string', blurb: 'TLV Prefix Value: the rule\'s --nflog-prefix', ref: REF },
  uid: { abbrev: 'nflog.uid', name: 'UID', type: 'int32', base: 'dec', blurb: 'TLV UID Value: the owner of the sending socket', ref: REF },
  gid: { abbrev: 'nflog.gid', name: 'GID', type: 'int32', base: 'dec', blurb: 'TLV GID Value', ref: REF },
  timestamp: { abbrev: 'nflog.timestamp', name: 'Timestamp', type: 'string', blurb: 'TLV Timestamp Value: when the kernel logged the packet', ref: REF },
  tlv_value: { abbrev: 'nflog.tlv_value', name: 'Value', type: 'bytes', blurb: 'TLV Value (types without a decoder of their own)', ref: REF },
});

const IFINDEX = [hf.ifindex_indev, hf.ifindex_outdev, hf.ifindex_physindev, hf.ifindex_physoutdev] as const;

/** True when the TLVs from `off` read as a plausible chain with little-endian headers (else big-endian). */
function littleEndian(tvb: Tvb, off: number): boolean {
  if (!tvb.has(off, 4)) return true;
  const le = tvb.u16le(off);
  const be = tvb.u16(off);
  const fits = (n: number): boolean => n >= 4 && n <= tvb.reportedLength - off;
  return fits(le) || !fits(be);
}

function int32(v: number): number {
  return v | 0;
}

/** One TLV's value items under `item` (its header already added). */
function tlvValue(t: Builder, item: Parent, tvb: Tvb, type: number, v: number, vlen: number): void {
  switch (type) {
    case 1:
      // struct nfulnl_msg_packet_hdr (4 bytes): any other length is shown raw, as tshark does
      if (vlen === 4 && tvb.has(v, 4)) {
        t.add(item, tvb, hf.protocol, v, 2, tvb.u16(v));
        t.add(item, tvb, hf.hook, v + 2, 1, tvb.u8(v + 2));
        return;
      }
      break;
    case 3:
      // struct nfulnl_msg_packet_timestamp: seconds and microseconds, 64 bits each
      if (vlen === 16 && tvb.has(v, 16)) {
        const sec = Number(tvb.u64(v));
        const usec = Number(tvb.u64(v + 8));
        t.add(item, tvb, hf.timestamp, v, 16, absTimeText(sec + Math.floor(usec / 1e6), (usec % 1e6) * 1000));
        return;
      }
      break;
    case 4: case 5: case 6: case 7:
      if (vlen === 4 && tvb.has(v, 4)) { t.add(item, tvb, IFINDEX[type - 4]!, v, 4, tvb.u32(v)); return; }
      break;
    case 10:
      if (tvb.has(v, vlen)) { t.add(item, tvb, hf.prefix, v, vlen, tvb.str(v, vlen)); return; }
      break;
    case 11: case 14:
      if (vlen === 4 && tvb.has(v, 4)) { t.add(item, tvb, type === 11 ? hf.uid : hf.gid, v, 4, int32(tvb.u32(v))); return; }
      break;
  }
  if (vlen > 0 && need(t, item, tvb, v, vlen, `${TLV_VALS[type] ?? 'TLV'} value`)) t.add(item, tvb, hf.tlv_value, v, vlen);
}

function dissectNflog(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('nflog');
  if (pinfo.columns) { pinfo.protocol = 'NFLOG'; pinfo.info = ''; }
  const top = t.add(null, tvb, hf.proto, 0, tvb.length);
  if (!need(t, top, tvb, 0, 4, 'NFLOG header')) return;
  const family = tvb.u8(0);
  t.add(top, tvb, hf.family, 0, 1, family);
  t.add(top, tvb, hf.version, 1, 1, tvb.u8(1));
  t.add(top, tvb, hf.res_id, 2, 2, tvb.u16(2));
  const le = littleEndian(tvb, 4);
  let off = 4;
  let payload: Tvb | undefined;
  let payloadAt = -1;
  while (tvb.has(off, 4)) {
    const len = le ? tvb.u16le(off) : tvb.u16(off);
    const rawType = le ? tvb.u16le(off + 2) : tvb.u16(off + 2);
    const type = rawType & 0x7fff;
    if (len < 4) break; // no room for the header: tshark stops here too
    const typeText = `${TLV_VALS[type] ?? 'Unknown'} (${type})`;
    if (!tvb.has(off, len)) {
      t.problem(top, tvb, tvb.start + off + len <= tvb.reportedEnd ? wsExperts.short : wsExperts.malformed, off, tvb.remaining(off),
        `TLV ${typeText}: its ${len} bytes run past the end of the captured data`);
      break;
    }
    const next = off + ((len + 3) & ~3);
    // The payload TLV is the last one the kernel writes: its packet becomes the next layer, so the TLV's item
    // keeps only its header (nodes lie inside their parent; layers tile the frame).
    const isPayload = type === PAYLOAD && payload === undefined && !tvb.has(next, 4);
    const item = t.add(top, tvb, hf.tlv, off, isPayload ? 4 : len, undefined, t.tree ? `TLV Type: ${typeText}, Length: ${len}` : undefined);
    t.add(item, tvb, hf.tlv_length, off, 2, len);
    t.add(item, tvb, hf.tlv_type, off + 2, 2, type);
    if (isPayload) {
      payload = tvb.sub(off + 4, len - 4);
      payloadAt = off + 4;
    } else {
      tlvValue(t, item, tvb, type, off + 4, len - 4);
    }
    off = next;
  }
  if (payload === undefined) return;
  t.setLength(top, payloadAt);
  runNamed(family === 2 ? 'ip' : family === 10 ? 'ipv6' : 'data', payload, pinfo, t);
  // netlink pads each TLV to 4 bytes: the payload's padding ends the frame
  const end = payloadAt + payload.reportedLength;
  if (tvb.has(end, 1)) t.text(null, tvb, end, tvb.length - end, `NFLOG padding (${tvb.length - end} byte${tvb.length - end === 1 ? '' : 's'})`);
}

export const nflog: ProtocolModule = {
  name: 'nflog',
  register(reg: Registry): void {
    reg.add('wtap_encap', 239, { name: 'nflog', dissect: dissectNflog });
  },
};
