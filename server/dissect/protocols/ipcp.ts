// PPP IP Control Protocol (RFC 1332; RFC 1877 DNS/NBNS; RFC 1172; RFC 2290; RFC 3241 ROHC; RFC 3544 IPHC):
// the shared control-protocol packet (pppCp.ts) with IPCP's Configuration Options, including the
// IP-Compression-Protocol option and its ROHC / IPHC suboptions (IPV6CP reuses that option's decoder).

import type { FieldDef } from '../fields';
import { defineFields } from '../fields';
import type { ProtocolModule, Registry } from '../registry';
import { CP_CODES, controlProtocol, optionsSubtree, vlabel } from './pppCp';
import type { ControlProtocol, Opt, OptionDef, OptionFamily } from './pppCp';

const COMPRESS_PROTOCOLS: Readonly<Record<number, string>> = {
  0x0003: 'Robust Header Compression (ROHC)',
  0x002d: 'VJ compression',
  0x0037: 'VJ compression (RFC1172-typo)',
  0x0061: 'IPHC compression',
};

const ROHC_PROFILES: Readonly<Record<number, string>> = {
  0x0000: 'ROHC uncompressed -- no compression',
  0x0002: 'ROHC UDP -- non-RTP UDP/IP compression',
  0x0003: 'ROHC ESP -- ESP/IP compression',
};

const IPHC_PARAMS: Readonly<Record<number, string>> = {
  1: 'The number of contexts for TCP Space is 0',
  2: 'The number of contexts for Non TCP Space is 0',
};

export const hf = defineFields({
  ipcp: { abbrev: 'ipcp', name: 'PPP IP Control Protocol', type: 'protocol', ref: 'RFC 1332' },
  opt_type: { abbrev: 'ipcp.opt.type', name: 'Type', type: 'uint8', base: 'dec', ref: 'RFC 1332 §3', blurb: 'Which IPCP Configuration Option this is.' },
  opt_length: { abbrev: 'ipcp.opt.length', name: 'Length', type: 'uint8', base: 'dec', ref: 'RFC 1332 §3', blurb: 'Length of the option including its Type and Length octets.' },
  opt_src_address: { abbrev: 'ipcp.opt.src_address', name: 'Source IP Address', type: 'ipv4', ref: 'RFC 1172 §5.1' },
  opt_dst_address: { abbrev: 'ipcp.opt.dst_address', name: 'Destination IP Address', type: 'ipv4', ref: 'RFC 1172 §5.1' },
  opt_compress_proto: { abbrev: 'ipcp.opt.compress_proto', name: 'IP Compression Protocol', type: 'uint16', base: 'hex', vals: COMPRESS_PROTOCOLS, ref: 'RFC 1332 §3.2', blurb: 'Header compression the sender can receive: 0x002d Van Jacobson, 0x0061 IPHC, 0x0003 ROHC.' },
  opt_max_cid: { abbrev: 'ipcp.opt.max_cid', name: 'Max CID', type: 'uint16', base: 'dec', ref: 'RFC 3241 §3.1', blurb: 'Maximum value of a context identifier' },
  opt_mrru: { abbrev: 'ipcp.opt.mrru', name: 'MRRU', type: 'uint16', base: 'dec', ref: 'RFC 3241 §3.1', blurb: 'Maximum Reconstructed Reception Unit' },
  opt_max_slot_id: { abbrev: 'ipcp.opt.max_slot_id', name: 'Max Slot ID', type: 'uint8', base: 'dec', ref: 'RFC 1332 §3.2', blurb: 'Highest Van Jacobson slot (connection) number, one less than the number of slots.' },
  opt_comp_slot_id: { abbrev: 'ipcp.opt.comp_slot_id', name: 'Comp Slot ID', type: 'bool', bits: 8, mask: 0x01, tfs: ['The slot identifier may be compressed', 'The slot identifier must not be compressed'], ref: 'RFC 1332 §3.2' },
  opt_tcp_space: { abbrev: 'ipcp.opt.tcp_space', name: 'TCP Space', type: 'uint16', base: 'dec', ref: 'RFC 3544 §2.1' },
  opt_non_tcp_space: { abbrev: 'ipcp.opt.non_tcp_space', name: 'Non TCP Space', type: 'uint16', base: 'dec', ref: 'RFC 3544 §2.1' },
  opt_f_max_period: { abbrev: 'ipcp.opt.f_max_period', name: 'F Max Period', type: 'uint16', base: 'dec', ref: 'RFC 3544 §2.1', blurb: 'Maximum interval between full headers' },
  opt_f_max_time: { abbrev: 'ipcp.opt.f_max_time', name: 'F Max Time', type: 'uint16', base: 'dec', ref: 'RFC 3544 §2.1', blurb: 'Maximum time interval between full headers' },
  opt_max_header: { abbrev: 'ipcp.opt.max_header', name: 'Max Header', type: 'uint16', base: 'dec', ref: 'RFC 3544 §2.1', blurb: 'The largest header size in octets that may be compressed' },
  data: { abbrev: 'ipcp.data', name: 'Data', type: 'bytes' },
  opt_ip_address: { abbrev: 'ipcp.opt.ip_address', name: 'IP Address', type: 'ipv4', ref: 'RFC 1332 §3.3', blurb: 'The sender\'s address; 0.0.0.0 asks the peer to assign one (returned in a Configure-Nak).' },
  opt_mobilenodehomeaddress: { abbrev: 'ipcp.opt.mobilenodehomeaddress', name: 'Mobile Node\'s Home Address', type: 'ipv4', ref: 'RFC 2290 §2.1' },
  opt_pri_dns_address: { abbrev: 'ipcp.opt.pri_dns_address', name: 'Primary DNS Address', type: 'ipv4', ref: 'RFC 1877 §1.1', blurb: 'Primary DNS server; 0.0.0.0 asks the peer for its value.' },
  opt_pri_nbns_address: { abbrev: 'ipcp.opt.pri_nbns_address', name: 'Primary NBNS Address', type: 'ipv4', ref: 'RFC 1877 §1.2', blurb: 'Primary NetBIOS name server (WINS); 0.0.0.0 asks the peer for its value.' },
  opt_sec_dns_address: { abbrev: 'ipcp.opt.sec_dns_address', name: 'Secondary DNS Address', type: 'ipv4', ref: 'RFC 1877 §1.3', blurb: 'Secondary DNS server; 0.0.0.0 asks the peer for its value.' },
  opt_sec_nbns_address: { abbrev: 'ipcp.opt.sec_nbns_address', name: 'Secondary NBNS Address', type: 'ipv4', ref: 'RFC 1877 §1.4', blurb: 'Secondary NetBIOS name server (WINS); 0.0.0.0 asks the peer for its value.' },
  opt_rohc_type: { abbrev: 'ipcp.opt.rohc.type', name: 'Type', type: 'uint8', base: 'dec', ref: 'RFC 3241 §3.1' },
  opt_rohc_length: { abbrev: 'ipcp.opt.rohc.length', name: 'Length', type: 'uint8', base: 'dec', ref: 'RFC 3241 §3.1' },
  opt_rohc_profile: { abbrev: 'ipcp.opt.rohc.profile', name: 'Profile', type: 'uint16', base: 'hex', vals: ROHC_PROFILES, ref: 'RFC 3241 §3.1' },
  opt_iphc_type: { abbrev: 'ipcp.opt.iphc.type', name: 'Type', type: 'uint8', base: 'dec', ref: 'RFC 3544 §2.1' },
  opt_iphc_length: { abbrev: 'ipcp.opt.iphc.length', name: 'Length', type: 'uint8', base: 'dec', ref: 'RFC 3544 §2.1' },
  opt_iphc_param: { abbrev: 'ipcp.opt.iphc.param', name: 'Parameter', type: 'uint8', base: 'dec', vals: IPHC_PARAMS, ref: 'RFC 3545 §4' },
  // option subtrees
  o_addrs: { abbrev: 'ipcp.opt.addrs', name: 'IP Addresses (deprecated)', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1172 §5.1' },
  o_compress: { abbrev: 'ipcp.opt.compress', name: 'IP Compression Protocol', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1332 §3.2' },
  o_addr: { abbrev: 'ipcp.opt.addr', name: 'IP Address', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1332 §3.3' },
  o_mobileipv4: { abbrev: 'ipcp.opt.mobileipv4', name: 'Mobile Node\'s Home IP Address', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 2290 §2.1' },
  o_pri_dns: { abbrev: 'ipcp.opt.pri_dns', name: 'Primary DNS Server IP Address', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1877 §1.1' },
  o_pri_nbns: { abbrev: 'ipcp.opt.pri_nbns', name: 'Primary NBNS Server IP Address', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1877 §1.2' },
  o_sec_dns: { abbrev: 'ipcp.opt.sec_dns', name: 'Secondary DNS Server IP Address', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1877 §1.3' },
  o_sec_nbns: { abbrev: 'ipcp.opt.sec_nbns', name: 'Secondary NBNS Server IP Address', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1877 §1.4' },
  o_rohc_profiles: { abbrev: 'ipcp.opt.rohc.profile_bytes', name: 'Profiles (RFC3241)', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 3241 §3.1' },
  o_iphc_rtp: { abbrev: 'ipcp.opt.iphc.rtp_compress', name: 'RTP compression (RFC2508)', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 3544 §2.2' },
  o_iphc_ertp: { abbrev: 'ipcp.opt.iphc.enhanced_rtp_compress', name: 'Enhanced RTP compression (RFC3545)', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 3545 §4' },
  o_iphc_neghdr: { abbrev: 'ipcp.opt.iphc.neghdrcomp', name: 'Negotiating header compression (RFC3545)', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 3545 §4' },
});

export const IPCP_FAMILY: OptionFamily = { type: hf.opt_type, length: hf.opt_length };
const ROHC_FAMILY: OptionFamily = { type: hf.opt_rohc_type, length: hf.opt_rohc_length };
const IPHC_FAMILY: OptionFamily = { type: hf.opt_iphc_type, length: hf.opt_iphc_length };

const ROHC_SUBOPTIONS: ReadonlyMap<number, OptionDef> = new Map([
  [1, { name: 'Profiles (RFC3241)', head: hf.o_rohc_profiles, decode: (o: Opt) => {
    o.open();
    for (let off = 2; off + 2 <= o.len; off += 2) {
      const p = o.tvb.u16(off);
      o.add(hf.opt_rohc_profile, off, 2, p, () => vlabel(hf.opt_rohc_profile, p));
    }
  } }],
]);

const IPHC_SUBOPTIONS: ReadonlyMap<number, OptionDef> = new Map([
  [1, { name: 'RTP compression (RFC2508)', head: hf.o_iphc_rtp, decode: (o: Opt) => { o.fixed(2); } }],
  [2, { name: 'Enhanced RTP compression (RFC3545)', head: hf.o_iphc_ertp, decode: (o: Opt) => { o.fixed(2); } }],
  [3, { name: 'Negotiating header compression (RFC3545)', head: hf.o_iphc_neghdr, decode: (o: Opt) => {
    if (!o.fixed(3)) return;
    const p = o.tvb.u8(2);
    o.add(hf.opt_iphc_param, 2, 1, p, () => vlabel(hf.opt_iphc_param, p));
  } }],
]);

/** A 16-bit field of an option that takes any length: false (with a bounds problem) when the option is too short. */
function u16(o: Opt, f: FieldDef, off: number, text?: (v: number) => string): boolean {
  if (!o.need(off, 2, f.name)) return false;
  const v = o.tvb.u16(off);
  o.add(f, off, 2, v, text && (() => text(v)));
  return true;
}

const infinity = (f: FieldDef) => (v: number): string => `${f.name}: ${v}${v === 0 ? ' (infinity)' : ''}`;

/** IP-Compression-Protocol (RFC 1332 §3.2, RFC 3241, RFC 3544); also IPV6CP's option 2 (RFC 5072 §4.2). */
export function decodeCompress(o: Opt): void {
  o.open(hf.o_compress);
  if (!o.need(2, 2, 'IP-Compression-Protocol')) return;
  const proto = o.tvb.u16(2);
  o.add(hf.opt_compress_proto, 2, 2, proto, () => vlabel(hf.opt_compress_proto, proto));
  switch (proto) {
    case 0x0003: // ROHC
      if (!u16(o, hf.opt_max_cid, 4) || !u16(o, hf.opt_mrru, 6) || !u16(o, hf.opt_max_header, 8)) return;
      if (o.len > 10) optionsSubtree('Suboptions', o.tvb, 10, o.len - 10, ROHC_SUBOPTIONS, ROHC_FAMILY, o.pinfo, o.t, o.node);
      break;
    case 0x002d: case 0x0037: // Van Jacobson
      if (!o.need(4, 1, 'Max-Slot-Id')) return;
      o.add(hf.opt_max_slot_id, 4, 1, o.tvb.u8(4));
      if (!o.need(5, 1, 'Comp-Slot-Id')) return;
      o.add(hf.opt_comp_slot_id, 5, 1, (o.tvb.u8(5) & 1) === 1);
      break;
    case 0x0061: // IPHC
      if (!u16(o, hf.opt_tcp_space, 4) || !u16(o, hf.opt_non_tcp_space, 6)) return;
      if (!u16(o, hf.opt_f_max_period, 8, infinity(hf.opt_f_max_period)) || !u16(o, hf.opt_f_max_time, 10, infinity(hf.opt_f_max_time))) return;
      if (!u16(o, hf.opt_max_header, 12)) return;
      if (o.len > 14) optionsSubtree('Suboptions', o.tvb, 14, o.len - 14, IPHC_SUBOPTIONS, IPHC_FAMILY, o.pinfo, o.t, o.node);
      break;
    default:
      if (o.len > 4) o.add(hf.data, 4, o.len - 4);
      break;
  }
}

/** A fixed 6-octet option holding one IPv4 address. */
const address = (name: string, head: FieldDef, field: FieldDef): OptionDef => ({ name, head, decode: (o) => {
  if (o.fixed(6)) o.add(field, 2, 4, o.tvb.ipv4(2));
} });

export const IPCP_OPTIONS: ReadonlyMap<number, OptionDef> = new Map<number, OptionDef>([
  [1, { name: 'IP Addresses (deprecated)', head: hf.o_addrs, decode: (o) => {
    if (!o.fixed(10)) return;
    o.add(hf.opt_src_address, 2, 4, o.tvb.ipv4(2));
    o.add(hf.opt_dst_address, 6, 4, o.tvb.ipv4(6));
  } }],
  [2, { name: 'IP Compression Protocol', head: hf.o_compress, decode: decodeCompress }],
  [3, address('IP Address', hf.o_addr, hf.opt_ip_address)],
  [4, address('Mobile Node\'s Home IP Address', hf.o_mobileipv4, hf.opt_mobilenodehomeaddress)],
  [129, address('Primary DNS Server IP Address', hf.o_pri_dns, hf.opt_pri_dns_address)],
  [130, address('Primary NBNS Server IP Address', hf.o_pri_nbns, hf.opt_pri_nbns_address)],
  [131, address('Secondary DNS Server IP Address', hf.o_sec_dns, hf.opt_sec_dns_address)],
  [132, address('Secondary NBNS Server IP Address', hf.o_sec_nbns, hf.opt_sec_nbns_address)],
]);

export const IPCP: ControlProtocol = {
  name: 'ipcp', column: 'PPP IPCP', proto: hf.ipcp, codes: CP_CODES, options: IPCP_OPTIONS, family: IPCP_FAMILY,
};

const dissectIpcp = controlProtocol(IPCP, 0x8021);

export const ipcp: ProtocolModule = {
  name: 'ipcp',
  register(reg: Registry): void {
    reg.add('ppp.protocol', 0x8021, { name: 'ipcp', dissect: dissectIpcp });
  },
};
