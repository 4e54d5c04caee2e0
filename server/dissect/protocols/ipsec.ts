// IPsec as it appears around L2TP/IPsec (RFC 3193): ESP (IP protocol 50; header only — without keys the
// L2TP inside stays encrypted), ISAKMP/IKE on UDP 500 (header and the generic payload chain), and UDP 4500
// NAT traversal (RFC 3948): a lone 0xff is a NAT-keepalive, four zero bytes (the non-ESP marker) precede
// IKE, anything else is ESP in UDP.

import { defineFields } from '../fields';
import { defineExperts } from '../expert';
import type { Builder } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need } from '../common';

const EXCH_VALS: Readonly<Record<number, string>> = {
  0: 'NONE', 1: 'Base', 2: 'Identity Protection (Main Mode)', 3: 'Authentication Only', 4: 'Aggressive', 5: 'Informational',
  6: 'Transaction (Config Mode)', 32: 'Quick Mode', 33: 'New Group Mode', 34: 'IKE_SA_INIT', 35: 'IKE_AUTH',
  36: 'CREATE_CHILD_SA', 37: 'INFORMATIONAL', 38: 'IKE_SESSION_RESUME',
};
const PAYLOAD_V1_VALS: Readonly<Record<number, string>> = {
  0: 'NONE / No Next Payload ', 1: 'Security Association', 2: 'Proposal', 3: 'Transform', 4: 'Key Exchange', 5: 'Identification',
  6: 'Certificate', 7: 'Certificate Request', 8: 'Hash', 9: 'Signature', 10: 'Nonce', 11: 'Notification', 12: 'Delete',
  13: 'Vendor ID', 14: 'Attributes', 15: 'SA KEK Payload', 16: 'SA TEK Payload', 17: 'Key Download', 18: 'Sequence Number',
  19: 'Proof of Possession', 20: 'NAT-D (RFC 3947)', 21: 'NAT-OA (RFC 3947)', 130: 'NAT-D (draft-ietf-ipsec-nat-t-ike-01 to 03)',
  131: 'NAT-OA (draft-ietf-ipsec-nat-t-ike-01 to 04)', 132: 'Fragment',
};
const PAYLOAD_V2_VALS: Readonly<Record<number, string>> = {
  0: 'NONE / No Next Payload ', 33: 'Security Association', 34: 'Key Exchange', 35: 'Identification - Initiator',
  36: 'Identification - Responder', 37: 'Certificate', 38: 'Certificate Request', 39: 'Authentication', 40: 'Nonce',
  41: 'Notify', 42: 'Delete', 43: 'Vendor ID', 44: 'Traffic Selector - Initiator', 45: 'Traffic Selector - Responder',
  46: 'Encrypted and Authenticated', 47: 'Configuration', 48: 'Extensible Authentication', 49: 'Generic Secure Password Method',
  50: 'Group Identification', 51: 'Group Security Association', 52: 'Key Download', 53: 'Encrypted and Authenticated Fragment',
};

export const hf = defineFields({
  esp: { abbrev: 'esp', name: 'Encapsulating Security Payload', type: 'protocol', ref: 'RFC 4303' },
  esp_spi: { abbrev: 'esp.spi', name: 'ESP SPI', type: 'uint32', base: 'hex_dec', blurb: 'IP Encapsulating Security Payload Security Parameters Index', ref: 'RFC 4303 §2.1' },
  esp_sequence: { abbrev: 'esp.sequence', name: 'ESP Sequence', type: 'uint32', base: 'dec', blurb: 'IP Encapsulating Security Payload Sequence Number', ref: 'RFC 4303 §2.2' },
  esp_encrypted: { abbrev: 'esp.encrypted_data', name: 'ESP Encrypted Data', type: 'bytes', blurb: 'The encrypted payload, padding and ICV: with L2TP/IPsec the L2TP packet is inside', ref: 'RFC 4303 §2.3, RFC 3193' },
  isakmp: { abbrev: 'isakmp', name: 'Internet Security Association and Key Management Protocol', type: 'protocol', ref: 'RFC 2408, RFC 7296' },
  ispi: { abbrev: 'isakmp.ispi', name: 'Initiator SPI', type: 'bytes', blurb: 'ISAKMP Initiator SPI (cookie)', ref: 'RFC 7296 §3.1' },
  rspi: { abbrev: 'isakmp.rspi', name: 'Responder SPI', type: 'bytes', blurb: 'ISAKMP Responder SPI (cookie); zero in the first message', ref: 'RFC 7296 §3.1' },
  nextpayload: { abbrev: 'isakmp.nextpayload', name: 'Next payload', type: 'uint8', base: 'dec', blurb: 'ISAKMP Next Payload' },
  typepayload: { abbrev: 'isakmp.typepayload', name: 'Payload', type: 'uint8', base: 'dec', blurb: 'ISAKMP Payload Type' },
  version: { abbrev: 'isakmp.version', name: 'Version', type: 'uint8', base: 'hex', blurb: 'ISAKMP Version (major + minor): 1.0 is IKEv1, 2.0 is IKEv2', ref: 'RFC 7296 §3.1' },
  mjver: { abbrev: 'isakmp.mjver', name: 'MjVer', type: 'uint8', base: 'hex', mask: 0xf0 },
  mnver: { abbrev: 'isakmp.mnver', name: 'MnVer', type: 'uint8', base: 'hex', mask: 0x0f },
  exchangetype: { abbrev: 'isakmp.exchangetype', name: 'Exchange type', type: 'uint8', base: 'dec', vals: EXCH_VALS, blurb: 'ISAKMP Exchange Type', ref: 'RFC 2408 §3.1, RFC 7296 §3.1' },
  flags: { abbrev: 'isakmp.flags', name: 'Flags', type: 'uint8', base: 'hex', blurb: 'ISAKMP Flags' },
  flag_e: { abbrev: 'isakmp.flag_e', name: 'Encryption', type: 'bool', bits: 8, mask: 0x01, tfs: ['Encrypted', 'Not encrypted'], blurb: 'Encryption Bit' },
  flag_c: { abbrev: 'isakmp.flag_c', name: 'Commit', type: 'bool', bits: 8, mask: 0x02, tfs: ['Commit', 'No commit'], blurb: 'Commit Bit' },
  flag_a: { abbrev: 'isakmp.flag_a', name: 'Authentication', type: 'bool', bits: 8, mask: 0x04, tfs: ['Authentication', 'No authentication'], blurb: 'Authentication Bit' },
  flag_i: { abbrev: 'isakmp.flag_i', name: 'Initiator', type: 'bool', bits: 8, mask: 0x08, tfs: ['Initiator', 'Responder'], blurb: 'Initiator Bit' },
  flag_v: { abbrev: 'isakmp.flag_v', name: 'Version', type: 'bool', bits: 8, mask: 0x10, tfs: ['A higher version enabled', 'No higher version'], blurb: 'Version Bit' },
  flag_r: { abbrev: 'isakmp.flag_r', name: 'Response', type: 'bool', bits: 8, mask: 0x20, tfs: ['Response', 'Request'], blurb: 'Response Bit' },
  messageid: { abbrev: 'isakmp.messageid', name: 'Message ID', type: 'uint32', base: 'hex', blurb: 'ISAKMP Message ID' },
  length: { abbrev: 'isakmp.length', name: 'Length', type: 'uint32', base: 'dec', blurb: 'ISAKMP Length (header and payloads)' },
  payloadlength: { abbrev: 'isakmp.payloadlength', name: 'Payload length', type: 'uint16', base: 'dec', blurb: 'ISAKMP Payload Length' },
  criticalpayload: { abbrev: 'isakmp.criticalpayload', name: 'Critical Bit', type: 'bool', bits: 8, mask: 0x80, tfs: ['Critical', 'Not critical'], blurb: 'IKEv2 Critical Payload' },
  datapayload: { abbrev: 'isakmp.datapayload', name: 'Data Payload', type: 'bytes', blurb: 'Payload body (not decoded)' },
  extradata: { abbrev: 'isakmp.extradata', name: 'Extra data', type: 'bytes', blurb: 'Bytes after the last payload' },
  udpencap: { abbrev: 'udpencap', name: 'UDP Encapsulation of IPsec Packets', type: 'protocol', ref: 'RFC 3948' },
  nat_keepalive: { abbrev: 'udpencap.nat_keepalive', name: 'NAT-keepalive packet', type: 'none', ref: 'RFC 3948 §2.3' },
  non_esp_marker: { abbrev: 'udpencap.non_esp_marker', name: 'Non-ESP Marker', type: 'none', ref: 'RFC 3948 §2.2' },
});

export const ei = defineExperts({
  encrypted: {
    abbrev: 'esp.encrypted', severity: 'note', group: 'undecoded',
    summary: 'Encrypted payload (ESP): with L2TP/IPsec the L2TP packets travel inside ESP and cannot be shown without the keys',
    ref: 'RFC 3193',
  },
  payloadlength_invalid: { abbrev: 'isakmp.payloadlength.invalid', severity: 'error', group: 'protocol', summary: 'Invalid payload length' },
});

function dissectEsp(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('esp');
  const top = t.add(null, tvb, hf.esp, 0, tvb.length);
  if (pinfo.columns) pinfo.protocol = 'ESP';
  if (!need(t, top, tvb, 0, 8, 'ESP header')) return;
  const spi = tvb.u32(0);
  const seq = tvb.u32(4);
  t.add(top, tvb, hf.esp_spi, 0, 4, spi);
  t.add(top, tvb, hf.esp_sequence, 4, 4, seq);
  if (pinfo.columns) pinfo.info = `ESP (SPI=0x${spi.toString(16).padStart(8, '0')})`;
  if (tvb.has(8, 1)) {
    const n = t.add(top, tvb, hf.esp_encrypted, 8, tvb.length - 8, undefined,
      t.tree ? `Encrypted payload (ESP): L2TP/IPsec — the L2TP inside cannot be shown without keys (${tvb.length - 8} bytes)` : undefined);
    t.problem(n, tvb, ei.encrypted, 8, tvb.length - 8);
  }
}

function dissectIsakmp(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('isakmp');
  const top = t.add(null, tvb, hf.isakmp, 0, tvb.length);
  if (pinfo.columns) { pinfo.protocol = 'ISAKMP'; pinfo.info = ''; }
  if (!need(t, top, tvb, 0, 28, 'ISAKMP header')) return;
  const next = tvb.u8(16);
  const ver = tvb.u8(17);
  const major = ver >> 4;
  const exch = tvb.u8(18);
  const flags = tvb.u8(19);
  const mid = tvb.u32(20);
  const len = tvb.u32(24);
  const pvals = major === 2 ? PAYLOAD_V2_VALS : PAYLOAD_V1_VALS;
  t.add(top, tvb, hf.ispi, 0, 8);
  t.add(top, tvb, hf.rspi, 8, 8);
  t.add(top, tvb, hf.nextpayload, 16, 1, next, t.tree ? `Next payload: ${pvals[next] ?? 'Unknown'} (${next})` : undefined);
  const vn = t.add(top, tvb, hf.version, 17, 1, ver, t.tree ? `Version: ${major}.${ver & 0x0f}` : undefined);
  t.add(vn, tvb, hf.mjver, 17, 1, major);
  t.add(vn, tvb, hf.mnver, 17, 1, ver & 0x0f);
  t.add(top, tvb, hf.exchangetype, 18, 1, exch);
  const hexFlags = `0x${flags.toString(16).padStart(2, '0')}`;
  if (major === 2) {
    const words = [flags & 0x08 ? 'Initiator' : 'Responder', flags & 0x10 ? 'A higher version enabled' : 'No higher version', flags & 0x20 ? 'Response' : 'Request'];
    const fn = t.add(top, tvb, hf.flags, 19, 1, flags, t.tree ? `Flags: ${hexFlags} (${words.join(', ')})` : undefined);
    t.add(fn, tvb, hf.flag_i, 19, 1, (flags & 0x08) !== 0);
    t.add(fn, tvb, hf.flag_v, 19, 1, (flags & 0x10) !== 0);
    t.add(fn, tvb, hf.flag_r, 19, 1, (flags & 0x20) !== 0);
  } else {
    const fn = t.add(top, tvb, hf.flags, 19, 1, flags);
    t.add(fn, tvb, hf.flag_e, 19, 1, (flags & 0x01) !== 0);
    t.add(fn, tvb, hf.flag_c, 19, 1, (flags & 0x02) !== 0);
    t.add(fn, tvb, hf.flag_a, 19, 1, (flags & 0x04) !== 0);
  }
  t.add(top, tvb, hf.messageid, 20, 4, mid);
  t.add(top, tvb, hf.length, 24, 4, len);
  if (pinfo.columns) {
    const name = EXCH_VALS[exch] ?? `Unknown (${exch})`;
    pinfo.info = major === 2
      ? `${name} MID=${String(mid).padStart(2, '0')} ${flags & 0x08 ? 'Initiator' : 'Responder'} ${flags & 0x20 ? 'Response' : 'Request'}`
      : name;
  }
  const end = Math.min(Math.max(len, 28), tvb.reportedLength);
  // The payload chain, generically: type, next payload, length, body. Encrypted (v1 E flag) bodies are opaque.
  let off = 28;
  let type = next;
  if (major === 1 && flags & 0x01) {
    if (tvb.has(off, 1)) t.add(top, tvb, hf.datapayload, off, Math.min(end, tvb.length) - off, undefined, t.tree ? `Encrypted Data (${end - off} bytes)` : undefined);
    return;
  }
  while (type !== 0 && off + 4 <= end) {
    if (!need(t, top, tvb, off, 4, 'ISAKMP payload header')) return;
    const pnext = tvb.u8(off);
    const plen = tvb.u16(off + 2);
    const pn = t.text(top, tvb, off, Math.max(4, Math.min(plen, end - off)), `Payload: ${pvals[type] ?? 'Unknown'} (${type})`);
    t.generated(pn, hf.typepayload, type);
    t.add(pn, tvb, hf.nextpayload, off, 1, pnext, t.tree ? `Next payload: ${pvals[pnext] ?? 'Unknown'} (${pnext})` : undefined);
    if (major === 2) t.add(pn, tvb, hf.criticalpayload, off + 1, 1, (tvb.u8(off + 1) & 0x80) !== 0);
    const ln = t.add(pn, tvb, hf.payloadlength, off + 2, 2, plen);
    if (plen < 4 || off + plen > end) {
      t.problem(ln, tvb, ei.payloadlength_invalid, off + 2, 2, `Invalid payload length (${plen})`);
      return;
    }
    if (plen > 4) t.add(pn, tvb, hf.datapayload, off + 4, plen - 4);
    off += plen;
    type = pnext;
  }
  if (off < end && tvb.has(off, 1)) t.add(top, tvb, hf.extradata, off, Math.min(end, tvb.length) - off);
}

function dissectUdpencap(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('udpencap');
  if (pinfo.columns) { pinfo.protocol = 'UDPENCAP'; pinfo.info = ''; }
  if (tvb.reportedLength === 1 && tvb.has(0, 1) && tvb.u8(0) === 0xff) {
    const top = t.add(null, tvb, hf.udpencap, 0, 1);
    t.add(top, tvb, hf.nat_keepalive, 0, 1);
    if (pinfo.columns) pinfo.info = 'NAT-keepalive';
    return;
  }
  if (!tvb.has(0, 4)) {
    const top = t.add(null, tvb, hf.udpencap, 0, tvb.length);
    need(t, top, tvb, 0, 4, 'non-ESP marker or SPI');
    return;
  }
  if (tvb.u32(0) === 0) {
    const top = t.add(null, tvb, hf.udpencap, 0, 4);
    t.add(top, tvb, hf.non_esp_marker, 0, 4);
    dissectIsakmp(tvb.sub(4), pinfo, t);
    return;
  }
  t.add(null, tvb, hf.udpencap, 0, 0);
  dissectEsp(tvb, pinfo, t);
}

export const ipsec: ProtocolModule = {
  name: 'ipsec',
  register(reg: Registry): void {
    reg.add('ip.proto', 50, { name: 'esp', dissect: dissectEsp });
    reg.add('udp.port', 500, { name: 'isakmp', dissect: dissectIsakmp });
    reg.add('udp.port', 4500, { name: 'udpencap', dissect: dissectUdpencap });
  },
};
