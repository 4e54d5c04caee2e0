// Radiotap (LINKTYPE_IEEE802_11_RADIOTAP 127; Wireshark's packet-ieee80211-radiotap.c): the capture
// metadata before an 802.11 frame. The header, its present-flags words and the first standard fields (MAC
// timestamp, flags, rate, channel, antenna signal) are decoded; the Flags field's "FCS at end" bit tells the
// 802.11 dissector whether the frame ends with its FCS. Fields past those stay undecoded inside the header.

import { defineFields } from '../fields';
import type { Builder } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need } from '../common';
import { bitPicture } from '../render';
import { dissectWlan } from './wlan';

const REF = 'radiotap.org';
export const hf = defineFields({
  proto: { abbrev: 'radiotap', name: 'Radiotap Header', type: 'protocol', ref: REF },
  version: { abbrev: 'radiotap.version', name: 'Header revision', type: 'uint8', base: 'dec', ref: REF },
  pad: { abbrev: 'radiotap.pad', name: 'Header pad', type: 'uint8', base: 'dec', ref: REF },
  length: { abbrev: 'radiotap.length', name: 'Header length', type: 'uint16', base: 'dec', ref: REF },
  present: { abbrev: 'radiotap.present', name: 'Present flags', type: 'none', ref: REF },
  present_word: { abbrev: 'radiotap.present.word', name: 'Present flags word', type: 'uint32', base: 'hex', blurb: 'Which fields follow (bit 31: another word follows)', ref: REF },
  tsft: { abbrev: 'radiotap.mactime', name: 'MAC timestamp', type: 'uint64', base: 'dec', blurb: 'Microseconds, the TSF timer when the frame\'s first bit arrived', ref: REF },
  flags: { abbrev: 'radiotap.flags', name: 'Flags', type: 'uint8', base: 'hex', ref: REF },
  flags_fcs: { abbrev: 'radiotap.flags.fcs', name: 'FCS at end', type: 'bool', bits: 8, mask: 0x10, blurb: 'The 802.11 frame ends with its 4-byte FCS', ref: REF },
  datarate: { abbrev: 'radiotap.datarate', name: 'Data rate (Mb/s)', type: 'double', ref: REF },
  channel_freq: { abbrev: 'radiotap.channel.freq', name: 'Channel frequency', type: 'uint32', base: 'dec', ref: REF },
  channel_flags: { abbrev: 'radiotap.channel.flags', name: 'Channel flags', type: 'uint16', base: 'hex', ref: REF },
  dbm_antsignal: { abbrev: 'radiotap.dbm_antsignal', name: 'Antenna signal', type: 'int8', base: 'dec', unit: 'dBm', ref: REF },
});

const FLAG_NAMES = ['CFP', 'Preamble', 'WEP', 'Fragmentation', 'FCS at end', 'Data Pad', 'Bad FCS', 'Short GI'];
/** The present word's bits, as tshark names them (bits 29–31: namespace and extension). */
const PRESENT_NAMES = ['TSFT', 'Flags', 'Rate', 'Channel', 'FHSS', 'dBm Antenna Signal', 'dBm Antenna Noise', 'Lock Quality',
  'TX Attenuation', 'dB TX Attenuation', 'dBm TX Power', 'Antenna', 'dB Antenna Signal', 'dB Antenna Noise', 'RX flags',
  'TX flags', undefined, 'data retries', 'Channel+', 'MCS information', 'A-MPDU Status', 'VHT information',
  'frame timestamp', 'HE information', 'HE-MU information', undefined, '0 Length PSDU', 'L-SIG', 'TLVs',
  'Radiotap NS next', 'Vendor NS next', 'Ext'];
const CHANNEL_FLAGS = ['700 MHz spectrum', '800 MHz spectrum', '900 MHz spectrum', undefined, 'Turbo', 'Complementary Code Keying (CCK)',
  'Orthogonal Frequency-Division Multiplexing (OFDM)', '2 GHz spectrum', '5 GHz spectrum', 'Passive', 'Dynamic CCK-OFDM',
  'Gaussian Frequency Shift Keying (GFSK)', 'GSM (900MHz)', 'Static Turbo', 'Half Rate Channel (10MHz Channel Width)',
  'Quarter Rate Channel (5MHz Channel Width)'];

/** tshark's "[BG 1]" / "[A 36]": the band and channel number of a frequency in MHz. */
function channelOf(mhz: number): string {
  if (mhz === 2484) return ' [BG 14]';
  if (mhz >= 2412 && mhz < 2484) return ` [BG ${(mhz - 2407) / 5}]`;
  if (mhz >= 5000 && mhz < 5900) return ` [A ${(mhz - 5000) / 5}]`;
  return '';
}

function dissectRadiotap(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  pinfo.protocols.push('radiotap');
  if (pinfo.columns) { pinfo.protocol = '802.11'; pinfo.info = ''; }
  if (!tvb.has(0, 8)) {
    const top = t.add(null, tvb, hf.proto, 0, tvb.length);
    need(t, top, tvb, 0, 8, 'radiotap header');
    return;
  }
  const version = tvb.u8(0);
  const len = Math.max(8, Math.min(tvb.u16le(2), tvb.length));
  const top = t.add(null, tvb, hf.proto, 0, len, undefined, t.labels(hf.proto) ? `Radiotap Header v${version}, Length ${tvb.u16le(2)}` : undefined);
  t.add(top, tvb, hf.version, 0, 1, version);
  t.add(top, tvb, hf.pad, 1, 1, tvb.u8(1));
  t.add(top, tvb, hf.length, 2, 2, tvb.u16le(2));
  // the present words: as many as have bit 31 set, plus one
  const pres = t.add(top, tvb, hf.present, 4, 4);
  let off = 4;
  let first = 0;
  for (let i = 0; tvb.has(off, 4) && off + 4 <= len; i++) {
    const w = tvb.u32le(off);
    if (i === 0) first = w;
    const pw = t.add(pres, tvb, hf.present_word, off, 4, w);
    if (t.tree) {
      for (let b = 0; b < 32; b++) {
        const name = PRESENT_NAMES[b];
        if (name === undefined) continue;
        const on = (w >>> b) & 1;
        const state = b === 29 || b === 30 ? (on ? 'True' : 'False') : on ? 'Present' : 'Absent';
        t.text(pw, tvb, off, 4, `${bitPicture((1 << b) >>> 0, 32, on)} = ${name}: ${state}`);
      }
    }
    off += 4;
    if (!(w & 0x80000000)) break;
  }
  t.setLength(pres, off - 4);
  let fcs = false;
  const align = (n: number): void => { off = (off + n - 1) & ~(n - 1); };
  // the fields, in bit order, as far as the first one this decoder does not know
  if (first & 0x01) {
    align(8);
    if (off + 8 > len) return finish();
    t.add(top, tvb, hf.tsft, off, 8, ((BigInt(tvb.u32le(off + 4)) << 32n) | BigInt(tvb.u32le(off))).toString());
    off += 8;
  }
  if (first & 0x02 && off < len) {
    const f = tvb.u8(off);
    fcs = (f & 0x10) !== 0;
    const fn = t.add(top, tvb, hf.flags, off, 1, f);
    if (t.tree) {
      for (let b = 0; b < 8; b++) {
        const on = (f >> b) & 1;
        const text = b === 1 ? (on ? 'Short' : 'Long') : on ? 'True' : 'False';
        t.text(fn, tvb, off, 1, `${bitPicture(1 << b, 8, on)} = ${FLAG_NAMES[b]}: ${text}`);
      }
    } else {
      t.add(fn, tvb, hf.flags_fcs, off, 1, fcs);
    }
    off += 1;
  }
  if (first & 0x04 && off < len) {
    const r = tvb.u8(off);
    t.add(top, tvb, hf.datarate, off, 1, r / 2, t.tree ? `Data Rate: ${(r / 2).toFixed(1)} Mb/s` : undefined);
    off += 1;
  }
  if (first & 0x08) {
    align(2);
    if (off + 4 <= len) {
      const mhz = tvb.u16le(off);
      const cf = tvb.u16le(off + 2);
      t.add(top, tvb, hf.channel_freq, off, 2, mhz, t.tree ? `Channel frequency: ${mhz}${channelOf(mhz)}` : undefined);
      const set = CHANNEL_FLAGS.filter((n, b) => n !== undefined && b >= 5 && b <= 8 && (cf >> b) & 1);
      const fl = t.add(top, tvb, hf.channel_flags, off + 2, 2, cf, t.tree ? `Channel flags: 0x${cf.toString(16).padStart(4, '0')}${set.length ? `, ${set.join(', ')}` : ''}` : undefined);
      if (t.tree) {
        CHANNEL_FLAGS.forEach((n, b) => {
          if (n !== undefined) t.text(fl, tvb, off + 2, 2, `${bitPicture(1 << b, 16, (cf >> b) & 1)} = ${n}: ${(cf >> b) & 1 ? 'True' : 'False'}`);
        });
      }
      off += 4;
    }
  }
  if (first & 0x10) off = len; // FHSS and beyond: not decoded here
  if (first & 0x20 && off < len) {
    const s = tvb.u8(off);
    t.add(top, tvb, hf.dbm_antsignal, off, 1, s > 127 ? s - 256 : s);
  }
  return finish();

  function finish(): void {
    // tshark lists its "802.11 radio information" summary layer here (not decoded by this engine)
    pinfo.protocols.push('wlan_radio');
    if (tvb.length > len) dissectWlan(tvb.sub(len), pinfo, t, fcs ? 4 : 0);
  }
}

export const radiotap: ProtocolModule = {
  name: 'radiotap',
  register(reg: Registry): void {
    reg.add('wtap_encap', 127, { name: 'radiotap', dissect: dissectRadiotap });
  },
};
