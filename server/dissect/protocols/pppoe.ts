// PPP over Ethernet (Wireshark's packet-pppoe.c): the Session stage (ethertype 0x8864, frame.protocols
// "pppoes") carries PPP — handed to the dissector named 'ppp_plain': no ff03 address/control bytes (RFC 2516
// §7), so, as in tshark, ff 03 reads as protocol 0x00ff — and the Discovery stage (0x8863, "pppoed") carries
// tags (PADI, PADO, PADR, PADS, PADT).

import { defineFields } from '../fields';
import type { FieldDef } from '../fields';
import { defineExperts } from '../expert';
import type { Builder, Parent } from '../builder';
import type { PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { need } from '../common';
import { dissectData } from './data';

const CODE_VALS: Readonly<Record<number, string>> = {
  0x00: 'Session Data', 0x07: 'Active Discovery Offer (PADO)', 0x09: 'Active Discovery Initiation (PADI)',
  0x0a: 'Active Discovery Session-Grant (PADG)', 0x0b: 'Active Discovery Session-Credit Resp.(PADC)',
  0x0c: 'Active Discovery Quality (PADQ)', 0x19: 'Active Discovery Request (PADR)',
  0x65: 'Active Discovery Session-confirmation (PADS)', 0xa7: 'Active Discovery Terminate (PADT)',
  0xd3: 'Active Discovery Message (PADM)', 0xd4: 'Active Discovery Network (PADN)',
};
const TAG_VALS: Readonly<Record<number, string>> = {
  0x0000: 'End-Of-List', 0x0101: 'Service-Name', 0x0102: 'AC-Name', 0x0103: 'Host-Uniq', 0x0104: 'AC-Cookie',
  0x0105: 'Vendor-Specific', 0x0106: 'Credits', 0x0107: 'Metrics', 0x0108: 'Sequence Number', 0x0109: 'Credit Scale Factor',
  0x0110: 'Relay-Session-Id', 0x0111: 'HURL', 0x0112: 'MOTM', 0x0120: 'PPP-Max-Payload', 0x0121: 'IP Route Add',
  0x0201: 'Service-Name-Error', 0x0202: 'AC-System-Error', 0x0203: 'Generic-Error',
};

export const hf = defineFields({
  pppoes: { abbrev: 'pppoes', name: 'PPP-over-Ethernet Session', type: 'protocol', ref: 'RFC 2516 §6' },
  pppoed: { abbrev: 'pppoed', name: 'PPP-over-Ethernet Discovery', type: 'protocol', ref: 'RFC 2516 §5' },
  version: { abbrev: 'pppoe.version', name: 'Version', type: 'uint8', base: 'dec', mask: 0xf0, blurb: 'PPPoE version: 1', ref: 'RFC 2516 §4' },
  type: { abbrev: 'pppoe.type', name: 'Type', type: 'uint8', base: 'dec', mask: 0x0f, blurb: 'PPPoE type: 1', ref: 'RFC 2516 §4' },
  code: { abbrev: 'pppoe.code', name: 'Code', type: 'uint8', base: 'hex', vals: CODE_VALS, blurb: 'Discovery packet type; 0 in the session stage', ref: 'RFC 2516 §4' },
  session_id: { abbrev: 'pppoe.session_id', name: 'Session ID', type: 'uint16', base: 'hex', blurb: 'Set by the access concentrator in PADS; fixed for the session', ref: 'RFC 2516 §4' },
  payload_length: { abbrev: 'pppoe.payload_length', name: 'Payload Length', type: 'uint16', base: 'dec', blurb: 'Length of the PPPoE payload (not counting this 6-byte header)', ref: 'RFC 2516 §4' },
  tags: { abbrev: 'pppoed.tags', name: 'PPPoE Tags', type: 'none' },
  tag: { abbrev: 'pppoed.tag', name: 'Tag', type: 'uint16', base: 'hex', vals: TAG_VALS, ref: 'RFC 2516 Appendix A' },
  tag_length: { abbrev: 'pppoed.tag_length', name: 'Tag Length', type: 'uint16', base: 'dec' },
  tag_unknown: { abbrev: 'pppoed.tag.unknown_data', name: 'Unknown Data', type: 'bytes' },
  service_name: { abbrev: 'pppoed.tags.service_name', name: 'Service-Name', type: 'string', ref: 'RFC 2516 Appendix A' },
  ac_name: { abbrev: 'pppoed.tags.ac_name', name: 'AC-Name', type: 'string', ref: 'RFC 2516 Appendix A' },
  host_uniq: { abbrev: 'pppoed.tags.host_uniq', name: 'Host-Uniq', type: 'bytes', ref: 'RFC 2516 Appendix A' },
  ac_cookie: { abbrev: 'pppoed.tags.ac_cookie', name: 'AC-Cookie', type: 'bytes', ref: 'RFC 2516 Appendix A' },
  vendor_id: { abbrev: 'pppoed.tags.vendor_id', name: 'Vendor id', type: 'uint32', base: 'dec' },
  vendor_unspecified: { abbrev: 'pppoed.tags.vendor_unspecified', name: 'Vendor unspecified', type: 'bytes' },
  relay_session_id: { abbrev: 'pppoed.tags.relay_session_id', name: 'Relay-Session-Id', type: 'bytes' },
  max_payload: { abbrev: 'pppoed.tags.max_payload', name: 'PPP-Max-Payload', type: 'bytes', ref: 'RFC 4638' },
  service_name_error: { abbrev: 'pppoed.tags.service_name_error', name: 'Service-Name-Error', type: 'string' },
  ac_system_error: { abbrev: 'pppoed.tags.ac_system_error', name: 'AC-System-Error', type: 'string' },
  generic_error: { abbrev: 'pppoed.tags.generic_error', name: 'Generic-Error', type: 'string' },
});

export const ei = defineExperts({
  payload_length_bad: { abbrev: 'pppoe.payload_length.bad', severity: 'warning', group: 'malformed', summary: 'Possible bad payload length', ref: 'RFC 2516 §4' },
  tag_length_invalid: { abbrev: 'pppoed.tag_length.invalid', severity: 'error', group: 'malformed', summary: 'Wrong length' },
});

/**
 * The 6-byte header; returns the payload length the header claims (clamped to what the frame holds). In a
 * session frame a length other than the rest of the frame is flagged as tshark flags it: only past 46 bytes
 * (shorter frames may carry Ethernet padding), not for LCP and IPCP (whose length leaves padding out), and
 * not when 4 bytes remain (an FCS). A length past the end of the frame is flagged in every case.
 */
function header(tvb: Tvb, t: Builder, top: Parent, session: boolean): number | undefined {
  if (!need(t, top, tvb, 0, 6, 'PPPoE header')) return undefined;
  const vt = tvb.u8(0);
  t.add(top, tvb, hf.version, 0, 1, vt >> 4);
  t.add(top, tvb, hf.type, 0, 1, vt & 0x0f);
  t.add(top, tvb, hf.code, 1, 1, tvb.u8(1));
  t.add(top, tvb, hf.session_id, 2, 2, tvb.u16(2));
  const len = tvb.u16(4);
  const actual = tvb.reportedLength - 6;
  const cp = tvb.has(6, 2) ? tvb.u16(6) : -1;
  const bad = len > actual
    || (session && len !== actual && len + 4 !== actual && tvb.reportedLength > 46 && cp !== 0xc021 && cp !== 0x8021);
  const ln = t.add(top, tvb, hf.payload_length, 4, 2, len, bad && t.tree ? `Payload Length: ${len} [incorrect, should be ${actual}]` : undefined);
  if (bad) t.problem(ln, tvb, ei.payload_length_bad, 4, 2, `Possible bad payload length ${len} != ${actual}`);
  return Math.min(len, actual);
}

function dissectSession(tvb: Tvb, pinfo: PacketInfo, t: Builder): number {
  pinfo.protocols.push('pppoes');
  if (pinfo.columns) { pinfo.protocol = 'PPPoES'; pinfo.info = CODE_VALS[tvb.u8(1)] ?? 'Unknown'; }
  const top = t.add(null, tvb, hf.pppoes, 0, Math.min(6, tvb.length));
  const len = header(tvb, t, top, true);
  if (len === undefined) return tvb.reportedLength;
  const payload = tvb.sub(6, len);
  if (len > 0) {
    const ppp = pinfo.registry.byNameOf('ppp_plain');
    if (ppp) pinfo.registry.run(ppp, payload, pinfo, t);
    else dissectData(payload, pinfo, t);
  }
  return 6 + len;
}

function addString(t: Builder, parent: Parent, tvb: Tvb, f: FieldDef, off: number, len: number): string {
  const s = tvb.str(off, len);
  t.add(parent, tvb, f, off, len, s);
  return s;
}

function dissectDiscovery(tvb: Tvb, pinfo: PacketInfo, t: Builder): number {
  pinfo.protocols.push('pppoed');
  const code = tvb.u8(1);
  if (pinfo.columns) { pinfo.protocol = 'PPPoED'; pinfo.info = CODE_VALS[code] ?? 'Unknown'; }
  const top = t.add(null, tvb, hf.pppoed, 0, Math.min(6, tvb.length));
  const len = header(tvb, t, top, false);
  if (len === undefined) return tvb.reportedLength;
  t.setLength(top, Math.min(6 + len, tvb.length));
  if (len === 0) return 6;
  const tags = t.add(top, tvb, hf.tags, 6, len);
  const end = 6 + len;
  let off = 6;
  while (off + 4 <= end) {
    if (!need(t, tags, tvb, off, 4, 'PPPoE tag')) break;
    const tag = tvb.u16(off);
    const tlen = tvb.u16(off + 2);
    const v = off + 4;
    if (v + tlen > end) {
      const n = t.add(tags, tvb, hf.tag, off, 2, tag);
      t.problem(n, tvb, ei.tag_length_invalid, off + 2, 2, `Wrong length: ${tlen}`);
      break;
    }
    if (!need(t, tags, tvb, v, tlen, 'PPPoE tag value')) break;
    switch (tag) {
      case 0x0101: addString(t, tags, tvb, hf.service_name, v, tlen); break;
      case 0x0102: {
        const s = addString(t, tags, tvb, hf.ac_name, v, tlen);
        if (pinfo.columns) pinfo.info += ` AC-Name='${s}'`;
        break;
      }
      case 0x0103: t.add(tags, tvb, hf.host_uniq, v, tlen); break;
      case 0x0104: t.add(tags, tvb, hf.ac_cookie, v, tlen); break;
      case 0x0105:
        if (tlen >= 4) t.add(tags, tvb, hf.vendor_id, v, 4, tvb.u32(v));
        if (tlen > 4) t.add(tags, tvb, hf.vendor_unspecified, v + 4, tlen - 4);
        break;
      case 0x0110: t.add(tags, tvb, hf.relay_session_id, v, tlen); break;
      case 0x0120: t.add(tags, tvb, hf.max_payload, v, tlen); break;
      case 0x0201: addString(t, tags, tvb, hf.service_name_error, v, tlen); break;
      case 0x0202: addString(t, tags, tvb, hf.ac_system_error, v, tlen); break;
      case 0x0203: addString(t, tags, tvb, hf.generic_error, v, tlen); break;
      default: {
        // The tag item spans the whole TLV so that its length and data nest inside it.
        const n = t.add(tags, tvb, hf.tag, off, 4 + tlen, tag);
        t.add(n, tvb, hf.tag_length, off + 2, 2, tlen);
        if (tlen > 0) t.add(n, tvb, hf.tag_unknown, v, tlen);
      }
    }
    off = v + tlen;
    if (tag === 0x0000) break;
  }
  return 6 + len;
}

export const pppoe: ProtocolModule = {
  name: 'pppoe',
  register(reg: Registry): void {
    const session = { name: 'pppoes', dissect: dissectSession };
    reg.add('ethertype', 0x8864, session);
    // LINKTYPE_PPP_ETHER (51): PPPoE session frames without their Ethernet header
    reg.add('wtap_encap', 51, session);
    reg.add('ethertype', 0x8863, { name: 'pppoed', dissect: dissectDiscovery });
  },
};
