// PPP Link Control Protocol (RFC 1661, RFC 1570, RFC 1990, RFC 2153 …): every LCP code through the shared
// control-protocol decoder (pppCp.ts) and every LCP Configuration Option tshark knows, under its abbreviations.
// `dissectLcpOptions` decodes a bare run of options (the L2TP Initial/Last Sent/Last Received LCP CONFREQ AVPs).

import type { Builder, Parent } from '../builder';
import { need } from '../common';
import { defineFields } from '../fields';
import type { FieldDef } from '../fields';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { appendLabel, bitmask, CP_CODES, controlProtocol, dissectOptions, hex, hf as cpHf, named, ouiSuffix, plural, PPP_PROTOCOLS } from './pppCp';
import type { ControlProtocol, OptionDef, OptionFamily } from './pppCp';

export { cpHf };

/** LCP codes (RFC 1661 §5, RFC 1570 §2-3, RFC 2153). */
export const LCP_CODES: Readonly<Record<number, string>> = {
  ...CP_CODES,
  8: 'Protocol Reject',
  9: 'Echo Request',
  10: 'Echo Reply',
  11: 'Discard Request',
  12: 'Identification',
  13: 'Time Remaining',
};

/** CHAP algorithms in the Authentication-Protocol option (RFC 1994 §3, RFC 2433, RFC 2759). */
export const CHAP_ALGORITHMS: Readonly<Record<number, string>> = {
  0: 'Reserved', 1: 'Reserved', 2: 'Reserved', 3: 'Reserved', 4: 'Reserved',
  5: 'CHAP with MD5', 6: 'CHAP with SHA-1', 128: 'MS-CHAP', 129: 'MS-CHAP-2',
};

const CALLBACK_OPS: Readonly<Record<number, string>> = {
  0: 'Location is determined by user authentication',
  1: 'Message is dialing string',
  2: 'Message is location identifier',
  3: 'Message is E.164',
  4: 'Message is distinguished name',
  5: 'unassigned',
  6: 'Location is determined during CBCP negotiation',
};

const EP_DISC_CLASSES: Readonly<Record<number, string>> = {
  0: 'Null',
  1: 'Locally assigned address',
  2: 'Internet Protocol (IP) address',
  3: 'IEEE 802.1 globally assigned MAC address',
  4: 'PPP magic-number block',
  5: 'Public switched network directory number',
};

const DCE_MODES: Readonly<Record<number, string>> = {
  1: 'Mode-1 (No Additional Negotiation)',
  2: 'Mode-2 (Full PPP Negotiation and State Machine)',
};

const ML_HDR_FMT_CODES: Readonly<Record<number, string>> = {
  2: 'Long sequence number fragment format with classes',
  6: 'Short sequence number fragment format with classes',
};

/** IANA character sets (MIBenum) for the Internationalization option (tshark's charset_vals). */
const CHARSETS: Readonly<Record<number, string>> = {
  3: 'ANSI_X3.4-1968', 4: 'ISO_8859-1:1987', 5: 'ISO_8859-2:1987', 6: 'ISO_8859-3:1988', 7: 'ISO_8859-4:1988', 8: 'ISO_8859-5:1988', 
  9: 'ISO_8859-6:1987', 10: 'ISO_8859-7:1987', 11: 'ISO_8859-8:1988', 12: 'ISO_8859-9:1989', 13: 'ISO-8859-10', 14: 'ISO_6937-2-add', 
  15: 'JIS_X0201', 16: 'JIS_Encoding', 17: 'Shift_JIS', 18: 'Extended_UNIX_Code_Packed_Format_for_Japanese', 19: 'Extended_UNIX_Code_Fixed_Width_for_Japanese', 20: 'BS_4730', 
  21: 'SEN_850200_C', 22: 'IT', 23: 'ES', 24: 'DIN_66003', 25: 'NS_4551-1', 26: 'NF_Z_62-010', 
  27: 'ISO-10646-UTF-1', 28: 'ISO_646.basic:1983', 29: 'INVARIANT', 30: 'ISO_646.irv:1983', 31: 'NATS-SEFI', 32: 'NATS-SEFI-ADD', 
  33: 'NATS-DANO', 34: 'NATS-DANO-ADD', 35: 'SEN_850200_B', 36: 'KS_C_5601-1987', 37: 'ISO-2022-KR', 38: 'EUC-KR', 
  39: 'ISO-2022-JP', 40: 'ISO-2022-JP-2', 41: 'JIS_C6220-1969-jp', 42: 'JIS_C6220-1969-ro', 43: 'PT', 44: 'greek7-old', 
  45: 'latin-greek', 46: 'NF_Z_62-010_(1973)', 47: 'Latin-greek-1', 48: 'ISO_5427', 49: 'JIS_C6226-1978', 50: 'BS_viewdata', 
  51: 'INIS', 52: 'INIS-8', 53: 'INIS-cyrillic', 54: 'ISO_5427:1981', 55: 'ISO_5428:1980', 56: 'GB_1988-80', 
  57: 'GB_2312-80', 58: 'NS_4551-2', 59: 'videotex-suppl', 60: 'PT2', 61: 'ES2', 62: 'MSZ_7795.3', 
  63: 'JIS_C6226-1983', 64: 'greek7', 65: 'ASMO_449', 66: 'iso-ir-90', 67: 'JIS_C6229-1984-a', 68: 'JIS_C6229-1984-b', 
  69: 'JIS_C6229-1984-b-add', 70: 'JIS_C6229-1984-hand', 71: 'JIS_C6229-1984-hand-add', 72: 'JIS_C6229-1984-kana', 73: 'ISO_2033-1983', 74: 'ANSI_X3.110-1983', 
  75: 'T.61-7bit', 76: 'T.61-8bit', 77: 'ECMA-cyrillic', 78: 'CSA_Z243.4-1985-1', 79: 'CSA_Z243.4-1985-2', 80: 'CSA_Z243.4-1985-gr', 
  81: 'ISO_8859-6-E', 82: 'ISO_8859-6-I', 83: 'T.101-G2', 84: 'ISO_8859-8-E', 85: 'ISO_8859-8-I', 86: 'CSN_369103', 
  87: 'JUS_I.B1.002', 88: 'IEC_P27-1', 89: 'JUS_I.B1.003-serb', 90: 'JUS_I.B1.003-mac', 91: 'greek-ccitt', 92: 'NC_NC00-10:81', 
  93: 'ISO_6937-2-25', 94: 'GOST_19768-74', 95: 'ISO_8859-supp', 96: 'ISO_10367-box', 97: 'latin-lap', 98: 'JIS_X0212-1990', 
  99: 'DS_2089', 100: 'us-dk', 101: 'dk-us', 102: 'KSC5636', 103: 'UNICODE-1-1-UTF-7', 104: 'ISO-2022-CN', 
  105: 'ISO-2022-CN-EXT', 106: 'UTF-8', 109: 'ISO-8859-13', 110: 'ISO-8859-14', 111: 'ISO-8859-15', 112: 'ISO-8859-16', 
  113: 'GBK', 114: 'GB18030', 115: 'OSD_EBCDIC_DF04_15', 116: 'OSD_EBCDIC_DF03_IRV', 117: 'OSD_EBCDIC_DF04_1', 118: 'ISO-11548-1', 
  119: 'KZ-1048', 1000: 'ISO-10646-UCS-2', 1001: 'ISO-10646-UCS-4', 1002: 'ISO-10646-UCS-Basic', 1003: 'ISO-10646-Unicode-Latin1', 1004: 'ISO-10646-J-1', 
  1005: 'ISO-Unicode-IBM-1261', 1006: 'ISO-Unicode-IBM-1268', 1007: 'ISO-Unicode-IBM-1276', 1008: 'ISO-Unicode-IBM-1264', 1009: 'ISO-Unicode-IBM-1265', 1010: 'UNICODE-1-1', 
  1011: 'SCSU', 1012: 'UTF-7', 1013: 'UTF-16BE', 1014: 'UTF-16LE', 1015: 'UTF-16', 1016: 'CESU-8', 
  1017: 'UTF-32', 1018: 'UTF-32BE', 1019: 'UTF-32LE', 1020: 'BOCU-1', 2000: 'ISO-8859-1-Windows-3.0-Latin-1', 2001: 'ISO-8859-1-Windows-3.1-Latin-1', 
  2002: 'ISO-8859-2-Windows-Latin-2', 2003: 'ISO-8859-9-Windows-Latin-5', 2004: 'hp-roman8', 2005: 'Adobe-Standard-Encoding', 2006: 'Ventura-US', 2007: 'Ventura-International', 
  2008: 'DEC-MCS', 2009: 'IBM850', 2010: 'IBM852', 2011: 'IBM437', 2012: 'PC8-Danish-Norwegian', 2013: 'IBM862', 
  2014: 'PC8-Turkish', 2015: 'IBM-Symbols', 2016: 'IBM-Thai', 2017: 'HP-Legal', 2018: 'HP-Pi-font', 2019: 'HP-Math8', 
  2020: 'Adobe-Symbol-Encoding', 2021: 'HP-DeskTop', 2022: 'Ventura-Math', 2023: 'Microsoft-Publishing', 2024: 'Windows-31J', 2025: 'GB2312', 
  2026: 'Big5', 2027: 'macintosh', 2028: 'IBM037', 2029: 'IBM038', 2030: 'IBM273', 2031: 'IBM274', 
  2032: 'IBM275', 2033: 'IBM277', 2034: 'IBM278', 2035: 'IBM280', 2036: 'IBM281', 2037: 'IBM284', 
  2038: 'IBM285', 2039: 'IBM290', 2040: 'IBM297', 2041: 'IBM420', 2042: 'IBM423', 2043: 'IBM424', 
  2044: 'IBM500', 2045: 'IBM851', 2046: 'IBM855', 2047: 'IBM857', 2048: 'IBM860', 2049: 'IBM861', 
  2050: 'IBM863', 2051: 'IBM864', 2052: 'IBM865', 2053: 'IBM868', 2054: 'IBM869', 2055: 'IBM870', 
  2056: 'IBM871', 2057: 'IBM880', 2058: 'IBM891', 2059: 'IBM903', 2060: 'IBM904', 2061: 'IBM905', 
  2062: 'IBM918', 2063: 'IBM1026', 2064: 'EBCDIC-AT-DE', 2065: 'EBCDIC-AT-DE-A', 2066: 'EBCDIC-CA-FR', 2067: 'EBCDIC-DK-NO', 
  2068: 'EBCDIC-DK-NO-A', 2069: 'EBCDIC-FI-SE', 2070: 'EBCDIC-FI-SE-A', 2071: 'EBCDIC-FR', 2072: 'EBCDIC-IT', 2073: 'EBCDIC-PT', 
  2074: 'EBCDIC-ES', 2075: 'EBCDIC-ES-A', 2076: 'EBCDIC-ES-S', 2077: 'EBCDIC-UK', 2078: 'EBCDIC-US', 2079: 'UNKNOWN-8BIT', 
  2080: 'MNEMONIC', 2081: 'MNEM', 2082: 'VISCII', 2083: 'VIQR', 2084: 'KOI8-R', 2085: 'HZ-GB-2312', 
  2086: 'IBM866', 2087: 'IBM775', 2088: 'KOI8-U', 2089: 'IBM00858', 2090: 'IBM00924', 2091: 'IBM01140', 
  2092: 'IBM01141', 2093: 'IBM01142', 2094: 'IBM01143', 2095: 'IBM01144', 2096: 'IBM01145', 2097: 'IBM01146', 
  2098: 'IBM01147', 2099: 'IBM01148', 2100: 'IBM01149', 2101: 'Big5-HKSCS', 2102: 'IBM1047', 2103: 'PTCP154', 
  2104: 'Amiga-1251', 2105: 'KOI7-switched', 2106: 'BRF', 2107: 'TSCII', 2108: 'CP51932', 2109: 'windows-874', 
  2250: 'windows-1250', 2251: 'windows-1251', 2252: 'windows-1252', 2253: 'windows-1253', 2254: 'windows-1254', 2255: 'windows-1255', 
  2256: 'windows-1256', 2257: 'windows-1257', 2258: 'windows-1258', 2259: 'TIS-620', 2260: 'CP50220',
};

/** Control characters of the Async-Control-Character-Map, bit 0 (NUL) to bit 31 (US). */
const CTRL_CHARS = ['NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'BEL', 'BS', 'HT', 'LF', 'VT', 'FF', 'CR', 'SO', 'SI',
  'DLE', 'DC1 (XON)', 'DC2', 'DC3 (XOFF)', 'DC4', 'NAK', 'SYN', 'ETB', 'CAN', 'EM', 'SUB', 'ESC', 'FS', 'GS', 'RS', 'US'] as const;

const ACCM_ABBREV = ['nul', 'soh', 'stx', 'etx', 'eot', 'enq', 'ack', 'bel', 'bs', 'ht', 'lf', 'vt', 'ff', 'cr', 'so', 'si',
  'dle', 'dc1', 'dc2', 'dc3', 'dc4', 'nak', 'syn', 'etb', 'can', 'em', 'sub', 'esc', 'fs', 'gs', 'rs', 'us'] as const;

export const hf = defineFields({
  lcp: { abbrev: 'lcp', name: 'PPP Link Control Protocol', type: 'protocol', ref: 'RFC 1661 §5' },
  opt_type: { abbrev: 'lcp.opt.type', name: 'Type', type: 'uint8', base: 'dec', ref: 'RFC 1661 §6', blurb: 'Which LCP Configuration Option this is.' },
  opt_length: { abbrev: 'lcp.opt.length', name: 'Length', type: 'uint8', base: 'dec', ref: 'RFC 1661 §6', blurb: 'Length of the option including its Type and Length octets.' },
  opt_oui: { abbrev: 'lcp.opt.oui', name: 'OUI', type: 'uint24', base: 'dec', ref: 'RFC 2153 §3', blurb: 'IEEE OUI of the vendor defining this option.' },
  opt_kind: { abbrev: 'lcp.opt.kind', name: 'Kind', type: 'uint8', base: 'dec_hex', ref: 'RFC 2153 §3' },
  opt_data: { abbrev: 'lcp.opt.data', name: 'Data', type: 'bytes', ref: 'RFC 1661 §6' },
  opt_mru: { abbrev: 'lcp.opt.mru', name: 'Maximum Receive Unit', type: 'uint16', base: 'dec', ref: 'RFC 1661 §6.1', blurb: 'Largest Information field (octets) the sender can receive; default 1500.' },
  opt_asyncmap: { abbrev: 'lcp.opt.asyncmap', name: 'Async Control Character Map', type: 'uint32', base: 'hex', ref: 'RFC 1662 §7.1', blurb: 'Control characters 0x00-0x1f the sender wants escaped on an asynchronous link (bit n = character n).' },
  opt_auth_protocol: { abbrev: 'lcp.opt.auth_protocol', name: 'Authentication Protocol', type: 'uint16', base: 'hex', vals: PPP_PROTOCOLS, ref: 'RFC 1661 §6.2', blurb: 'Protocol the sender requires the peer to authenticate with (0xc023 PAP, 0xc223 CHAP, 0xc227 EAP).' },
  opt_algorithm: { abbrev: 'lcp.opt.algorithm', name: 'Algorithm', type: 'uint8', base: 'dec', vals: CHAP_ALGORITHMS, ref: 'RFC 1994 §3', blurb: 'CHAP hash algorithm: 5 MD5, 128 MS-CHAP, 129 MS-CHAP-2.' },
  opt_quality_protocol: { abbrev: 'lcp.opt.quality_protocol', name: 'Quality Protocol', type: 'uint16', base: 'hex', vals: PPP_PROTOCOLS, ref: 'RFC 1661 §6.3', blurb: 'Link-quality monitoring protocol the sender wants (0xc025 Link Quality Report).' },
  opt_magic_number: { abbrev: 'lcp.opt.magic_number', name: 'Magic Number', type: 'uint32', base: 'hex', ref: 'RFC 1661 §6.4', blurb: 'Random number for detecting looped-back links; each end picks its own.' },
  opt_reporting_period: { abbrev: 'lcp.opt.reporting_period', name: 'Reporting Period', type: 'uint32', base: 'dec', unit: 'microseconds', ref: 'RFC 1172 §5.4', blurb: 'Maximum time in micro-seconds that the remote end should wait between transmission of LCP Link-Quality-Report packets' },
  opt_fcs_alternatives: { abbrev: 'lcp.opt.fcs_alternatives', name: 'FCS Alternatives', type: 'uint8', base: 'hex', ref: 'RFC 1570 §2.1', blurb: 'Frame Check Sequences the sender accepts (bit 0 null, bit 1 16-bit, bit 2 32-bit).' },
  opt_fcs_null: { abbrev: 'lcp.opt.fcs_alternatives.null', name: 'NULL FCS', type: 'bool', bits: 8, mask: 0x01, ref: 'RFC 1570 §2.1' },
  opt_fcs_ccitt16: { abbrev: 'lcp.opt.fcs_alternatives.ccitt16', name: 'CCITT 16-bit', type: 'bool', bits: 8, mask: 0x02, ref: 'RFC 1570 §2.1' },
  opt_fcs_ccitt32: { abbrev: 'lcp.opt.fcs_alternatives.ccitt32', name: 'CCITT 32-bit', type: 'bool', bits: 8, mask: 0x04, ref: 'RFC 1570 §2.1' },
  opt_maximum: { abbrev: 'lcp.opt.maximum', name: 'Maximum', type: 'uint8', base: 'dec', unit: 'octets', ref: 'RFC 1570 §2.2', blurb: 'The largest number of padding octets which may be added to the frame.' },
  opt_window: { abbrev: 'lcp.opt.window', name: 'Window', type: 'uint8', base: 'dec', unit: 'frames', ref: 'RFC 1663 §3', blurb: 'The number of frames the receiver will buffer.' },
  opt_hdlc_address: { abbrev: 'lcp.opt.hdlc_address', name: 'Address', type: 'bytes', ref: 'RFC 1663 §3', blurb: 'An HDLC Address as specified in ISO 3309.' },
  opt_operation: { abbrev: 'lcp.opt.operation', name: 'Operation', type: 'uint8', base: 'dec', vals: CALLBACK_OPS, ref: 'RFC 1570 §2.3', blurb: 'How the callback location is given (6: negotiated with CBCP, Microsoft).' },
  opt_message: { abbrev: 'lcp.opt.message', name: 'Message', type: 'bytes', ref: 'RFC 1570 §2.3' },
  opt_mrru: { abbrev: 'lcp.opt.mrru', name: 'MRRU', type: 'uint16', base: 'dec', ref: 'RFC 1990 §5.1.1', blurb: 'Maximum Receive Reconstructed Unit' },
  opt_ep_disc_class: { abbrev: 'lcp.opt.ep_disc_class', name: 'Class', type: 'uint8', base: 'dec', vals: EP_DISC_CLASSES, ref: 'RFC 1990 §5.1.3', blurb: 'Kind of endpoint discriminator identifying the system for multilink bundling.' },
  opt_ip_address: { abbrev: 'lcp.opt.ip_address', name: 'IP Address', type: 'ipv4', ref: 'RFC 1990 §5.1.3' },
  opt_802_1_address: { abbrev: 'lcp.opt.802_1_address', name: 'IEEE 802.1 Address', type: 'ether', ref: 'RFC 1990 §5.1.3' },
  opt_magic_block: { abbrev: 'lcp.opt.magic_block', name: 'PPP Magic-Number Block', type: 'bytes', ref: 'RFC 1990 §5.1.3' },
  opt_psndn: { abbrev: 'lcp.opt.psndn', name: 'Public Switched Network Directory Number', type: 'bytes', ref: 'RFC 1990 §5.1.3' },
  opt_mode: { abbrev: 'lcp.opt.mode', name: 'Mode', type: 'uint8', base: 'dec', vals: DCE_MODES, ref: 'RFC 1976 §3' },
  opt_unused: { abbrev: 'lcp.opt.unused', name: 'Unused', type: 'bytes', ref: 'RFC 1934 §5' },
  opt_link_discrim: { abbrev: 'lcp.opt.link_discrim', name: 'Link Discriminator', type: 'uint16', base: 'dec_hex', ref: 'RFC 2125 §5.1', blurb: 'Identifies this link to BACP/BAP within a multilink bundle.' },
  opt_id: { abbrev: 'lcp.opt.id', name: 'Identification', type: 'bytes' },
  opt_flags: { abbrev: 'lcp.opt.flags', name: 'Flags', type: 'uint8', base: 'hex' },
  opt_flags_reserved: { abbrev: 'lcp.opt.flags.reserved', name: 'Reserved', type: 'uint8', base: 'hex', mask: 0xfc },
  opt_flags_pre: { abbrev: 'lcp.opt.flags.pre', name: 'PRE', type: 'bool', bits: 8, mask: 0x02, blurb: 'Preemption' },
  opt_flags_zxe: { abbrev: 'lcp.opt.flags.zxe', name: 'ZXE', type: 'bool', bits: 8, mask: 0x01, blurb: 'Zero pair/run elimination' },
  opt_class: { abbrev: 'lcp.opt.class', name: 'Class', type: 'uint8', base: 'dec', ref: 'RFC 2686 §4' },
  opt_prefix: { abbrev: 'lcp.opt.prefix', name: 'Prefix', type: 'bytes', ref: 'RFC 2686 §4' },
  opt_code: { abbrev: 'lcp.opt.code', name: 'Code', type: 'uint8', base: 'dec', vals: ML_HDR_FMT_CODES, ref: 'RFC 2686 §5' },
  opt_max_susp_classes: { abbrev: 'lcp.opt.max_susp_classes', name: 'Max suspendable classes', type: 'uint8', base: 'dec', ref: 'RFC 2686 §5' },
  opt_MIBenum: { abbrev: 'lcp.opt.MIBenum', name: 'MIBenum', type: 'uint32', base: 'dec', vals: CHARSETS, ref: 'RFC 2484 §2', blurb: 'A unique integer value identifying a charset' },
  opt_language_tag: { abbrev: 'lcp.opt.language_tag', name: 'Language-Tag', type: 'string', ref: 'RFC 2484 §2' },
  // option subtrees (protocol items in tshark: `-e lcp.opt.field_compress` tests an option's presence)
  o_vendor: { abbrev: 'lcp.opt.vendor', name: 'Vendor Specific', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 2153 §3' },
  o_mru: { abbrev: 'lcp.opt.mtu_bytes', name: 'Maximum Receive Unit', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1661 §6.1' },
  o_asyncmap: { abbrev: 'lcp.opt.asyncmap_bytes', name: 'Async Control Character Map', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1662 §7.1' },
  o_auth: { abbrev: 'lcp.opt.auth_protocol_bytes', name: 'Authentication Protocol', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1661 §6.2' },
  o_quality: { abbrev: 'lcp.opt.quality_protocol_bytes', name: 'Quality Protocol', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1661 §6.3' },
  o_magic: { abbrev: 'lcp.opt.magic_number_bytes', name: 'Magic Number', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1661 §6.4' },
  o_linkqualmon: { abbrev: 'lcp.opt.linkqualmon', name: 'Link Quality Monitoring', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1172 §5.4' },
  o_pfc: { abbrev: 'lcp.opt.field_compress', name: 'Protocol Field Compression', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1661 §6.5', blurb: 'Present: the sender accepts 1-octet Protocol fields (protocols whose first octet is 0).' },
  o_acfc: { abbrev: 'lcp.opt.addr_field_compress', name: 'Address and Control Field Compression', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1661 §6.6', blurb: 'Present: the sender accepts frames without the 0xff 0x03 Address and Control fields.' },
  o_fcs: { abbrev: 'lcp.opt.fcs_alternatives_bytes', name: 'FCS Alternatives', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1570 §2.1' },
  o_sdp: { abbrev: 'lcp.opt.self_desc_pad', name: 'Self Describing Pad', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1570 §2.2' },
  o_numbered: { abbrev: 'lcp.opt.numbered_mode', name: 'Numbered Mode', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1663 §3' },
  o_callback: { abbrev: 'lcp.opt.callback', name: 'Callback', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1570 §2.3' },
  o_compound: { abbrev: 'lcp.opt.compound_frames', name: 'Compound Frames (Deprecated)', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1570 §2.4' },
  o_nomdataencap: { abbrev: 'lcp.opt.nomdataencap', name: 'Nominal Data Encapsulation (Deprecated)', type: 'protocol', fieldsRepr: 'bytes' },
  o_mrru: { abbrev: 'lcp.opt.multilink_mrru', name: 'Multilink MRRU', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1990 §5.1.1', blurb: 'Present: the sender implements Multilink PPP (and the MRRU it can reassemble).' },
  o_ssnh: { abbrev: 'lcp.opt.multilink_ssnh', name: 'Multilink Short Sequence Number Header', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1990 §5.1.2' },
  o_ep_disc: { abbrev: 'lcp.opt.multilink_ep_disc', name: 'Multilink Endpoint Discriminator', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1990 §5.1.3' },
  o_dce: { abbrev: 'lcp.opt.dce_identifier', name: 'DCE Identifier', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1976 §3' },
  o_mlpp: { abbrev: 'lcp.opt.multilink_pp', name: 'Multi Link Plus Procedure', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 1934 §5' },
  o_link_discrim: { abbrev: 'lcp.opt.link_discrim_bytes', name: 'Link Discriminator for BACP', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 2125 §5.1' },
  o_auth_opt: { abbrev: 'lcp.opt.auth', name: 'Authentication Option', type: 'protocol', fieldsRepr: 'bytes' },
  o_cobs: { abbrev: 'lcp.opt.cobs', name: 'Consistent Overhead Byte Stuffing (COBS)', type: 'protocol', fieldsRepr: 'bytes' },
  o_prefix_elision: { abbrev: 'lcp.opt.prefix_elision', name: 'Prefix Elision', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 2686 §4' },
  o_ml_hdr_fmt: { abbrev: 'lcp.opt.multilink_hdr_fmt', name: 'Multilink header format', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 2686 §5' },
  o_i18n: { abbrev: 'lcp.opt.internationalization', name: 'Internationalization', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 2484 §2' },
  o_sonet: { abbrev: 'lcp.opt.sonet_sdh', name: 'Simple Data Link on SONET/SDH', type: 'protocol', fieldsRepr: 'bytes', ref: 'RFC 2823 §7' },
});

/** The 32 Async-Control-Character-Map bits, lcp.opt.asyncmap.nul (bit 0) … lcp.opt.asyncmap.us (bit 31). */
export const hfAsyncmapBits: readonly FieldDef[] = Object.values(defineFields(Object.fromEntries(ACCM_ABBREV.map((a, i) => [a, {
  abbrev: `lcp.opt.asyncmap.${a}`, name: CTRL_CHARS[i] ?? a, type: 'bool', bits: 32, mask: 2 ** i, ref: 'RFC 1662 §7.1',
} satisfies FieldDef])) as Record<string, FieldDef>));

const simple = (name: string, head: FieldDef): OptionDef => ({ name, head, decode: (o) => { o.fixed(2); } });

const ASYNCMAP_ITEMS = [...hfAsyncmapBits].reverse(); // tshark lists US first

const LCP_OPTION_DEFS: Array<[number, OptionDef]> = [
  [0, { name: 'Vendor Specific', head: hf.o_vendor, decode: (o) => {
    if (!o.atLeast(6)) return;
    o.add(hf.opt_oui, 2, 3, o.tvb.u24(2), () => `OUI: ${o.tvb.hex(2, 3, ':')}${ouiSuffix(o.tvb.u24(2))}`);
    o.add(hf.opt_kind, 5, 1, o.tvb.u8(5));
    if (o.len > 6) o.add(hf.opt_data, 6, o.len - 6);
  } }],
  [1, { name: 'Maximum Receive Unit', head: hf.o_mru, decode: (o) => {
    if (!o.fixed(4)) return;
    const mru = o.tvb.u16(2);
    o.add(hf.opt_mru, 2, 2, mru);
    o.append(() => `: ${mru}`);
  } }],
  [2, { name: 'Async Control Character Map', head: hf.o_asyncmap, decode: (o) => {
    if (!o.fixed(6)) return;
    const map = o.tvb.u32(2);
    const note = map === 0 ? ' (None)' : map === 0xffffffff ? ' (All)' : '';
    o.append(() => {
      const names: string[] = [];
      for (let i = 31; i >= 0; i--) if (Math.floor(map / 2 ** i) % 2 === 1) names.push(CTRL_CHARS[i] ?? '');
      return `: ${hex(map, 8)}${note || ` (${names.join(', ')})`}`;
    });
    const item = o.add(hf.opt_asyncmap, 2, 4, map);
    const list = bitmask(o, item, 2, 4, map, ASYNCMAP_ITEMS);
    if (o.t.tree) o.t.setText(item, `Async Control Character Map: ${hex(map, 8)}${list}${note}`);
  } }],
  [3, { name: 'Authentication Protocol', head: hf.o_auth, decode: (o) => {
    if (!o.atLeast(4)) return;
    const p = o.tvb.u16(2);
    o.add(hf.opt_auth_protocol, 2, 2, p, () => `Authentication Protocol: ${named(PPP_PROTOCOLS, p, 4)}`);
    o.append(() => `: ${PPP_PROTOCOLS[p] ?? 'Unknown'} (${hex(p, 2)})`);
    if (o.len > 4) {
      if (p === 0xc223) {
        const a = o.tvb.u8(4);
        o.add(hf.opt_algorithm, 4, 1, a, () => `Algorithm: ${CHAP_ALGORITHMS[a] ?? 'Unknown'} (${a})`);
        if (o.len > 5) o.add(hf.opt_data, 5, o.len - 5);
      } else o.add(hf.opt_data, 4, o.len - 4);
    }
  } }],
  [4, { name: 'Quality Protocol', head: hf.o_quality, decode: (o) => {
    if (!o.atLeast(4)) return;
    const p = o.tvb.u16(2);
    o.add(hf.opt_quality_protocol, 2, 2, p, () => `Quality Protocol: ${named(PPP_PROTOCOLS, p, 4)}`);
    o.append(() => `: ${PPP_PROTOCOLS[p] ?? 'Unknown'} (${hex(p, 2)})`);
    // tshark 4.0 gives this item length+4 octets (and so always a malformed-packet exception): we show the data
    if (o.len > 4) o.add(hf.opt_data, 4, o.len - 4);
  } }],
  [5, { name: 'Magic Number', head: hf.o_magic, decode: (o) => {
    if (!o.fixed(6)) return;
    const m = o.tvb.u32(2);
    o.add(hf.opt_magic_number, 2, 4, m);
    o.append(() => `: ${hex(m, 8)}`);
  } }],
  [6, { name: 'Link Quality Monitoring', head: hf.o_linkqualmon, decode: (o) => {
    if (!o.fixed(6)) return;
    const p = o.tvb.u32(2);
    const ill = p === 0 ? ' [illegal]' : '';
    o.add(hf.opt_reporting_period, 2, 4, p, () => `Reporting Period: ${p} microsecond${plural(p)}${ill}`);
    o.append(() => `: ${p} microsecond${plural(p)}${ill}`);
  } }],
  [7, simple('Protocol Field Compression', hf.o_pfc)],
  [8, simple('Address and Control Field Compression', hf.o_acfc)],
  [9, { name: 'FCS Alternatives', head: hf.o_fcs, decode: (o) => {
    if (!o.fixed(3)) return;
    const v = o.tvb.u8(2);
    const item = o.add(hf.opt_fcs_alternatives, 2, 1, v);
    const list = bitmask(o, item, 2, 1, v, [hf.opt_fcs_ccitt32, hf.opt_fcs_ccitt16, hf.opt_fcs_null]);
    if (o.t.tree) o.t.setText(item, `FCS Alternatives: ${hex(v, 2)}${list}`);
    o.append(() => `: ${hex(v, 2)}`);
  } }],
  [10, { name: 'Self Describing Pad', head: hf.o_sdp, decode: (o) => {
    if (!o.fixed(3)) return;
    const v = o.tvb.u8(2);
    const s = `${v} octet${plural(v)}${v === 0 ? ' [invalid]' : ''}`;
    o.add(hf.opt_maximum, 2, 1, v, () => `Maximum: ${s}`);
    o.append(() => `: ${s}`);
  } }],
  [11, { name: 'Numbered Mode', head: hf.o_numbered, decode: (o) => {
    if (!o.atLeast(3)) return;
    const w = o.tvb.u8(2);
    const s = `${w} frame${plural(w)}${w === 0 || w > 127 ? ' [invalid]' : ''}`;
    o.add(hf.opt_window, 2, 1, w, () => `Window: ${s}`);
    o.append(() => `: ${s}`);
    if (o.len > 3) o.add(hf.opt_hdlc_address, 3, o.len - 3);
  } }],
  [13, { name: 'Callback', head: hf.o_callback, decode: (o) => {
    if (!o.atLeast(3)) return;
    const op = o.tvb.u8(2);
    o.add(hf.opt_operation, 2, 1, op, () => `Operation: ${CALLBACK_OPS[op] ?? 'Unknown'} (${op})`);
    o.append(() => `: ${CALLBACK_OPS[op] ?? 'Unknown'}`);
    if (o.len > 3) o.add(hf.opt_message, 3, o.len - 3);
  } }],
  [15, simple('Compound Frames (Deprecated)', hf.o_compound)],
  [16, simple('Nominal Data Encapsulation (Deprecated)', hf.o_nomdataencap)],
  [17, { name: 'Multilink MRRU', head: hf.o_mrru, decode: (o) => {
    if (!o.fixed(4)) return;
    const v = o.tvb.u16(2);
    o.add(hf.opt_mrru, 2, 2, v);
    o.append(() => `: ${v}`);
  } }],
  [18, simple('Multilink Short Sequence Number Header', hf.o_ssnh)],
  [19, { name: 'Multilink Endpoint Discriminator', head: hf.o_ep_disc, decode: (o) => {
    if (!o.atLeast(3)) return;
    const cls = o.tvb.u8(2);
    o.add(hf.opt_ep_disc_class, 2, 1, cls, () => `Class: ${EP_DISC_CLASSES[cls] ?? 'Unknown'} (${cls})`);
    o.append(() => `: Class: ${EP_DISC_CLASSES[cls] ?? 'Unknown'}`);
    const rest = o.len - 3;
    if (rest <= 0) return;
    switch (cls) {
      case 0: break;
      case 1: o.add(hf.opt_data, 3, Math.min(rest, 20)); break;
      case 2:
        if (rest >= 4) o.add(hf.opt_ip_address, 3, 4, o.tvb.ipv4(3));
        else o.add(hf.opt_data, 3, rest);
        break;
      case 3:
        if (rest >= 6) o.add(hf.opt_802_1_address, 3, 6, o.tvb.ether(3));
        else o.add(hf.opt_data, 3, rest);
        break;
      case 4:
        if (rest % 4) o.add(hf.opt_data, 3, rest);
        else {
          const block = o.add(hf.opt_magic_block, 3, Math.min(rest, 20));
          for (let off = 3; off + 4 <= o.len; off += 4) o.t.add(block, o.tvb, hf.opt_magic_number, off, 4, o.tvb.u32(off));
        }
        break;
      case 5: o.add(hf.opt_psndn, 3, Math.min(rest, 15)); break;
      default: o.add(hf.opt_data, 3, rest); break;
    }
  } }],
  [21, { name: 'DCE Identifier', head: hf.o_dce, decode: (o) => {
    if (!o.fixed(3)) return;
    const m = o.tvb.u8(2);
    o.add(hf.opt_mode, 2, 1, m, () => `Mode: ${DCE_MODES[m] ?? 'Unknown'} (${m})`);
    o.append(() => `: ${DCE_MODES[m] ?? 'Unknown'}`);
  } }],
  [22, { name: 'Multi Link Plus Procedure', head: hf.o_mlpp, decode: (o) => {
    if (!o.fixed(4)) return;
    o.add(hf.opt_unused, 2, 2);
  } }],
  [23, { name: 'Link Discriminator for BACP', head: hf.o_link_discrim, decode: (o) => {
    if (!o.fixed(4)) return;
    const v = o.tvb.u16(2);
    o.add(hf.opt_link_discrim, 2, 2, v);
    o.append(() => `: ${v} (${hex(v, 4)})`);
  } }],
  [24, { name: 'Authentication Option', head: hf.o_auth_opt, decode: (o) => {
    if (!o.atLeast(3)) return;
    const n = o.tvb.u8(2);
    if (!o.need(2, 1 + n, 'Identification')) return;
    // FT_UINT_BYTES: a length octet, then the bytes (tshark prints <MISSING> for none)
    o.add(hf.opt_id, 2, 1 + n, n > 0 ? o.tvb.hex(3, n) : '<MISSING>');
    const rest = o.len - 2;
    if (1 + n < rest) o.add(hf.opt_data, 3 + n, rest - 1 - n);
  } }],
  [25, { name: 'Consistent Overhead Byte Stuffing (COBS)', head: hf.o_cobs, decode: (o) => {
    if (!o.fixed(3)) return;
    const v = o.tvb.u8(2);
    const item = o.add(hf.opt_flags, 2, 1, v);
    const list = bitmask(o, item, 2, 1, v, [hf.opt_flags_reserved, hf.opt_flags_pre, hf.opt_flags_zxe]);
    if (o.t.tree) o.t.setText(item, `Flags: ${hex(v, 2)}${list}`);
  } }],
  [26, { name: 'Prefix Elision', head: hf.o_prefix_elision, decode: (o) => {
    if (!o.atLeast(2)) return;
    // (class, prefix length, prefix) triples; tshark 4.0 reads them at a fixed offset and fails, we walk them
    let off = 2;
    let rest = o.len - 2;
    while (rest >= 2) {
      o.add(hf.opt_class, off, 1, o.tvb.u8(off));
      const n = o.tvb.u8(off + 1);
      if (n + 2 > rest) break;
      o.add(hf.opt_prefix, off + 1, 1 + n, n > 0 ? o.tvb.hex(off + 2, n) : '<MISSING>');
      off += 2 + n;
      rest -= 2 + n;
    }
  } }],
  [27, { name: 'Multilink header format', head: hf.o_ml_hdr_fmt, decode: (o) => {
    if (!o.fixed(4)) return;
    const c = o.tvb.u8(2);
    o.add(hf.opt_code, 2, 1, c, () => `Code: ${ML_HDR_FMT_CODES[c] ?? 'Unknown'} (${c})`);
    o.add(hf.opt_max_susp_classes, 3, 1, o.tvb.u8(3));
  } }],
  [28, { name: 'Internationalization', head: hf.o_i18n, decode: (o) => {
    if (!o.atLeast(7)) return;
    const mib = o.tvb.u32(2);
    o.add(hf.opt_MIBenum, 2, 4, mib, () => `MIBenum: ${CHARSETS[mib] ?? 'Unknown'} (${mib})`);
    o.add(hf.opt_language_tag, 6, o.len - 6, o.str(hf.opt_language_tag, 6, o.len - 6));
  } }],
  [29, simple('Simple Data Link on SONET/SDH', hf.o_sonet)],
];

export const LCP_OPTIONS: ReadonlyMap<number, OptionDef> = new Map(LCP_OPTION_DEFS);

export const LCP_FAMILY: OptionFamily = { type: hf.opt_type, length: hf.opt_length };

export const LCP: ControlProtocol = {
  name: 'lcp', column: 'PPP LCP', proto: hf.lcp, codes: LCP_CODES, options: LCP_OPTIONS, family: LCP_FAMILY,
};

const dissectLcp = controlProtocol(LCP, 0xc021);

/**
 * Decodes a bare run of LCP Configuration Options filling `tvb` (no Code/Identifier/Length header), as the
 * L2TP Initial Received / Last Sent / Last Received LCP CONFREQ AVPs carry them: `lcp.opt.*` fields under
 * `parent`, the option names appended to `parent`'s label (", Maximum Receive Unit, Magic Number") and
 * 'ppp' pushed on frame.protocols — tshark decodes these with its "ppp_lcp_options" dissector, which belongs to
 * PPP. Bad option lengths are problems; octets the capture lacks raise _ws.short / _ws.malformed.
 */
export function dissectLcpOptions(tvb: Tvb, pinfo: PacketInfo, t: Builder, parent: Parent): void {
  pinfo.protocols.push('ppp');
  let len = tvb.reportedLength;
  if (len <= 0) return;
  if (!tvb.has(0, len)) {
    need(t, parent, tvb, 0, len, 'LCP options');
    len = tvb.length;
  }
  const names = dissectOptions(tvb, 0, len, LCP_OPTIONS, LCP_FAMILY, pinfo, t, parent);
  if (names.length > 0) appendLabel(pinfo, t, parent, `, ${names.join(', ')}`);
}

export const lcp: ProtocolModule = {
  name: 'lcp',
  register(reg: Registry): void {
    reg.add('ppp.protocol', 0xc021, { name: 'lcp', dissect: dissectLcp });
  },
};
