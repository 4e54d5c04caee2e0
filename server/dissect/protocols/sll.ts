// Linux "cooked" captures (Wireshark's packet-sll.c): LINKTYPE_LINUX_SLL (113, 16-byte header) and
// LINKTYPE_LINUX_SLL2 (276, 20-byte header with the interface index). The protocol field is an EtherType
// (handed to the 'ethertype' table) unless it is ≤ 1536, a Linux-internal protocol type.

import { defineFields } from '../fields';
import type { Builder } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need } from '../common';
import { dissectData } from './data';
import { ETYPE_VALS, etypeText, ethertypeHandoff } from './eth';

const PKTTYPE_VALS: Readonly<Record<number, string>> = {
  0: 'Unicast to us',
  1: 'Broadcast',
  2: 'Multicast',
  3: 'Unicast to another host',
  4: 'Sent by us',
};

/** Linux ARPHRD_* values (Wireshark's arp_hrd_vals). */
export const ARPHRD_VALS: Readonly<Record<number, string>> = {
  0: "NET/ROM pseudo",
  1: "Ethernet",
  2: "Experimental Ethernet",
  3: "AX.25",
  4: "ProNET",
  5: "Chaos",
  6: "IEEE 802",
  7: "ARCNET",
  8: "Hyperchannel",
  9: "Lanstar",
  10: "Autonet Short Address",
  11: "Localtalk",
  12: "LocalNet",
  13: "Ultra link",
  14: "SMDS",
  15: "Frame Relay DLCI",
  16: "ATM",
  17: "HDLC",
  18: "Fibre Channel",
  19: "ATM (RFC 2225)",
  20: "Serial Line",
  21: "ATM",
  22: "MIL-STD-188-220",
  23: "Metricom STRIP",
  24: "IEEE 1394.1995",
  25: "MAPOS",
  26: "Twinaxial",
  27: "EUI-64",
  28: "HIPARP",
  29: "IP and ARP over ISO 7816-3",
  30: "ARPSec",
  31: "IPsec tunnel",
  32: "InfiniBand",
  33: "TIA-102 Project 25 CAI",
  34: "Wiegand Interface",
  35: "Pure IP",
  36: "Experimental 1",
  37: "HFI",
  256: "Experimental 2",
  257: "AEthernet",
  260: "Notional KISS type",
  264: "ADAPT",
  270: "ROSE",
  271: "CCITT X.25",
  272: "Boards with X.25 in firmware",
  280: "Controller Area Network",
  512: "PPP",
  513: "Cisco HDLC",
  516: "LAPB",
  517: "Digital's DDCMP protocol",
  518: "Raw HDLC",
  519: "Raw IP",
  768: "IPIP tunnel",
  769: "IP6IP6 tunnel",
  770: "Frame Relay Access Device",
  771: "SKIP vif",
  772: "Loopback",
  774: "Fiber Distributed Data Interface",
  775: "AP1000 BIF",
  776: "sit0 device - IPv6-in-IPv4",
  777: "IP over DDP tunneller",
  778: "GRE over IP",
  779: "PIMSM register interface",
  780: "High Performance Parallel Interface",
  781: "Nexus 64Mbps Ash",
  782: "Acorn Econet",
  783: "Linux-IrDA",
  784: "Point to point fibrechannel",
  785: "Fibrechannel arbitrated loop",
  786: "Fibrechannel public loop",
  787: "Fibrechannel fabric",
  800: "Magic type ident for TR",
  801: "IEEE 802.11",
  802: "IEEE 802.11 + Prism2 header",
  803: "IEEE 802.11 + radiotap header",
  804: "IEEE 802.15.4",
  805: "IEEE 802.15.4 network monitor",
  820: "PhoNet media type",
  821: "PhoNet pipe header",
  822: "CAIF media type",
  823: "GRE over IPv6",
  824: "Netlink",
  825: "IPv6 over LoWPAN",
  826: "Vsock monitor header",
  65534: "zero header length",
  65535: "Void type, nothing is known",
};

const LTYPE_VALS: Readonly<Record<number, string>> = {
  0x0001: 'Raw 802.3', 0x0003: 'Ethernet', 0x0004: '802.2 LLC', 0x0007: 'PPP (HDLC)', 0x000c: 'CAN', 0x000d: 'CAN FD',
  0x0017: 'IrDA LAP', 0x00f5: 'ISI', 0x00f6: 'IEEE 802.15.4',
};

export const hf = defineFields({
  proto: { abbrev: 'sll', name: 'Linux cooked-mode capture', type: 'protocol', fieldsRepr: 'label', ref: 'pcap-linktype(7): LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2' },
  pkttype: { abbrev: 'sll.pkttype', name: 'Packet type', type: 'uint16', base: 'dec', vals: PKTTYPE_VALS, blurb: 'How the packet reached the capture point (to us, broadcast, sent by us …)' },
  hatype: { abbrev: 'sll.hatype', name: 'Link-layer address type', type: 'uint16', base: 'dec', vals: ARPHRD_VALS, blurb: 'Linux ARPHRD_ type of the interface' },
  halen: { abbrev: 'sll.halen', name: 'Link-layer address length', type: 'uint16', base: 'dec' },
  src_eth: { abbrev: 'sll.src.eth', name: 'Source', type: 'ether', blurb: 'Source link-layer address' },
  src_ipv4: { abbrev: 'sll.src.ipv4', name: 'Source', type: 'ipv4', blurb: 'Source link-layer address' },
  src_other: { abbrev: 'sll.src.other', name: 'Source', type: 'bytes', blurb: 'Source link-layer address' },
  unused: { abbrev: 'sll.unused', name: 'Unused', type: 'bytes', blurb: 'Unused bytes' },
  ltype: { abbrev: 'sll.ltype', name: 'Protocol', type: 'uint16', base: 'hex', vals: LTYPE_VALS, blurb: 'Linux protocol type' },
  gretype: { abbrev: 'sll.gretype', name: 'Protocol', type: 'uint16', base: 'hex', vals: ETYPE_VALS, blurb: 'GRE protocol type' },
  etype: { abbrev: 'sll.etype', name: 'Protocol', type: 'uint16', base: 'hex', vals: ETYPE_VALS, blurb: 'Ethernet protocol type' },
  trailer: { abbrev: 'sll.trailer', name: 'Trailer', type: 'bytes' },
  ifindex: { abbrev: 'sll.ifindex', name: 'Interface index', type: 'uint32', base: 'dec', blurb: 'Index of the interface the packet was captured on (SLL2 only)' },
});

const ARPHRD_IPGRE = 778;

function addAddress(t: Builder, top: ReturnType<Builder['add']>, tvb: Tvb, off: number, halen: number, pinfo: PacketInfo): void {
  let shown = 0;
  if (halen === 6) {
    const mac = tvb.ether(off);
    t.add(top, tvb, hf.src_eth, off, 6, mac);
    if (pinfo.columns) pinfo.src = pinfo.linkSrc = mac;
    shown = 6;
  } else if (halen === 4) {
    const a = tvb.ipv4(off);
    t.add(top, tvb, hf.src_ipv4, off, 4, a);
    if (pinfo.columns) pinfo.src = a;
    shown = 4;
  } else if (halen > 0) {
    shown = Math.min(halen, 8);
    t.add(top, tvb, hf.src_other, off, shown);
  }
  if (shown < 8) t.add(top, tvb, hf.unused, off + shown, 8 - shown);
}

function handoff(tvb: Tvb, hdr: number, hatype: number, protocol: number, top: ReturnType<Builder['add']>, protoOff: number, pinfo: PacketInfo, t: Builder): void {
  if (protocol <= 1536) {
    // A Linux-internal protocol type, not an EtherType.
    t.add(top, tvb, hf.ltype, protoOff, 2, protocol);
    const payload = tvb.sub(hdr);
    if (protocol === 0x0007) {
      const ppp = pinfo.registry.byNameOf('ppp');
      if (ppp) { pinfo.registry.run(ppp, payload, pinfo, t); return; }
    }
    dissectData(payload, pinfo, t);
    return;
  }
  if (hatype === ARPHRD_IPGRE) {
    t.add(top, tvb, hf.gretype, protoOff, 2, protocol);
    if (pinfo.registry.call('ethertype', protocol, tvb.sub(hdr), pinfo, t) < 0) dissectData(tvb.sub(hdr), pinfo, t);
    return;
  }
  t.add(top, tvb, hf.etype, protoOff, 2, protocol, t.tree ? `Protocol: ${etypeText(protocol)}` : undefined);
  ethertypeHandoff(tvb, hdr, protocol, pinfo, t, hf.trailer, 0);
}

function columns(pinfo: PacketInfo, pkttype: number): void {
  if (!pinfo.columns) return;
  pinfo.protocol = 'SLL';
  pinfo.info = PKTTYPE_VALS[pkttype] ?? `Unknown (${pkttype})`;
}

/** LINKTYPE_LINUX_SLL: pkttype(2) hatype(2) halen(2) address(8) protocol(2). */
function dissectSll(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('sll');
  const top = t.add(null, tvb, hf.proto, 0, Math.min(16, tvb.length), undefined, t.labels(hf.proto) ? 'Linux cooked capture v1' : undefined);
  if (!need(t, top, tvb, 0, 16, 'SLL header')) return;
  const pkttype = tvb.u16(0);
  const hatype = tvb.u16(2);
  const halen = tvb.u16(4);
  columns(pinfo, pkttype);
  t.add(top, tvb, hf.pkttype, 0, 2, pkttype);
  t.add(top, tvb, hf.hatype, 2, 2, hatype);
  t.add(top, tvb, hf.halen, 4, 2, halen);
  addAddress(t, top, tvb, 6, halen, pinfo);
  handoff(tvb, 16, hatype, tvb.u16(14), top, 14, pinfo, t);
}

/** LINKTYPE_LINUX_SLL2: protocol(2) reserved(2) ifindex(4) hatype(2) pkttype(1) halen(1) address(8). */
function dissectSll2(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('sll');
  const top = t.add(null, tvb, hf.proto, 0, Math.min(20, tvb.length), undefined, t.labels(hf.proto) ? 'Linux cooked capture v2' : undefined);
  if (!need(t, top, tvb, 0, 20, 'SLL2 header')) return;
  const protocol = tvb.u16(0);
  const hatype = tvb.u16(8);
  const pkttype = tvb.u8(10);
  const halen = tvb.u8(11);
  columns(pinfo, pkttype);
  // The Protocol item comes first in SLL2; the hand-off happens after the address, as in Wireshark.
  const proto = protocol <= 1536 ? null : protocol;
  if (proto !== null && hatype !== ARPHRD_IPGRE) {
    t.add(top, tvb, hf.etype, 0, 2, protocol, t.tree ? `Protocol: ${etypeText(protocol)}` : undefined);
  }
  t.add(top, tvb, hf.ifindex, 4, 4, tvb.u32(4));
  t.add(top, tvb, hf.hatype, 8, 2, hatype);
  t.add(top, tvb, hf.pkttype, 10, 1, pkttype);
  t.add(top, tvb, hf.halen, 11, 1, halen);
  addAddress(t, top, tvb, 12, halen, pinfo);
  if (proto !== null && hatype !== ARPHRD_IPGRE) ethertypeHandoff(tvb, 20, protocol, pinfo, t, hf.trailer, 0);
  else handoff(tvb, 20, hatype, protocol, top, 0, pinfo, t);
}

export const sll: ProtocolModule = {
  name: 'sll',
  register(reg: Registry): void {
    reg.add('wtap_encap', 113, { name: 'sll', dissect: dissectSll });
    reg.add('wtap_encap', 276, { name: 'sll2', dissect: dissectSll2 });
  },
};
