// L2TPv3 data messages (RFC 3931 §4.1.1): Session ID, Cookie (size learnt from the Assigned Cookie AVPs of
// the control channel, or the preference), L2-Specific Sublayer, then the pseudowire payload handed over
// by pseudowire type on table 'l2tp.pw_type' (decode-as first), as Wireshark does.

import type { Builder, Parent } from '../../builder';
import { need } from '../../common';
import type { PacketInfo } from '../../packet';
import type { Tvb } from '../../tvb';
import { dissectData } from '../data';
import { ei, hf } from './fields';
import { dataSettings } from './state';
import { firstHeaderFacts } from './context';

const SUBLAYER_PREF: Record<string, number> = { none: 0, default: 1, atm: 2, mpt: 3, psp: 4 };

/**
 * Built-in payload hand-off when nothing is registered on 'l2tp.pw_type' for the type. Only the types
 * tshark 4.0 hands off (`tshark -G decodes`): Ethernet VLAN (4) is not among them, so its payload stays
 * data there, and here.
 */
function builtinPayload(pw: number, payload: Tvb): string | undefined {
  switch (pw) {
    case 5: return 'eth';
    case 7: return 'ppp';
    case 11: return (payload.u8(0) >> 4) === 6 ? 'ipv6' : 'ip';
    default: return undefined;
  }
}

/**
 * Decodes from the Session ID at `idx` to the payload. Returns the header length (the L2TP node's length).
 */
export function dissectV3Data(tvb: Tvb, pinfo: PacketInfo, t: Builder, top: Parent, idx: number): number {
  if (!need(t, top, tvb, idx, 4, 'L2TPv3 Session ID')) return tvb.length;
  const sid = tvb.u32(idx);
  t.add(top, tvb, hf.sid, idx, 4, sid);
  idx += 4;
  firstHeaderFacts(pinfo, tvb, 3, false, 0, sid);
  const learnt = dataSettings(pinfo, sid);
  const prefs = pinfo.prefs;
  const cookieLen = prefs.l2tpv3Cookie !== 'detect' ? prefs.l2tpv3Cookie : (learnt.cookieLen ?? 0);
  const l2spec = prefs.l2tpv3Sublayer !== 'detect' ? (SUBLAYER_PREF[prefs.l2tpv3Sublayer] ?? 0) : (learnt.l2spec ?? 0);
  const pw = learnt.pw ?? prefs.l2tpv3PwType ?? 0;
  t.generated(top, hf.pseudowire_type, pw);
  const prefix = `D[S:0x${sid.toString(16).toUpperCase().padStart(8, '0')}]`;
  if (pinfo.columns) pinfo.info = prefix;
  if (tvb.remaining(idx) <= 0) return idx;

  if (cookieLen > 0) {
    if (!need(t, top, tvb, idx, cookieLen, 'L2TPv3 Cookie')) return tvb.length;
    t.add(top, tvb, hf.cookie, idx, cookieLen);
    idx += cookieLen;
  }
  const sl = idx;
  switch (l2spec) {
    case 1: {
      if (!need(t, top, tvb, idx, 4, 'Default L2-Specific Sublayer')) return tvb.length;
      const n = t.add(top, tvb, hf.l2_spec_def, sl, 4);
      t.add(n, tvb, hf.l2_spec_s, sl, 1, (tvb.u8(sl) & 0x40) !== 0);
      t.add(n, tvb, hf.l2_spec_sequence, sl + 1, 3, tvb.u24(sl + 1));
      idx += 4;
      break;
    }
    case 2: {
      if (!need(t, top, tvb, idx, 4, 'ATM-Specific Sublayer')) return tvb.length;
      const n = t.add(top, tvb, hf.l2_spec_atm, sl, 4);
      const b = tvb.u8(sl);
      t.add(n, tvb, hf.l2_spec_s, sl, 1, (b & 0x40) !== 0);
      t.add(n, tvb, hf.l2_spec_t, sl, 1, (b & 0x08) !== 0);
      t.add(n, tvb, hf.l2_spec_g, sl, 1, (b & 0x04) !== 0);
      t.add(n, tvb, hf.l2_spec_c, sl, 1, (b & 0x02) !== 0);
      t.add(n, tvb, hf.l2_spec_u, sl, 1, (b & 0x01) !== 0);
      t.add(n, tvb, hf.l2_spec_sequence, sl + 1, 3, tvb.u24(sl + 1));
      idx += 4;
      break;
    }
    case 3: case 4: {
      if (!need(t, top, tvb, idx, 4, 'DOCSIS L2-Specific Sublayer')) return tvb.length;
      const n = t.add(top, tvb, l2spec === 3 ? hf.l2_spec_docsis_dmpt : hf.l2_spec_docsis_psp, sl, 4);
      const b = tvb.u8(sl);
      t.add(n, tvb, hf.l2_spec_v, sl, 1, (b & 0x80) !== 0);
      t.add(n, tvb, hf.l2_spec_s, sl, 1, (b & 0x40) !== 0);
      t.add(n, tvb, hf.l2_spec_h, sl, 1, (b & 0x30) >> 4);
      t.add(n, tvb, hf.l2_spec_flow_id, sl, 1, (b & 0x0e) >> 1);
      t.add(n, tvb, hf.l2_spec_sequence, sl + 2, 2, tvb.u16(sl + 2));
      idx += 4;
      break;
    }
    default: break;
  }
  const payload = tvb.sub(idx);
  if (payload.length <= 0) return idx;
  if (pw === 0 && !learnt.learnt && prefs.l2tpv3Cookie === 'detect' && prefs.l2tpv3Sublayer === 'detect') hint(payload, pinfo, t, top);
  handOff(payload, pinfo, t, pw, prefix);
  return idx;
}

function handOff(payload: Tvb, pinfo: PacketInfo, t: Builder, pw: number, prefix: string): void {
  const reg = pinfo.registry;
  if (pinfo.columns) pinfo.info = '';
  // tshark hands the payload to its pseudowire dissector without adding that dissector's name to
  // frame.protocols ("…:l2tp:ethertype:ip", "…:l2tp:lcp", "…:l2tp:udp"): the name the pseudowire pushes
  // first is dropped. An IPv6 payload of the IP pseudowire keeps "ipv6": tshark's "ip" hands it on.
  const layers = pinfo.protocols.length;
  const keepName = pw === 11 && payload.u8(0) >> 4 === 6;
  let done = pw !== 0 && reg.call('l2tp.pw_type', pw, payload, pinfo, t) >= 0;
  if (!done && pw !== 0) {
    const name = builtinPayload(pw, payload);
    const entry = name ? reg.byNameOf(name) : undefined;
    if (entry) { reg.run(entry, payload, pinfo, t); done = true; }
  }
  if (done && !keepName && pinfo.protocols.length > layers) pinfo.protocols.splice(layers, 1);
  if (!done) dissectData(payload, pinfo, t);
  if (pinfo.columns) pinfo.info = prefix + pinfo.info;
}

const ETHERTYPES = new Set([0x0800, 0x86dd, 0x0806, 0x8100, 0x88a8, 0x8847, 0x8848, 0x8863, 0x8864, 0x88cc, 0x9000]);

function looksLike(p: Tvb, off: number): string | undefined {
  const n = p.remaining(off);
  if (n >= 14 && ETHERTYPES.has(p.u16(off + 12))) return 'an Ethernet frame';
  if (n >= 20 && (p.u8(off) & 0xf0) === 0x40 && (p.u8(off) & 0x0f) >= 5 && p.u16(off + 2) === n) return 'an IPv4 packet';
  if (n >= 40 && (p.u8(off) & 0xf0) === 0x60 && p.u16(off + 4) + 40 === n) return 'an IPv6 packet';
  if (n >= 4 && p.u8(off) === 0xff && p.u8(off + 1) === 0x03) return 'a PPP frame';
  return undefined;
}

const PW_FOR: Record<string, string> = {
  'an Ethernet frame': '5 (Ethernet)', 'an IPv4 packet': '11 (IP)', 'an IPv6 packet': '11 (IP)', 'a PPP frame': '7 (PPP)',
};

/** No control channel in the capture: say what the payload looks like (tshark leaves it as data). */
function hint(p: Tvb, pinfo: PacketInfo, t: Builder, top: Parent): void {
  for (const cookie of [0, 4, 8]) {
    for (const sub of [0, 4]) {
      const what = looksLike(p, cookie + sub);
      if (!what) continue;
      const extra = [cookie ? `the L2TPv3 cookie size to ${cookie}` : '', sub ? 'the L2-Specific Sublayer to default' : ''].filter(Boolean);
      const how = [`the pseudowire type to ${PW_FOR[what]}`, ...extra].join(', ');
      t.problem(top, p, ei.pw_guess, 0, p.length, `No control channel for this session in the capture: payload looks like ${what}${cookie ? ` after a ${cookie}-byte cookie` : ''}${sub ? ' and a 4-byte sublayer' : ''}: set ${how} to decode it`);
      return;
    }
  }
  t.problem(top, p, ei.pw_guess, 0, p.length);
}
