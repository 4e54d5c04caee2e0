// IEEE 802.11 (LINKTYPE_IEEE802_11 105, and under radiotap; Wireshark's packet-ieee80211.c) as far as an L2TP
// review needs it: the MAC header of every frame (frame control, duration, the addresses by their roles,
// sequence control, QoS control), and for data frames the LLC/SNAP payload handed on by its EtherType. Frame
// bodies of management and control frames, and protected (encrypted) data, are shown as data.
// Also LLC with SNAP (IEEE 802.2; Wireshark's packet-llc.c), which 802.11 data frames carry.

import { defineFields } from '../fields';
import { defineExperts } from '../expert';
import type { FieldDef } from '../fields';
import type { Builder, Parent } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import { HEX } from '../tvb';
import type { Tvb } from '../tvb';
import { need } from '../common';
import { bitPicture } from '../render';
import { dissectData } from './data';
import { CHECKSUM_STATUS_VALS, ETYPE_VALS, etypeText } from './eth';
import { ouiLongName } from '../names';

/** tshark's names of type/subtype (type << 4 | subtype). */
const TYPE_SUBTYPE_VALS: Readonly<Record<number, string>> = {
  0x00: 'Association Request', 0x01: 'Association Response', 0x02: 'Reassociation Request', 0x03: 'Reassociation Response',
  0x04: 'Probe Request', 0x05: 'Probe Response', 0x06: 'Measurement Pilot', 0x08: 'Beacon frame', 0x09: 'ATIM',
  0x0a: 'Disassociate', 0x0b: 'Authentication', 0x0c: 'Deauthentication', 0x0d: 'Action', 0x0e: 'Action No Ack',
  0x0f: 'Aruba Management', 0x12: 'Trigger', 0x14: 'Beamforming Report Poll', 0x15: 'VHT/HE NDP Announcement',
  0x17: 'Control Wrapper', 0x18: '802.11 Block Ack Req', 0x19: '802.11 Block Ack', 0x1a: 'Power-Save poll',
  0x1b: 'Request-to-send', 0x1c: 'Clear-to-send', 0x1d: 'Acknowledgement', 0x1e: 'CF-End (Control-frame)',
  0x1f: 'CF-End + CF-Ack (Control-frame)', 0x20: 'Data', 0x21: 'Data + CF-Ack', 0x22: 'Data + CF-Poll',
  0x23: 'Data + CF-Ack + CF-Poll', 0x24: 'Null function (No data)', 0x25: 'Acknowledgement (No data)',
  0x26: 'CF-Poll (No data)', 0x27: 'CF-Ack/Poll (No data)', 0x28: 'QoS Data', 0x29: 'QoS Data + CF-Acknowledgment',
  0x2a: 'QoS Data + CF-Poll', 0x2b: 'QoS Data + CF-Ack + CF-Poll', 0x2c: 'QoS Null function (No data)',
  0x2e: 'QoS CF-Poll (No Data)', 0x2f: 'QoS CF-Ack + CF-Poll (No data)',
};
const TYPE_VALS: Readonly<Record<number, string>> = { 0: 'Management frame', 1: 'Control frame', 2: 'Data frame', 3: 'Extension' };
const DS_VALS: Readonly<Record<number, string>> = {
  0: 'Not leaving DS or network is operating in AD-HOC mode (To DS: 0 From DS: 0)',
  1: 'Frame from STA to DS via an AP (To DS: 1 From DS: 0)',
  2: 'Frame from DS to a STA via AP(To DS: 0 From DS: 1)',
  3: 'WDS (AP to AP) or Mesh (MP to MP) Frame (To DS: 1 From DS: 1)',
};
const PRIORITY_VALS: Readonly<Record<number, string>> = {
  0: 'Best Effort (Best Effort)', 1: 'Background (Background)', 2: 'Spare (Background)', 3: 'Excellent Effort (Best Effort)',
  4: 'Controlled Load (Video)', 5: 'Video (Video)', 6: 'Voice (Voice)', 7: 'Network Control (Voice)',
};
const REF = 'IEEE 802.11-2020 §9.2';
const tf = (t: string, f: string): readonly [string, string] => [t, f];

export const hf = defineFields({
  proto: { abbrev: 'wlan', name: 'IEEE 802.11 wireless LAN', type: 'protocol', ref: 'IEEE 802.11' },
  fc_type_subtype: { abbrev: 'wlan.fc.type_subtype', name: 'Type/Subtype', type: 'uint16', base: 'hex', vals: TYPE_SUBTYPE_VALS, blurb: 'Frame type (management, control, data) and subtype', ref: REF },
  fc: { abbrev: 'wlan.fc', name: 'Frame Control Field', type: 'uint16', base: 'hex', ref: REF },
  fc_version: { abbrev: 'wlan.fc.version', name: 'Version', type: 'uint8', base: 'dec', mask: 0x03, ref: REF },
  fc_type: { abbrev: 'wlan.fc.type', name: 'Type', type: 'uint8', base: 'dec', mask: 0x0c, vals: TYPE_VALS, ref: REF },
  fc_subtype: { abbrev: 'wlan.fc.subtype', name: 'Subtype', type: 'uint8', base: 'dec', mask: 0xf0, ref: REF },
  flags: { abbrev: 'wlan.flags', name: 'Flags', type: 'uint8', base: 'hex', ref: REF },
  fc_ds: { abbrev: 'wlan.fc.ds', name: 'DS status', type: 'uint8', base: 'hex', mask: 0x03, vals: DS_VALS, blurb: 'To DS / From DS: which address plays which role', ref: REF },
  fc_tods: { abbrev: 'wlan.fc.tods', name: 'To DS', type: 'bool', bits: 8, mask: 0x01, ref: REF },
  fc_fromds: { abbrev: 'wlan.fc.fromds', name: 'From DS', type: 'bool', bits: 8, mask: 0x02, ref: REF },
  fc_frag: { abbrev: 'wlan.fc.frag', name: 'More Fragments', type: 'bool', bits: 8, mask: 0x04, tfs: tf('More fragments follow', 'This is the last fragment'), ref: REF },
  fc_retry: { abbrev: 'wlan.fc.retry', name: 'Retry', type: 'bool', bits: 8, mask: 0x08, tfs: tf('Frame is being retransmitted', 'Frame is not being retransmitted'), ref: REF },
  fc_pwrmgt: { abbrev: 'wlan.fc.pwrmgt', name: 'PWR MGT', type: 'bool', bits: 8, mask: 0x10, tfs: tf('STA will go to sleep', 'STA will stay up'), ref: REF },
  fc_moredata: { abbrev: 'wlan.fc.moredata', name: 'More Data', type: 'bool', bits: 8, mask: 0x20, tfs: tf('Data is buffered for STA at AP', 'No data buffered'), ref: REF },
  fc_protected: { abbrev: 'wlan.fc.protected', name: 'Protected flag', type: 'bool', bits: 8, mask: 0x40, tfs: tf('Data is protected', 'Data is not protected'), blurb: 'The frame body is encrypted (WEP, TKIP, CCMP, GCMP)', ref: REF },
  fc_order: { abbrev: 'wlan.fc.order', name: '+HTC/Order flag', type: 'bool', bits: 8, mask: 0x80, tfs: tf('Strictly ordered', 'Not strictly ordered'), ref: REF },
  duration: { abbrev: 'wlan.duration', name: 'Duration', type: 'uint16', base: 'dec', mask: 0x7fff, unit: 'microseconds', ref: REF },
  ra: { abbrev: 'wlan.ra', name: 'Receiver address', type: 'ether', ref: REF },
  ta: { abbrev: 'wlan.ta', name: 'Transmitter address', type: 'ether', ref: REF },
  da: { abbrev: 'wlan.da', name: 'Destination address', type: 'ether', ref: REF },
  sa: { abbrev: 'wlan.sa', name: 'Source address', type: 'ether', ref: REF },
  bssid: { abbrev: 'wlan.bssid', name: 'BSS Id', type: 'ether', ref: REF },
  staa: { abbrev: 'wlan.staa', name: 'STA address', type: 'ether', ref: REF },
  addr: { abbrev: 'wlan.addr', name: 'Hardware address', type: 'ether', blurb: 'Any of the frame\'s addresses (filters)', ref: REF },
  frag: { abbrev: 'wlan.frag', name: 'Fragment number', type: 'uint16', base: 'dec', mask: 0x000f, ref: REF },
  seq: { abbrev: 'wlan.seq', name: 'Sequence number', type: 'uint16', base: 'dec', mask: 0xfff0, ref: REF },
  qos: { abbrev: 'wlan.qos', name: 'Qos Control', type: 'uint16', base: 'hex', ref: 'IEEE 802.11-2020 §9.2.4.5' },
  qos_tid: { abbrev: 'wlan.qos.tid', name: 'TID', type: 'uint16', base: 'dec', mask: 0x000f, ref: 'IEEE 802.11-2020 §9.2.4.5.2' },
  qos_priority: { abbrev: 'wlan.qos.priority', name: 'Priority', type: 'uint16', base: 'dec', mask: 0x0007, vals: PRIORITY_VALS, ref: 'IEEE 802.1D' },
  qos_ack: { abbrev: 'wlan.qos.ack', name: 'Ack Policy', type: 'uint16', base: 'hex', mask: 0x0060, vals: { 0: 'Normal Ack', 1: 'No Ack', 2: 'No explicit acknowledgment', 3: 'Block Ack' }, ref: 'IEEE 802.11-2020 §9.2.4.5.4' },
  qos_bit4: { abbrev: 'wlan.qos.bit4', name: 'QoS bit 4', type: 'bool', bits: 16, mask: 0x0010, tfs: tf('Bits 8-15 of QoS Control field are Queue Size', 'Bits 8-15 of QoS Control field are TXOP Duration Requested'), ref: 'IEEE 802.11-2020 §9.2.4.5' },
  qos_txop_dur_req: { abbrev: 'wlan.qos.txop_dur_req', name: 'TXOP Duration Requested', type: 'uint16', base: 'dec', mask: 0xff00, ref: 'IEEE 802.11-2020 §9.2.4.5.6' },
  qos_queue_size: { abbrev: 'wlan.qos.queue_size', name: 'Queue Size', type: 'uint16', base: 'dec', mask: 0xff00, ref: 'IEEE 802.11-2020 §9.2.4.5.8' },
  qos_eosp: { abbrev: 'wlan.qos.eosp', name: 'EOSP', type: 'bool', bits: 16, mask: 0x0010, tfs: tf('End of service period', 'Service period'), blurb: 'From an AP: the end of the station\'s service period (U-APSD)', ref: 'IEEE 802.11-2020 §9.2.4.5.3' },
  qos_ps_buf_state: { abbrev: 'wlan.qos.ps_buf_state', name: 'QAP PS Buffer State', type: 'uint16', base: 'hex', mask: 0xff00, ref: 'IEEE 802.11-2020 §9.2.4.5.9' },
  qos_buf_state_indicated: { abbrev: 'wlan.qos.buf_state_indicated', name: 'Buffer State Indicated', type: 'bool', bits: 16, mask: 0x0200, tfs: tf('Yes', 'No'), ref: 'IEEE 802.11-2020 §9.2.4.5.9' },
  qos_highest_pri_buf_ac: { abbrev: 'wlan.qos.highest_pri_buf_ac', name: 'Highest-Priority Buffered AC', type: 'uint16', base: 'dec', mask: 0x0c00, vals: { 0: 'Best Effort', 1: 'Background', 2: 'Video', 3: 'Voice' }, ref: 'IEEE 802.11-2020 §9.2.4.5.9' },
  qos_qap_buf_load: { abbrev: 'wlan.qos.qap_buf_load', name: 'QAP Buffered Load', type: 'uint16', base: 'dec', mask: 0xf000, ref: 'IEEE 802.11-2020 §9.2.4.5.9' },
  qos_amsdu: { abbrev: 'wlan.qos.amsdupresent', name: 'Payload Type', type: 'bool', bits: 16, mask: 0x0080, tfs: tf('A-MSDU', 'MSDU'), ref: 'IEEE 802.11-2020 §9.2.4.5.7' },
  wep_iv: { abbrev: 'wlan.wep.iv', name: 'Initialization Vector', type: 'uint24', base: 'hex', ref: 'IEEE 802.11-2020 §12.3.2' },
  wep_key: { abbrev: 'wlan.wep.key', name: 'Key Index', type: 'uint8', base: 'dec', ref: 'IEEE 802.11-2020 §12.3.2' },
  wep_icv: { abbrev: 'wlan.wep.icv', name: 'WEP ICV', type: 'uint32', base: 'hex', ref: 'IEEE 802.11-2020 §12.3.2' },
  tkip_extiv: { abbrev: 'wlan.tkip.extiv', name: 'TKIP Ext. Initialization Vector', type: 'string', ref: 'IEEE 802.11-2020 §12.5.2' },
  ccmp_extiv: { abbrev: 'wlan.ccmp.extiv', name: 'CCMP Ext. Initialization Vector', type: 'string', blurb: 'The packet number (PN) of the CCMP header', ref: 'IEEE 802.11-2020 §12.5.3' },
  fcs: { abbrev: 'wlan.fcs', name: 'Frame check sequence', type: 'uint32', base: 'hex', ref: 'IEEE 802.11-2020 §9.2.4.8' },
  fcs_status: { abbrev: 'wlan.fcs.status', name: 'FCS Status', type: 'uint8', base: 'none', vals: CHECKSUM_STATUS_VALS },
  // LLC (IEEE 802.2) with SNAP
  llc: { abbrev: 'llc', name: 'Logical-Link Control', type: 'protocol', ref: 'IEEE 802.2' },
  llc_dsap: { abbrev: 'llc.dsap', name: 'DSAP', type: 'uint8', base: 'hex', vals: { 0xaa: 'SNAP', 0x42: 'Spanning Tree BPDU', 0x06: 'TCP/IP', 0xfe: 'ISO Network Layer', 0xe0: 'NetWare', 0xf0: 'NetBIOS' }, ref: 'IEEE 802.2' },
  llc_ssap: { abbrev: 'llc.ssap', name: 'SSAP', type: 'uint8', base: 'hex', vals: { 0xaa: 'SNAP', 0x42: 'Spanning Tree BPDU', 0x06: 'TCP/IP', 0xfe: 'ISO Network Layer', 0xe0: 'NetWare', 0xf0: 'NetBIOS' }, ref: 'IEEE 802.2' },
  llc_dsap_sap: { abbrev: 'llc.dsap.sap', name: 'SAP', type: 'uint8', base: 'hex', mask: 0xfe, ref: 'IEEE 802.2' },
  llc_dsap_ig: { abbrev: 'llc.dsap.ig', name: 'IG Bit', type: 'bool', bits: 8, mask: 0x01, tfs: tf('Group', 'Individual'), ref: 'IEEE 802.2' },
  llc_ssap_sap: { abbrev: 'llc.ssap.sap', name: 'SAP', type: 'uint8', base: 'hex', mask: 0xfe, ref: 'IEEE 802.2' },
  llc_ssap_cr: { abbrev: 'llc.ssap.cr', name: 'CR Bit', type: 'bool', bits: 8, mask: 0x01, tfs: tf('Response', 'Command'), ref: 'IEEE 802.2' },
  llc_control: { abbrev: 'llc.control', name: 'Control field', type: 'uint8', base: 'hex', ref: 'IEEE 802.2' },
  llc_u_cmd: { abbrev: 'llc.control.u_modifier_cmd', name: 'Command', type: 'uint8', base: 'hex', mask: 0xec, vals: { 0: 'Unnumbered Information' }, ref: 'IEEE 802.2' },
  llc_ftype: { abbrev: 'llc.control.ftype', name: 'Frame type', type: 'uint16', base: 'hex', mask: 0x03, vals: { 1: 'Supervisory frame', 3: 'Unnumbered frame' }, ref: 'IEEE 802.2' },
  llc_oui: { abbrev: 'llc.oui', name: 'Organization Code', type: 'uint24', base: 'hex', blurb: 'SNAP OUI (00:00:00: the protocol ID is an EtherType)', ref: 'IEEE 802' },
  llc_type: { abbrev: 'llc.type', name: 'Type', type: 'uint16', base: 'hex', vals: ETYPE_VALS, ref: 'IEEE 802' },
  llc_pid: { abbrev: 'llc.pid', name: 'PID', type: 'uint16', base: 'hex', ref: 'IEEE 802' },
});

export const ei = defineExperts({
  retransmitted: { abbrev: 'wlan.fc.retry.expert', severity: 'note', group: 'sequence', summary: 'Retransmission (retry)', ref: REF },
});

/** Wireshark's flag characters, high bit first: +HTC/order, protected, more data, power management, retry, more fragments, from DS, to DS. */
function flagString(flags: number): string {
  const chars = 'opmPRMFT';
  let s = '';
  for (let i = 0; i < 8; i++) s += flags & (0x80 >> i) ? chars[i] : '.';
  return s;
}

function address(t: Builder, top: Parent, tvb: Tvb, off: number, f: FieldDef): void {
  const mac = tvb.ether(off);
  t.add(top, tvb, f, off, 6, mac);
  if (!t.tree && t.wants(hf.addr)) t.add(top, tvb, hf.addr, off, 6, mac);
}

/** 802.11 frame in `tvb`; `fcsLen` 4 when the last four bytes are the FCS (radiotap's flag). */
export function dissectWlan(whole: Tvb, pinfo: PacketInfo, t: Builder, fcsLen = 0): void {
  pinfo.protocols.push('wlan');
  if (pinfo.columns) { pinfo.protocol = '802.11'; pinfo.info = ''; }
  // The FCS ends the frame as sent: a cut capture may not hold it. The frame proper is read from a view that
  // ends before it, so nothing of the header is taken from the FCS.
  const body = Math.max(0, Math.min(whole.length, whole.reportedLength - fcsLen));
  const tvb = fcsLen !== 0 ? whole.sub(0, body) : whole;
  const top = t.add(null, tvb, hf.proto, 0, body);
  if (!need(t, top, tvb, 0, 2, '802.11 frame control')) return;
  const fc0 = tvb.u8(0);
  const flags = tvb.u8(1);
  const type = (fc0 >> 2) & 3;
  const subtype = fc0 >> 4;
  const ts = (type << 4) | subtype;
  const tsName = TYPE_SUBTYPE_VALS[ts] ?? 'Unrecognized (Reserved frame)';
  // tshark ends the flag string with C when the frame carries its FCS
  const flagText = flagString(flags) + (fcsLen !== 0 ? 'C' : '');
  if (t.labels(hf.proto)) t.setText(top, `IEEE 802.11 ${tsName}, Flags: ${flagText}`);
  t.add(top, tvb, hf.fc_type_subtype, 0, 2, ts);
  const fcn = t.add(top, tvb, hf.fc, 0, 2, (fc0 << 8) | flags);
  t.add(fcn, tvb, hf.fc_version, 0, 1, fc0 & 3);
  t.add(fcn, tvb, hf.fc_type, 0, 1, type);
  t.add(fcn, tvb, hf.fc_subtype, 0, 1, subtype);
  const fl = t.add(fcn, tvb, hf.flags, 1, 1, flags);
  const ds = flags & 3;
  t.add(fl, tvb, hf.fc_ds, 1, 1, ds, t.tree ? `.... ..${(ds >> 1) & 1}${ds & 1} = DS status: ${DS_VALS[ds]} (0x${ds})` : undefined);
  if (!t.tree) { t.add(fl, tvb, hf.fc_tods, 1, 1, (flags & 1) !== 0); t.add(fl, tvb, hf.fc_fromds, 1, 1, (flags & 2) !== 0); }
  t.add(fl, tvb, hf.fc_frag, 1, 1, (flags & 0x04) !== 0);
  const retry = t.add(fl, tvb, hf.fc_retry, 1, 1, (flags & 0x08) !== 0);
  if (flags & 0x08) t.problem(retry, tvb, ei.retransmitted, 1, 1);
  t.add(fl, tvb, hf.fc_pwrmgt, 1, 1, (flags & 0x10) !== 0);
  t.add(fl, tvb, hf.fc_moredata, 1, 1, (flags & 0x20) !== 0);
  t.add(fl, tvb, hf.fc_protected, 1, 1, (flags & 0x40) !== 0);
  t.add(fl, tvb, hf.fc_order, 1, 1, (flags & 0x80) !== 0);
  if (!need(t, top, tvb, 2, 2, '802.11 duration')) return;
  t.add(top, tvb, hf.duration, 2, 2, tvb.u16le(2) & 0x7fff);
  let off = 4;
  if (type === 1) {
    // control frames: the receiver address, and the transmitter's for RTS, PS-Poll, CF-End and Block Ack (Req)
    if (!need(t, top, tvb, off, 6, 'receiver address')) return;
    address(t, top, tvb, off, hf.ra);
    off += 6;
    const hasTa = [0x1b, 0x1a, 0x1e, 0x1f, 0x18, 0x19].includes(ts) && need(t, top, tvb, off, 6, 'transmitter address');
    if (hasTa) {
      address(t, top, tvb, off, hf.ta);
      off += 6;
    }
    t.setLength(top, Math.min(off, body));
    if (pinfo.columns) {
      if (hasTa) pinfo.src = pinfo.linkSrc = tvb.ether(10);
      pinfo.dst = pinfo.linkDst = tvb.ether(4);
      pinfo.info = `${tsName}, Flags=${flagText}`;
    }
    if (body > off) dissectData(tvb.sub(off, body - off), pinfo, t);
    addFcs(t, whole, body, fcsLen);
    return;
  }
  if (!need(t, top, tvb, off, 18, '802.11 addresses')) return;
  const wds = ds === 3;
  const seqOff = 22;
  // Where the destination and source addresses are, by the DS bits (a management frame's are 0)
  const daOff = ds === 0 || ds === 2 ? 4 : 16;
  const saOff = ds === 0 || ds === 1 ? 10 : ds === 2 ? 16 : 24;
  // The roles of the addresses, in tshark's order: management frames and data frames differ.
  if (type === 0) {
    address(t, top, tvb, 4, hf.ra); address(t, top, tvb, 4, hf.da);
    address(t, top, tvb, 10, hf.ta); address(t, top, tvb, 10, hf.sa);
    address(t, top, tvb, 16, hf.bssid);
  } else {
    address(t, top, tvb, 4, hf.ra);
    address(t, top, tvb, 10, hf.ta);
    address(t, top, tvb, daOff, hf.da);
    if (saOff === 24 && !tvb.has(24, 6)) { need(t, top, tvb, 24, 6, 'fourth address'); return; }
    address(t, top, tvb, saOff, hf.sa);
    if (!wds) address(t, top, tvb, ds === 0 ? 16 : ds === 1 ? 4 : 10, hf.bssid);
    if (ds === 1) address(t, top, tvb, 10, hf.staa);
    else if (ds === 2) address(t, top, tvb, 4, hf.staa);
  }
  if (!need(t, top, tvb, seqOff, 2, '802.11 sequence control')) return;
  const sc = tvb.u16le(seqOff);
  t.add(top, tvb, hf.frag, seqOff, 2, sc & 0xf);
  t.add(top, tvb, hf.seq, seqOff, 2, sc >> 4);
  off = wds ? 30 : 24;
  const qos = type === 2 && (subtype & 0x8) !== 0;
  let amsdu = false;
  if (qos) {
    if (!need(t, top, tvb, off, 2, 'QoS control')) return;
    const q = tvb.u16le(off);
    const qn = t.add(top, tvb, hf.qos, off, 2, q, t.tree ? `Qos Control: 0x${q.toString(16).padStart(4, '0')}` : undefined);
    t.add(qn, tvb, hf.qos_tid, off, 2, q & 0xf);
    t.generated(qn, hf.qos_priority, q & 7);
    // From an AP, bit 4 ends a service period and the high octet is its buffer state; from a station they
    // are a TXOP request or a queue size, as bit 4 says
    const fromAp = ds === 2;
    t.add(qn, tvb, fromAp ? hf.qos_eosp : hf.qos_bit4, off, 2, (q & 0x10) !== 0);
    t.add(qn, tvb, hf.qos_ack, off, 2, (q >> 5) & 3);
    amsdu = (q & 0x80) !== 0;
    t.add(qn, tvb, hf.qos_amsdu, off, 2, amsdu);
    const high = q >> 8;
    if (fromAp) {
      const ps = t.add(qn, tvb, hf.qos_ps_buf_state, off, 2, high, t.tree ? `${bitPicture(0xff00, 16, high)} = QAP PS Buffer State: 0x${high.toString(16).padStart(2, '0')}` : undefined);
      t.add(ps, tvb, hf.qos_buf_state_indicated, off, 2, (q & 0x0200) !== 0);
      t.add(ps, tvb, hf.qos_highest_pri_buf_ac, off, 2, (q >> 10) & 3);
      const load = q >> 12;
      t.add(ps, tvb, hf.qos_qap_buf_load, off, 2, load, t.tree ? `${bitPicture(0xf000, 16, load)} = QAP Buffered Load: ${load}${load === 0 ? ' (no buffered traffic)' : ''}` : undefined);
    } else if (q & 0x10) t.add(qn, tvb, hf.qos_queue_size, off, 2, high, t.tree ? `${bitPicture(0xff00, 16, high)} = Queue Size: ${high} (${high * 256} bytes)` : undefined);
    else t.add(qn, tvb, hf.qos_txop_dur_req, off, 2, high, t.tree ? `${bitPicture(0xff00, 16, high)} = TXOP Duration Requested: ${high}${high === 0 ? ' (no TXOP requested)' : ''}` : undefined);
    off += 2;
    if (flags & 0x80) off += 4; // HT Control
  } else if (type === 0 && flags & 0x80) off += 4;
  t.setLength(top, Math.min(off, body));
  if (pinfo.columns) {
    // (a management frame with both DS bits set has no fourth address to name)
    pinfo.src = pinfo.linkSrc = tvb.ether(saOff === 24 && !tvb.has(24, 6) ? 10 : saOff);
    pinfo.dst = pinfo.linkDst = tvb.ether(daOff);
    pinfo.info = `${tsName}, SN=${sc >> 4}, FN=${sc & 0xf}, Flags=${flagText}`;
  }
  if (flags & 0x40 && off < body) {
    protectedBody(tvb, off, body, pinfo, t, top);
    addFcs(t, whole, body, fcsLen);
    return;
  }
  const payload = off < body ? tvb.sub(off, body - off) : undefined;
  if (payload && type === 2 && (subtype & 0x4) === 0 && !amsdu) {
    if (!dissectLlc(payload, pinfo, t)) dissectData(payload, pinfo, t);
  } else if (payload) {
    // a management frame's body: tshark decodes it (IEEE 802.11 Wireless Management) without naming a
    // protocol in frame.protocols; here it is data, unnamed there too
    const layers = pinfo.protocols.length;
    dissectData(payload, pinfo, t);
    if (type === 0) pinfo.protocols.length = layers;
  }
  addFcs(t, whole, body, fcsLen);
}

/**
 * An encrypted body: the WEP header (IV, key index) and ICV, or with the Extended IV bit the TKIP or CCMP
 * header (told apart as Wireshark does: TKIP's second octet is its WEP seed), then the ciphertext as data.
 */
function protectedBody(tvb: Tvb, off: number, body: number, pinfo: PacketInfo, t: Builder, top: Parent): void {
  if (!need(t, top, tvb, off, 4, 'WEP/TKIP/CCMP header')) return;
  const b = (i: number): number => tvb.u8(off + i);
  const key = b(3) >> 6;
  const hex = (...xs: number[]): string => `0x${xs.map((x) => HEX[x]).join('')}`;
  let start = off + 4;
  let end = body;
  if (b(3) & 0x20) {
    if (!need(t, top, tvb, off, 8, 'extended IV')) return;
    const tkip = b(1) === ((b(0) | 0x20) & 0x7f);
    const head = t.text(top, tvb, off, 8, tkip ? 'TKIP parameters' : 'CCMP parameters');
    const pn = tkip ? hex(b(7), b(6), b(5), b(4), b(0), b(2)) : hex(b(7), b(6), b(5), b(4), b(1), b(0));
    t.add(head, tvb, tkip ? hf.tkip_extiv : hf.ccmp_extiv, off, 8, pn);
    t.add(head, tvb, hf.wep_key, off + 3, 1, key);
    start = off + 8;
  } else {
    const head = t.text(top, tvb, off, 4, 'WEP parameters');
    t.add(head, tvb, hf.wep_iv, off, 3, (b(0) << 16) | (b(1) << 8) | b(2));
    t.add(head, tvb, hf.wep_key, off + 3, 1, key);
    if (body - start >= 4 && tvb.has(body - 4, 4)) end = body - 4;
  }
  t.setLength(top, start);
  if (end > start) dissectData(tvb.sub(start, end - start), pinfo, t);
  if (end < body) {
    // the ICV follows the ciphertext: a layer of its own here, so that layers tile the frame (tshark shows
    // it under "WEP parameters")
    const icv = tvb.u32(end);
    t.add(null, tvb, hf.wep_icv, end, 4, icv, t.tree ? `WEP ICV: 0x${icv.toString(16).padStart(8, '0')} (not verified)` : undefined);
  }
}

function addFcs(t: Builder, tvb: Tvb, at: number, fcsLen: number): void {
  if (fcsLen === 4 && tvb.has(at, 4)) {
    const v = tvb.u32le(at);
    const n = t.add(null, tvb, hf.fcs, at, 4, v, t.tree ? `Frame check sequence: 0x${v.toString(16).padStart(8, '0')} [unverified]` : undefined);
    t.generated(n, hf.fcs_status, 2, t.tree ? 'FCS Status: Unverified' : undefined);
  }
}

/** LLC; with SNAP (AA AA 03), the payload goes to the EtherType table. False when it is not LLC/SNAP. */
function dissectLlc(tvb: Tvb, pinfo: PacketInfo, t: Builder): boolean {
  if (!tvb.has(0, 8) || tvb.u8(0) !== 0xaa || tvb.u8(1) !== 0xaa || tvb.u8(2) !== 0x03) return false;
  pinfo.protocols.push('llc');
  const oui = tvb.u24(3);
  const etype = tvb.u16(6);
  const top = t.add(null, tvb, hf.llc, 0, 8);
  const dsap = t.add(top, tvb, hf.llc_dsap, 0, 1, 0xaa, t.tree ? 'DSAP: SNAP (0xaa)' : undefined);
  t.add(dsap, tvb, hf.llc_dsap_sap, 0, 1, 0x55, t.tree ? '1010 101. = SAP: SNAP' : undefined);
  t.add(dsap, tvb, hf.llc_dsap_ig, 0, 1, false);
  const ssap = t.add(top, tvb, hf.llc_ssap, 1, 1, 0xaa, t.tree ? 'SSAP: SNAP (0xaa)' : undefined);
  t.add(ssap, tvb, hf.llc_ssap_sap, 1, 1, 0x55, t.tree ? '1010 101. = SAP: SNAP' : undefined);
  t.add(ssap, tvb, hf.llc_ssap_cr, 1, 1, false);
  const ctl = t.add(top, tvb, hf.llc_control, 2, 1, 3, t.tree ? 'Control field: U, func=UI (0x03)' : undefined);
  t.add(ctl, tvb, hf.llc_u_cmd, 2, 1, 0);
  t.add(ctl, tvb, hf.llc_ftype, 2, 1, 3, t.tree ? '.... ..11 = Frame type: Unnumbered frame (0x3)' : undefined);
  if (t.tree || t.wants(hf.llc_oui)) {
    // tshark 4.0 labels OUI 00:00:00 with its own (cut) name for it; others by the manuf file's vendor
    const hex = oui.toString(16).padStart(6, '0').replace(/(..)(..)(..)/, '$1:$2:$3');
    const name = oui === 0 ? undefined : ouiLongName(oui);
    const text = oui === 0 ? 'Organization Code: 00:00:00 (Officially Xerox, but' : `Organization Code: ${hex}${name !== undefined ? ` (${name})` : ''}`;
    t.add(top, tvb, hf.llc_oui, 3, 3, oui, t.tree ? text : undefined);
  }
  if (pinfo.columns) pinfo.protocol = 'LLC';
  if (oui !== 0) {
    t.add(top, tvb, hf.llc_pid, 6, 2, etype);
    dissectData(tvb.sub(8), pinfo, t);
    return true;
  }
  t.add(top, tvb, hf.llc_type, 6, 2, etype, t.tree ? `Type: ${etypeText(etype)}` : undefined);
  const payload = tvb.sub(8);
  if (pinfo.registry.call('ethertype', etype, payload, pinfo, t) < 0) dissectData(payload, pinfo, t);
  return true;
}

export const wlan: ProtocolModule = {
  name: 'wlan',
  register(reg: Registry): void {
    reg.add('wtap_encap', 105, { name: 'wlan', dissect: (tvb, pinfo, t) => dissectWlan(tvb, pinfo, t, 0) });
  },
};
