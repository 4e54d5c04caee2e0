// PPP IPv6 Control Protocol (RFC 5072, formerly RFC 2472): the shared control-protocol packet with the
// Interface-Identifier option; option 2 (IPv6-Compression-Protocol) is decoded with IPCP's compression-option
// decoder under ipcp.opt.* fields, as tshark does.

import { defineFields } from '../fields';
import type { ProtocolModule, Registry } from '../registry';
import { decodeCompress, hf as ipcpHf, IPCP_FAMILY } from './ipcp';
import { CP_CODES, controlProtocol } from './pppCp';
import type { ControlProtocol, OptionDef, OptionFamily } from './pppCp';

export const hf = defineFields({
  ipv6cp: { abbrev: 'ipv6cp', name: 'PPP IPv6 Control Protocol', type: 'protocol', ref: 'RFC 5072' },
  opt_type: { abbrev: 'ipv6cp.opt.type', name: 'Type', type: 'uint8', base: 'dec', ref: 'RFC 5072 §4', blurb: 'Which IPV6CP Configuration Option this is.' },
  opt_length: { abbrev: 'ipv6cp.opt.length', name: 'Length', type: 'uint8', base: 'dec', ref: 'RFC 5072 §4' },
  interface_identifier: { abbrev: 'ipv6cp.interface_identifier', name: 'Interface Identifier', type: 'bytes', ref: 'RFC 5072 §4.1', blurb: 'The 64-bit identifier the sender uses for its link-local address fe80::/64; all zero asks the peer to propose one.' },
  o_if_id: { abbrev: 'ipv6cp.opt.interface_identifier', name: 'Interface Identifier', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 5072 §4.1' },
});

const FAMILY: OptionFamily = { type: hf.opt_type, length: hf.opt_length };

export const IPV6CP_OPTIONS: ReadonlyMap<number, OptionDef> = new Map<number, OptionDef>([
  [1, { name: 'Interface Identifier', head: hf.o_if_id, decode: (o) => {
    if (o.fixed(10)) o.add(hf.interface_identifier, 2, 8, o.tvb.hex(2, 8, ':'));
  } }],
  // tshark registers IPCP's compression-option dissector here: its item, Type and Length are ipcp.opt.*
  [2, { name: 'IPv6 compression', head: ipcpHf.o_compress, family: IPCP_FAMILY, decode: decodeCompress }],
]);

export const IPV6CP: ControlProtocol = {
  name: 'ipv6cp', column: 'PPP IPV6CP', proto: hf.ipv6cp, codes: CP_CODES, options: IPV6CP_OPTIONS, family: FAMILY,
};

const dissectIpv6cp = controlProtocol(IPV6CP, 0x8057);

export const ipv6cp: ProtocolModule = {
  name: 'ipv6cp',
  register(reg: Registry): void {
    reg.add('ppp.protocol', 0x8057, { name: 'ipv6cp', dissect: dissectIpv6cp });
  },
};
