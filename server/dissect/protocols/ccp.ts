// PPP Compression Control Protocol (RFC 1962): the shared control-protocol packet (plus Reset-Request/Ack)
// with the compression options tshark decodes: OUI, Predictor, Stac LZS, Microsoft PPE/PPC (MPPE/MPPC),
// Gandalf FZA, BSD LZW, LZS-DCP, Magnalink, DCE, Deflate, V.44/LZJH.

import { defineFields } from '../fields';
import type { FieldDef } from '../fields';
import type { ProtocolModule, Registry } from '../registry';
import { bitPicture } from '../render';
import { bitmask, CP_CODES, controlProtocol, hex, ouiSuffix, vlabel } from './pppCp';
import type { ControlProtocol, Opt, OptionDef, OptionFamily } from './pppCp';

export const CCP_CODES: Readonly<Record<number, string>> = {
  ...CP_CODES,
  14: 'Reset Request',
  15: 'Reset Ack',
};

const STAC_CHECK_MODES: Readonly<Record<number, string>> = { 0: 'None', 1: 'LCB', 2: 'CRC', 3: 'Sequence Number', 4: 'Extended Mode' };
const LZSDCP_CHECK_MODES: Readonly<Record<number, string>> = { 0: 'None', 1: 'LCB', 2: 'Sequence Number', 3: 'Sequence Number + LCB (default)' };
const LZSDCP_PROCESS_MODES: Readonly<Record<number, string>> = { 0: 'None (default)', 1: 'Process-Uncompressed' };
const DCE_MODES: Readonly<Record<number, string>> = { 1: 'No Additional Negotiation', 2: 'Full PPP Negotiation and State Machine' };

export const hf = defineFields({
  ccp: { abbrev: 'ccp', name: 'PPP Compression Control Protocol', type: 'protocol', ref: 'RFC 1962' },
  opt_type: { abbrev: 'ccp.opt.type', name: 'Type', type: 'uint8', base: 'dec', ref: 'RFC 1962 §4', blurb: 'Which compression algorithm this option proposes.' },
  opt_length: { abbrev: 'ccp.opt.length', name: 'Length', type: 'uint8', base: 'dec', ref: 'RFC 1962 §4' },
  opt_oui: { abbrev: 'ccp.opt.oui', name: 'OUI', type: 'uint24', base: 'dec', ref: 'RFC 1962 §4.1' },
  opt_subtype: { abbrev: 'ccp.opt.subtype', name: 'Subtype', type: 'uint8', base: 'dec_hex', ref: 'RFC 1962 §4.1' },
  opt_history_count: { abbrev: 'ccp.opt.history_count', name: 'History Count', type: 'uint16', base: 'dec', ref: 'RFC 1974 §2.1', blurb: 'The maximum number of compression histories' },
  opt_cm: { abbrev: 'ccp.opt.cm', name: 'Check Mode Field', type: 'uint8', base: 'dec', ref: 'RFC 1974 §2.1' },
  opt_cm_reserved: { abbrev: 'ccp.opt.cm.reserved', name: 'Reserved', type: 'uint8', base: 'dec', mask: 0xf8, ref: 'RFC 1974 §2.1' },
  opt_cm_check_mode: { abbrev: 'ccp.opt.cm.check_mode', name: 'Check Mode', type: 'uint8', base: 'dec', mask: 0x07, vals: STAC_CHECK_MODES, ref: 'RFC 1974 §2.1' },
  opt_supported_bits: { abbrev: 'ccp.opt.supported_bits', name: 'Supported Bits', type: 'uint32', base: 'hex', ref: 'RFC 3078 §2.1', blurb: 'MPPC/MPPE capabilities: H stateless, M/S/L 56/128/40-bit encryption, C MPPC compression.' },
  opt_sb_h: { abbrev: 'ccp.opt.supported_bits.h', name: 'H', type: 'bool', bits: 32, mask: 0x01000000, tfs: ['Stateless mode ON', 'Stateless mode OFF'], ref: 'RFC 3078 §2.1' },
  opt_sb_m: { abbrev: 'ccp.opt.supported_bits.m', name: 'M', type: 'bool', bits: 32, mask: 0x80, tfs: ['56-bit encryption ON', '56-bit encryption OFF'], ref: 'RFC 3078 §2.1' },
  opt_sb_s: { abbrev: 'ccp.opt.supported_bits.s', name: 'S', type: 'bool', bits: 32, mask: 0x40, tfs: ['128-bit encryption ON', '128-bit encryption OFF'], ref: 'RFC 3078 §2.1' },
  opt_sb_l: { abbrev: 'ccp.opt.supported_bits.l', name: 'L', type: 'bool', bits: 32, mask: 0x20, tfs: ['40-bit encryption ON', '40-bit encryption OFF'], ref: 'RFC 3078 §2.1' },
  opt_sb_d: { abbrev: 'ccp.opt.supported_bits.d', name: 'D', type: 'bool', bits: 32, mask: 0x10, tfs: ['Obsolete (should NOT be 1)', 'Obsolete (should ALWAYS be 0)'], ref: 'RFC 3078 §2.1' },
  opt_sb_c: { abbrev: 'ccp.opt.supported_bits.c', name: 'C', type: 'bool', bits: 32, mask: 0x01, tfs: ['Desire to negotiate MPPC', 'No desire to negotiate MPPC'], ref: 'RFC 2118 §2' },
  opt_history: { abbrev: 'ccp.opt.history', name: 'History', type: 'uint8', base: 'dec', ref: 'RFC 1993 §2', blurb: 'Maximum size of the compression history in powers of 2' },
  opt_version: { abbrev: 'ccp.opt.version', name: 'Version', type: 'bytes', ref: 'RFC 1993 §2' },
  opt_vd: { abbrev: 'ccp.opt.vd', name: 'Vers/Dict', type: 'uint8', base: 'hex', ref: 'RFC 1977 §2.1' },
  opt_vd_vers: { abbrev: 'ccp.opt.vd.vers', name: 'Vers', type: 'uint8', base: 'dec', mask: 0xe0, ref: 'RFC 1977 §2.1' },
  opt_vd_dict: { abbrev: 'ccp.opt.vd.dict', name: 'Dict', type: 'uint8', base: 'dec', mask: 0x1f, ref: 'RFC 1977 §2.1', blurb: 'The size in bits of the largest code used' },
  opt_check_mode: { abbrev: 'ccp.opt.check_mode', name: 'Check Mode', type: 'uint8', base: 'dec', vals: LZSDCP_CHECK_MODES, ref: 'RFC 1967 §2' },
  opt_process_mode: { abbrev: 'ccp.opt.process_mode', name: 'Process Mode', type: 'uint8', base: 'dec', vals: LZSDCP_PROCESS_MODES, ref: 'RFC 1967 §2' },
  opt_fe: { abbrev: 'ccp.opt.fe', name: 'Features', type: 'uint8', base: 'dec', mask: 0xc0, ref: 'RFC 1975 §2' },
  opt_p: { abbrev: 'ccp.opt.p', name: 'Packet by Packet flag', type: 'bool', bits: 8, mask: 0x20, tfs: ['Enabled', 'Disabled'], ref: 'RFC 1975 §2' },
  opt_History: { abbrev: 'ccp.opt.History', name: 'History', type: 'uint8', base: 'dec', mask: 0x1f, ref: 'RFC 1975 §2' },
  opt_contexts: { abbrev: 'ccp.opt.contexts', name: '# Contexts', type: 'uint8', base: 'dec', ref: 'RFC 1975 §2' },
  opt_mode: { abbrev: 'ccp.opt.mode', name: 'Mode', type: 'uint8', base: 'dec', vals: DCE_MODES, ref: 'RFC 1976 §2' },
  opt_window: { abbrev: 'ccp.opt.window', name: 'Window', type: 'uint8', base: 'dec', mask: 0xf0, ref: 'RFC 1979 §2.1', blurb: 'Deflate window: 2^(value+8) octets of history.' },
  opt_method: { abbrev: 'ccp.opt.method', name: 'Method', type: 'uint8', base: 'dec', mask: 0x0f, vals: { 8: 'zlib compression' }, ref: 'RFC 1979 §2.1' },
  opt_mbz: { abbrev: 'ccp.opt.mbz', name: 'MBZ', type: 'uint8', base: 'dec', mask: 0xfc, ref: 'RFC 1979 §2.1' },
  opt_chk: { abbrev: 'ccp.opt.chk', name: 'Chk', type: 'uint8', base: 'dec', mask: 0x03, vals: { 0: 'sequence number check method' }, ref: 'RFC 1979 §2.1' },
  opt_mode_dictcount: { abbrev: 'ccp.opt.mode_dictcount', name: 'Mode/Dictionary Count', type: 'uint16', base: 'dec' },
  opt_dict_size: { abbrev: 'ccp.opt.dict_size', name: 'Dictionary Size', type: 'uint16', base: 'dec' },
  opt_history_length: { abbrev: 'ccp.opt.history_length', name: 'History Length', type: 'uint16', base: 'dec' },
  opt_data: { abbrev: 'ccp.opt.data', name: 'Data', type: 'bytes' },
  // option subtrees
  o_oui: { abbrev: 'ccp.opt_oui', name: 'OUI', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1962 §4.1' },
  o_predict1: { abbrev: 'ccp.opt.predict1', name: 'Predictor type 1', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1978' },
  o_predict2: { abbrev: 'ccp.opt.predict2', name: 'Predictor type 2', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1978' },
  o_puddle: { abbrev: 'ccp.opt.puddle', name: 'Puddle Jumper', type: 'protocol', fieldsRepr: 'bytes' },
  o_hpppc: { abbrev: 'ccp.opt.hpppc', name: 'Hewlett-Packard PPC', type: 'protocol', fieldsRepr: 'bytes' },
  o_stac: { abbrev: 'ccp.opt.stac', name: 'Stac Electronics LZS', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1974 §2' },
  o_stac_ascend: { abbrev: 'ccp.opt.stac_ascend', name: 'Stac Electronics LZS (Ascend Proprietary version)', type: 'protocol', fieldsRepr: 'bytes' },
  o_mppe: { abbrev: 'ccp.opt.mppe', name: 'Microsoft PPE/PPC', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 3078 §2' },
  o_gfza: { abbrev: 'ccp.opt.gfza', name: 'Gandalf FZA', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1993' },
  o_v42bis: { abbrev: 'ccp.opt.v42bis', name: 'V.42bis compression', type: 'protocol', fieldsRepr: 'bytes' },
  o_bsdcomp: { abbrev: 'ccp.opt.bsdcomp', name: 'BSD LZW Compress', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1977' },
  o_lzsdcp: { abbrev: 'ccp.opt.lzsdcp', name: 'LZS-DCP', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1967' },
  o_mvrca: { abbrev: 'ccp.opt.mvrca', name: 'MVRCA (Magnalink)', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1975' },
  o_dce: { abbrev: 'ccp.opt.dce', name: 'PPP for Data Compression in Data Circuit-Terminating Equipment (DCE)', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1976' },
  o_deflate: { abbrev: 'ccp.opt.deflate', name: 'Deflate', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1979' },
  o_v44lzjh: { abbrev: 'ccp.opt.v44lzjh', name: 'V.44/LZJH compression', type: 'protocol', fieldsRepr: 'bytes' },
});

const FAMILY: OptionFamily = { type: hf.opt_type, length: hf.opt_length };

/** RFC 1962 §4.2-style options with no defined body: the octets after Type/Length as data. */
const other = (name: string, head: FieldDef): OptionDef => ({ name, head, decode: (o) => {
  o.open();
  if (o.len > 2) o.add(hf.opt_data, 2, o.len - 2);
} });

/** Fixed option whose single octet at 2 is a bitmask item. */
function bitmaskItem(o: Opt, item: FieldDef, off: number, len: number, value: number, digits: number, items: readonly FieldDef[]): void {
  const node = o.add(item, off, len, value);
  const list = bitmask(o, node, off, len, value, items);
  if (o.t.tree) o.t.setText(node, `${item.name}: ${item.base === 'hex' ? hex(value, digits) : value}${list}`);
}

const dictCount = (v: number): string => (v === 0 ? 'Datagram Mode (one dictionary and no history)' : v === 1 ? 'Multi-Datagram Mode (one dictionary with history)' : 'Individual Link Mode');

export const CCP_OPTIONS: ReadonlyMap<number, OptionDef> = new Map<number, OptionDef>([
  [0, { name: 'OUI', head: hf.o_oui, decode: (o) => {
    if (!o.atLeast(6)) return;
    o.add(hf.opt_oui, 2, 3, o.tvb.u24(2), () => `OUI: ${o.tvb.hex(2, 3, ':')}${ouiSuffix(o.tvb.u24(2))}`);
    o.add(hf.opt_subtype, 5, 1, o.tvb.u8(5));
    if (o.len > 6) o.add(hf.opt_data, 6, o.len - 6);
  } }],
  [1, other('Predictor type 1', hf.o_predict1)],
  [2, other('Predictor type 2', hf.o_predict2)],
  [3, other('Puddle Jumper', hf.o_puddle)],
  [16, other('Hewlett-Packard PPC', hf.o_hpppc)],
  [17, { name: 'Stac Electronics LZS', head: hf.o_stac, decode: (o) => {
    // RFC 1974 says 5 octets; Ascend's proprietary variant has 6, whose last four are undocumented
    const ascend = o.len === 6;
    if (!o.atLeast(5, ascend ? hf.o_stac_ascend : hf.o_stac)) return;
    if (ascend) {
      o.add(hf.opt_data, 2, o.len - 2);
      return;
    }
    o.add(hf.opt_history_count, 2, 2, o.tvb.u16(2));
    bitmaskItem(o, hf.opt_cm, 4, 1, o.tvb.u8(4), 2, [hf.opt_cm_reserved, hf.opt_cm_check_mode]);
  } }],
  [18, { name: 'Microsoft PPE/PPC', head: hf.o_mppe, decode: (o) => {
    if (!o.fixed(6)) return;
    bitmaskItem(o, hf.opt_supported_bits, 2, 4, o.tvb.u32(2), 8, [hf.opt_sb_h, hf.opt_sb_m, hf.opt_sb_s, hf.opt_sb_l, hf.opt_sb_d, hf.opt_sb_c]);
  } }],
  [19, { name: 'Gandalf FZA', head: hf.o_gfza, decode: (o) => {
    if (!o.atLeast(3)) return;
    o.add(hf.opt_history, 2, 1, o.tvb.u8(2));
    if (o.len > 3) o.add(hf.opt_version, 3, o.len - 3);
  } }],
  [20, other('V.42bis compression', hf.o_v42bis)],
  [21, { name: 'BSD LZW Compress', head: hf.o_bsdcomp, decode: (o) => {
    if (!o.fixed(3)) return;
    bitmaskItem(o, hf.opt_vd, 2, 1, o.tvb.u8(2), 2, [hf.opt_vd_vers, hf.opt_vd_dict]);
  } }],
  [23, { name: 'LZS-DCP', head: hf.o_lzsdcp, decode: (o) => {
    if (!o.fixed(6)) return;
    o.add(hf.opt_history_count, 2, 2, o.tvb.u16(2));
    o.add(hf.opt_check_mode, 4, 1, o.tvb.u8(4), () => vlabel(hf.opt_check_mode, o.tvb.u8(4)));
    o.add(hf.opt_process_mode, 5, 1, o.tvb.u8(5), () => vlabel(hf.opt_process_mode, o.tvb.u8(5)));
  } }],
  [24, { name: 'MVRCA (Magnalink)', head: hf.o_mvrca, decode: (o) => {
    if (!o.fixed(4)) return;
    const b = o.tvb.u8(2);
    o.add(hf.opt_fe, 2, 1, b >> 6);
    o.add(hf.opt_p, 2, 1, (b & 0x20) !== 0);
    o.add(hf.opt_History, 2, 1, b & 0x1f);
    o.add(hf.opt_contexts, 3, 1, o.tvb.u8(3));
  } }],
  [25, { name: 'PPP for Data Compression in Data Circuit-Terminating Equipment (DCE)', head: hf.o_dce, decode: (o) => {
    if (!o.fixed(3)) return;
    o.add(hf.opt_mode, 2, 1, o.tvb.u8(2), () => vlabel(hf.opt_mode, o.tvb.u8(2)));
  } }],
  [26, { name: 'Deflate', head: hf.o_deflate, decode: (o) => {
    // RFC 1979 says the length is 3, implementations (and tshark) use 4
    if (!o.fixed(4)) return;
    const w = o.tvb.u8(2);
    const c = o.tvb.u8(3);
    o.add(hf.opt_window, 2, 1, w >> 4, () => `${bitPicture(0xf0, 8, w >> 4)} = Window: ${2 ** ((w >> 4) + 8)}`);
    o.add(hf.opt_method, 2, 1, w & 0x0f, () => `${bitPicture(0x0f, 8, w & 0x0f)} = ${vlabel(hf.opt_method, w & 0x0f)}`);
    o.add(hf.opt_mbz, 3, 1, c >> 2);
    o.add(hf.opt_chk, 3, 1, c & 3, () => `${bitPicture(0x03, 8, c & 3)} = ${vlabel(hf.opt_chk, c & 3)}`);
  } }],
  [27, { name: 'V.44/LZJH compression', head: hf.o_v44lzjh, decode: (o) => {
    if (!o.atLeast(4)) return;
    const m = o.tvb.u16(2);
    o.add(hf.opt_mode_dictcount, 2, 2, m, () => `Mode/Dictionary Count: ${dictCount(m)} (${m})`);
    if (o.len > 4) {
      if (!o.need(4, 2, 'Dictionary Size')) return;
      o.add(hf.opt_dict_size, 4, 2, o.tvb.u16(4));
      if (o.len > 6) {
        if (!o.need(6, 2, 'History Length')) return;
        o.add(hf.opt_history_length, 6, 2, o.tvb.u16(6));
      }
    }
  } }],
]);

export const CCP: ControlProtocol = {
  name: 'ccp', column: 'PPP CCP', proto: hf.ccp, codes: CCP_CODES, options: CCP_OPTIONS, family: FAMILY,
};

const dissectCcp = controlProtocol(CCP, 0x80fd);

export const ccp: ProtocolModule = {
  name: 'ccp',
  register(reg: Registry): void {
    reg.add('ppp.protocol', 0x80fd, { name: 'ccp', dissect: dissectCcp });
  },
};
