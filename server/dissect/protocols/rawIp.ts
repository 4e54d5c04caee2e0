// Raw IP link types (Wireshark's packet-raw.c): LINKTYPE_RAW (101) and its historical aliases 12 and 14
// pick IPv4 or IPv6 by the version nibble under a "raw" pseudo-layer; LINKTYPE_IPV4 (228) and
// LINKTYPE_IPV6 (229) go straight to the IP dissectors. The dissector named 'rawip' is the version
// dispatch alone, for callers that carry bare IP (hex dumps, pseudowires).

import { defineFields } from '../fields';
import type { Builder } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { dissectData, runNamed } from './data';

export const hf = defineFields({
  proto: { abbrev: 'raw', name: 'Raw packet data', type: 'protocol', blurb: 'A raw IP link: no link-layer header, the version nibble selects IPv4 or IPv6', ref: 'pcap-linktype(7): LINKTYPE_RAW' },
});

/** IPv4 or IPv6 by the first nibble; anything else is data. */
export function dissectByVersion(tvb: Tvb, pinfo: PacketInfo, t: Builder): number {
  if (!tvb.has(0, 1)) return 0;
  switch (tvb.u8(0) >> 4) {
    case 4: return runNamed('ip', tvb, pinfo, t);
    case 6: return runNamed('ipv6', tvb, pinfo, t);
    default:
      dissectData(tvb, pinfo, t);
      return tvb.length;
  }
}

function dissectRaw(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  if (pinfo.columns) { pinfo.protocol = 'N/A'; pinfo.info = 'Raw packet data'; pinfo.src = 'N/A'; pinfo.dst = 'N/A'; }
  pinfo.protocols.push('raw');
  // The pseudo-layer owns no bytes of its own: the IP layer that follows starts at offset 0.
  t.add(null, tvb, hf.proto, 0, 0);
  if (tvb.has(0, 2) && tvb.u16(0) === 0xff03) {
    runNamed('ppp', tvb, pinfo, t);
    return;
  }
  dissectByVersion(tvb, pinfo, t);
}

export const rawIp: ProtocolModule = {
  name: 'raw',
  register(reg: Registry): void {
    const raw = { name: 'raw', dissect: dissectRaw };
    reg.add('wtap_encap', 101, raw);
    reg.add('wtap_encap', 12, raw);
    reg.add('wtap_encap', 14, raw);
    reg.add('wtap_encap', 228, { name: 'raw_ipv4', dissect: (tvb, pinfo, t) => runNamed('ip', tvb, pinfo, t) });
    reg.add('wtap_encap', 229, { name: 'raw_ipv6', dissect: (tvb, pinfo, t) => runNamed('ipv6', tvb, pinfo, t) });
    reg.register({ name: 'rawip', dissect: dissectByVersion });
  },
};
