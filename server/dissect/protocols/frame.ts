// The "frame" pseudo-protocol: capture metadata of each frame (number, times, lengths, link type),
// then the hand-off to the link layer by LINKTYPE (table 'wtap_encap') or a hex dump's start layer.

import { defineFields } from '../fields';
import { defineExperts } from '../expert';
import type { Builder, Parent } from '../builder';
import type { PacketInfo } from '../packet';
import type { Registry } from '../registry';
import { Tvb } from '../tvb';
import { dissectData } from './data';

/** LINKTYPE → Wireshark's WTAP_ENCAP for the link types this engine dissects (as tshark 4.0 reports them). */
const WTAP_ENCAP: Readonly<Record<number, number>> = {
  0: 15, 1: 1, 9: 4, 12: 7, 14: 7, 50: 4, 51: 139, 101: 7, 104: 28, 105: 20, 127: 23, 107: 26, 108: 174, 113: 25, 204: 19, 228: 129, 229: 130, 239: 141, 276: 210,
};
const WTAP_ENCAP_NAMES: Readonly<Record<number, string>> = {
  1: 'Ethernet', 4: 'PPP', 7: 'Raw IP', 20: 'IEEE 802.11 Wireless LAN', 23: 'IEEE 802.11 plus radiotap radio header', 15: 'NULL/Loopback', 19: 'PPP with Directional Info', 25: 'Linux cooked-mode capture v1',
  26: 'Frame Relay', 28: 'Cisco HDLC', 139: 'PPP-over-Ethernet session',
  129: 'Raw IPv4', 130: 'Raw IPv6', 141: 'NFLOG', 174: 'OpenBSD loopback', 210: 'Linux cooked-mode capture v2',
};

/** "151 bytes (1208 bits)" */
function bytesBits(n: number): string {
  return `${n} bytes (${n * 8} bits)`;
}

export const hf = defineFields({
  frame: { abbrev: 'frame', name: 'Frame', type: 'protocol', fieldsRepr: 'label' },
  number: { abbrev: 'frame.number', name: 'Frame Number', type: 'uint32', base: 'dec' },
  time: { abbrev: 'frame.time', name: 'Arrival Time', type: 'string' },
  time_epoch: { abbrev: 'frame.time_epoch', name: 'Epoch Time', type: 'time_rel', unit: 'seconds' },
  time_relative: { abbrev: 'frame.time_relative', name: 'Time since reference or first frame', type: 'time_rel', unit: 'seconds' },
  time_delta_displayed: { abbrev: 'frame.time_delta_displayed', name: 'Time delta from previous displayed frame', type: 'time_rel', unit: 'seconds' },
  time_delta: { abbrev: 'frame.time_delta', name: 'Time delta from previous captured frame', type: 'time_rel', unit: 'seconds' },
  len: { abbrev: 'frame.len', name: 'Frame Length', type: 'uint32', base: 'dec', unit: 'bytes' },
  cap_len: { abbrev: 'frame.cap_len', name: 'Capture Length', type: 'uint32', base: 'dec', unit: 'bytes' },
  encap_type: { abbrev: 'frame.encap_type', name: 'Encapsulation type', type: 'int16', base: 'dec', vals: WTAP_ENCAP_NAMES, blurb: 'Wireshark\'s encapsulation number for the capture\'s link type' },
  link_type: { abbrev: 'frame.link_type', name: 'Link type (LINKTYPE)', type: 'uint32', base: 'dec', blurb: 'The capture\'s link type, for those with no Wireshark encapsulation number here (L2TP Lens)' },
  offset_shift: { abbrev: 'frame.offset_shift', name: 'Time shift for this packet', type: 'time_rel', unit: 'seconds' },
  marked: { abbrev: 'frame.marked', name: 'Frame is marked', type: 'bool' },
  ignored: { abbrev: 'frame.ignored', name: 'Frame is ignored', type: 'bool' },
  p2p_dir: { abbrev: 'frame.p2p_dir', name: 'Point-to-Point Direction', type: 'int8', base: 'dec', vals: { [-1]: 'Unknown', 0: 'Sent', 1: 'Received' }, blurb: 'From the direction octet link types 204–207 put before each frame' },
  section_number: { abbrev: 'frame.section_number', name: 'Section number', type: 'uint32', base: 'dec', blurb: 'The number of the file section this frame is in' },
  interface_id: { abbrev: 'frame.interface_id', name: 'Interface id', type: 'uint32', base: 'dec' },
  interface_name: { abbrev: 'frame.interface_name', name: 'Interface name', type: 'string', blurb: 'The friendly name for this interface' },
  interface_description: { abbrev: 'frame.interface_description', name: 'Interface description', type: 'string', blurb: 'The description for this interface' },
  comment: { abbrev: 'frame.comment', name: 'Comment', type: 'string' },
  protocols: { abbrev: 'frame.protocols', name: 'Protocols in frame', type: 'string' },
});

export const ei = defineExperts({
  unknown_link: { abbrev: 'frame.link_type.unknown', severity: 'warning', group: 'undecoded', summary: 'Unsupported link type: the frame is shown as raw data' },
  truncated: { abbrev: 'frame.truncated', severity: 'warning', group: 'malformed', summary: 'Packet size limited during capture' },
  dissector_bug: { abbrev: '_ws.dissector_bug', severity: 'error', group: 'malformed', summary: 'Internal decoder error: decoding of this frame stopped' },
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "SEC.NNNNNNNNN" — exact. */
export function timeText(sec: number, ns: number): string {
  if (sec < 0 || (sec === 0 && ns < 0)) {
    const total = -(sec * 1e9 + ns);
    return `-${timeText(Math.floor(total / 1e9), total % 1e9)}`;
  }
  return `${sec}.${String(ns).padStart(9, '0')}`;
}

/** Difference a − b as "SEC.NNNNNNNNN". */
export function timeDiff(aSec: number, aNs: number, bSec: number, bNs: number): string {
  let s = aSec - bSec;
  let n = aNs - bNs;
  if (n < 0 && s > 0) { s -= 1; n += 1e9; }
  if (n > 0 && s < 0) { s += 1; n -= 1e9; }
  return timeText(s, n);
}

/** tshark's frame.time in UTC: "Nov 14, 2023 22:13:20.010000000 UTC", "Jan  2, 2014 08:37:54.836963000 UTC". */
export function absTimeText(sec: number, ns: number): string {
  // Frames come many to a second: the date and time up to the second is made once per second.
  if (sec !== lastSec) {
    const d = new Date(sec * 1000);
    const p = (x: number) => String(x).padStart(2, '0');
    // the day of the month space-padded (strftime's %e), as tshark prints it: "Jan  2, 2014"
    lastSecText = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')}, ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
    lastSec = sec;
  }
  return `${lastSecText}.${String(ns).padStart(9, '0')} UTC`;
}
let lastSec = Number.NaN;
let lastSecText = '';

/** Dissects one frame from the top: frame metadata, then its link layer. */
export function dissectFrame(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  const m = pinfo.frame;
  pinfo.protocols.push('frame');
  let top: Parent = null;
  // Nothing below is needed by later steps: a sink that records no frame field skips it (Builder.wantsAny).
  if (t.wantsAny(hf.frame)) {
    // tshark -V's frame block: the same items, labels and order (the generated ones in brackets)
    const tree = t.tree;
    const iface = m.interfaceId;
    // A pcapng interface with neither if_name nor if_description is "unknown" to Wireshark.
    const ifName = m.interfaceName ?? 'unknown';
    top = t.add(null, tvb, hf.frame, 0, tvb.length, undefined,
      t.labels(hf.frame) ? `Frame ${m.number}: ${m.originalLength} bytes on wire (${m.originalLength * 8} bits), ${m.capturedLength} bytes captured (${m.capturedLength * 8} bits)${iface !== undefined ? ` on interface ${ifName}, id ${iface}` : ''}` : undefined);
    if (m.section !== undefined) t.add(top, tvb, hf.section_number, 0, 0, m.section);
    if (iface !== undefined) {
      // tshark 4.0 names an interface of a later pcapng section after the first section's interface with
      // the same id; we name the frame's own (its section's) interface.
      const ifn = t.add(top, tvb, hf.interface_id, 0, 0, iface, tree ? `Interface id: ${iface} (${ifName})` : undefined);
      if (m.section !== undefined) {
        t.add(ifn, tvb, hf.interface_name, 0, 0, ifName);
        if (m.interfaceDescription !== undefined) t.add(ifn, tvb, hf.interface_description, 0, 0, m.interfaceDescription);
      }
    }
    if (m.startAt === undefined) {
      const wtap = WTAP_ENCAP[m.linkType];
      if (wtap !== undefined) t.add(top, tvb, hf.encap_type, 0, 0, wtap);
      else t.add(top, tvb, hf.link_type, 0, 0, m.linkType);
    }
    if (m.fileOffset >= 0 || m.tsSec !== 0 || m.tsNs !== 0) {
      if (t.wants(hf.time)) t.add(top, tvb, hf.time, 0, 0, absTimeText(m.tsSec, m.tsNs));
      t.generated(top, hf.offset_shift, '0.000000000');
      if (t.wants(hf.time_epoch)) t.add(top, tvb, hf.time_epoch, 0, 0, timeText(m.tsSec, m.tsNs));
      const ref = pinfo.timeRef;
      if (ref) {
        if (t.wants(hf.time_delta)) t.generated(top, hf.time_delta, timeDiff(m.tsSec, m.tsNs, ref.prevSec, ref.prevNs));
        // from the previous frame a display filter let through (the previous frame when there is no filter)
        if (t.wants(hf.time_delta_displayed)) t.generated(top, hf.time_delta_displayed, timeDiff(m.tsSec, m.tsNs, ref.shownSec ?? ref.prevSec, ref.shownNs ?? ref.prevNs));
        if (t.wants(hf.time_relative)) t.generated(top, hf.time_relative, timeDiff(m.tsSec, m.tsNs, ref.firstSec, ref.firstNs));
      }
    }
    t.add(top, tvb, hf.number, 0, 0, m.number);
    t.add(top, tvb, hf.len, 0, 0, m.originalLength, tree ? `Frame Length: ${bytesBits(m.originalLength)}` : undefined);
    t.add(top, tvb, hf.cap_len, 0, 0, m.capturedLength, tree ? `Capture Length: ${bytesBits(m.capturedLength)}` : undefined);
    t.generated(top, hf.marked, false);
    t.generated(top, hf.ignored, false);
    const comments = m.comments;
    if (comments) for (const c of comments) t.add(top, tvb, hf.comment, 0, 0, c);
    if (m.direction !== undefined) t.add(top, tvb, hf.p2p_dir, 0, 0, m.direction);
  }
  if (m.capturedLength < m.originalLength) t.problem(top, tvb, ei.truncated, 0, 0, `Packet size limited during capture: ${m.capturedLength} of ${m.originalLength} bytes captured`);

  const reg = pinfo.registry;
  const entry = m.startAt !== undefined ? reg.byNameOf(m.startAt) : reg.lookup('wtap_encap', m.linkType);
  if (!entry) {
    t.problem(top, tvb, ei.unknown_link, 0, 0, m.startAt !== undefined ? `No dissector named "${m.startAt}"` : `Unsupported link type ${m.linkType}: shown as raw data`);
    dissectData(tvb, pinfo, t);
  } else reg.run(entry, tvb, pinfo, t);
  // Known only now that every layer has run; tshark's last frame item (a generated one), without 'frame' itself.
  if (top !== null || t.wants(hf.protocols)) t.generated(top, hf.protocols, pinfo.protocols.slice(1).join(':'));
}

export const frame = {
  name: 'frame',
  register(reg: Registry): void {
    reg.register({ name: 'frame', dissect: dissectFrame });
  },
};
