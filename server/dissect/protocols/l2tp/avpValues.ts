// Values of the IETF AVPs (vendor 0), each to typed, named fields under tshark's abbreviations. Called
// with a Tvb of the value alone (the frame's bytes, or a decrypted hidden value in its own data source).

import type { Parent } from '../../builder';
import type { FieldDef } from '../../fields';
import type { Tvb } from '../../tvb';
import * as lcpModule from '../lcp';
import type { MsgCtx } from './context';
import { challengeFor, rememberChallenge } from './state';
import { checkChallengeResponse, challengeResponse } from './secret';
import { ei, hf } from './fields';
import { AVP_NAMES, MSG, MESSAGE_SHORT, RESULT_CDN, RESULT_STOPCCN, valText } from './values';

type LcpOptions = (tvb: Tvb, pinfo: MsgCtx['pinfo'], t: MsgCtx['t'], parent: Parent) => void;

/** Value length limits [min, max] per AVP type (value only, without the 6-octet header). */
export const VALUE_LEN: Readonly<Record<number, readonly [number, number]>> = {
  0: [2, 2], 1: [2, 1017], 2: [2, 2], 3: [4, 4], 4: [4, 4], 5: [8, 8], 6: [2, 2], 7: [1, 1017], 9: [2, 2], 10: [2, 2],
  11: [1, 1017], 12: [3, 1017], 13: [16, 16], 14: [2, 2], 15: [4, 4], 16: [4, 4], 17: [4, 4], 18: [4, 4], 19: [4, 4],
  24: [4, 4], 25: [4, 4], 29: [2, 2], 32: [2, 2], 34: [26, 26], 35: [10, 10], 36: [1, 1017], 38: [4, 4], 39: [0, 0],
  40: [4, 4], 41: [4, 4], 46: [5, 1017], 58: [4, 4], 59: [17, 21], 60: [4, 4], 61: [4, 4], 63: [4, 4], 64: [4, 4],
  65: [4, 8], 68: [2, 2], 69: [2, 2], 70: [2, 2], 71: [2, 2], 74: [8, 8], 75: [8, 8], 85: [2, 2], 91: [2, 2],
  94: [2, 2], 95: [2, 2], 97: [12, 20], 98: [0, 0],
};

/** AVPs RFC 2661 says MUST NOT be hidden. */
export const NEVER_HIDDEN = new Set([0, 1, 2, 5, 7, 10, 12, 36, 39]);

export function hexOf(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/**
 * Decodes the value of IETF AVP `type` (`v` holds exactly the value) under `node`. Returns the main value
 * for the flow facts.
 */
export function decodeIetfValue(ctx: MsgCtx, v: Tvb, type: number, node: Parent): number | string | undefined {
  const { t, pinfo } = ctx;
  const n = v.length;
  const has = (off: number, len: number): boolean => v.has(off, len);
  const u16 = (f: FieldDef, off = 0): number | undefined => {
    if (!has(off, 2)) return undefined;
    const x = v.u16(off);
    t.add(node, v, f, off, 2, x);
    return x;
  };
  const u32 = (f: FieldDef, off = 0): number | undefined => {
    if (!has(off, 4)) return undefined;
    const x = v.u32(off);
    t.add(node, v, f, off, 4, x);
    return x;
  };
  const u8 = (f: FieldDef, off = 0): number | undefined => {
    if (!has(off, 1)) return undefined;
    const x = v.u8(off);
    t.add(node, v, f, off, 1, x);
    return x;
  };
  const u64 = (f: FieldDef, off = 0): string | undefined => {
    if (!has(off, 8)) return undefined;
    const x = v.u64(off);
    t.add(node, v, f, off, 8, x);
    return x;
  };
  const str = (f: FieldDef, off = 0, len = n - off): string | undefined => {
    if (len <= 0) return undefined;
    const s = v.str(off, len);
    t.add(node, v, f, off, len, s);
    return s;
  };
  const raw = (f: FieldDef, off = 0, len = n - off): string | undefined => {
    if (len <= 0) return undefined;
    t.add(node, v, f, off, len);
    return hexOf(v.bytes(off, len));
  };
  const flags32 = (a: FieldDef, b: FieldDef): number | undefined => {
    if (!has(0, 4)) return undefined;
    const x = v.u32(0);
    t.add(node, v, a, 0, 4, (x & 2) !== 0);
    t.add(node, v, b, 0, 4, (x & 1) !== 0);
    return x;
  };
  const lcp = (f: FieldDef): string | undefined => {
    if (n <= 0) return undefined;
    const item = t.add(node, v, f, 0, n);
    const fn = (lcpModule as unknown as { dissectLcpOptions?: LcpOptions }).dissectLcpOptions;
    if (typeof fn === 'function') fn(v, pinfo, t, item);
    return hexOf(v.bytes(0, n));
  };

  switch (type) {
    case 0: { // Message Type
      const mt = u16(hf.message_type);
      return mt;
    }
    case 1: { // Result Code
      const stop = ctx.msgType === MSG.StopCCN;
      let rc: number | undefined;
      if (has(0, 2)) {
        rc = v.u16(0);
        t.add(node, v, hf.result_code, 0, 2, rc, t.tree ? `Result code: ${valText(stop ? RESULT_STOPCCN : RESULT_CDN, rc)}` : undefined);
        ctx.facts.resultCode = rc;
      }
      const ec = u16(hf.error_code, 2);
      if (ec !== undefined) ctx.facts.errorCode = ec;
      const msg = str(hf.error_message, 4);
      if (msg !== undefined) ctx.facts.errorMessage = msg;
      return rc;
    }
    case 2: u8(hf.protocol_version, 0); u8(hf.protocol_revision, 1);
      if (has(0, 2) && ctx.version === 2 && v.u16(0) !== 0x0100) t.problem(node, v, ei.avp_value, 0, 2, `Protocol Version ${v.u8(0)}.${v.u8(1)}: L2TPv2 peers send 1.0`);
      return has(0, 2) ? v.u16(0) : undefined;
    case 3: return flags32(hf.async_framing_supported, hf.sync_framing_supported);
    case 4: return flags32(hf.analog_access_supported, hf.digital_access_supported);
    case 5: return u64(hf.tie_breaker);
    case 6: return u16(hf.firmware_revision);
    case 7: { const s = str(hf.host_name); if (s !== undefined) ctx.facts.hostName = s; return s; }
    case 8: return str(hf.vendor_name);
    case 9: {
      const id = u16(hf.assigned_tunnel_id);
      if (id !== undefined) { ctx.facts.assignedTunnelId = id; ctx.learn.assignedTunnel = id; zeroCheck(ctx, v, node, id, 'Assigned Tunnel ID'); }
      return id;
    }
    case 10: {
      const w = u16(hf.receive_window_size);
      if (w !== undefined) { ctx.facts.receiveWindowSize = w; if (w === 0) t.problem(node, v, ei.avp_value, 0, 2, 'Receive Window Size 0: must be at least 1'); }
      return w;
    }
    case 11: {
      if (n > 0) ctx.learn.challenge = v.bytes(0, n).slice();
      return raw(hf.chap_challenge);
    }
    case 12: u16(hf.cause_code, 0); u8(hf.cause_msg, 2); str(hf.advisory_msg, 3); return has(0, 2) ? v.u16(0) : undefined;
    case 13: {
      const r = raw(hf.chap_challenge_response);
      if (n > 0) verifyResponse(ctx, v, node);
      return r;
    }
    case 14: {
      const id = u16(hf.assigned_session_id);
      if (id !== undefined) { ctx.facts.assignedSessionId = id; zeroCheck(ctx, v, node, id, 'Assigned Session ID'); }
      return id;
    }
    case 15: return u32(hf.call_serial_number);
    case 16: return u32(hf.minimum_bps);
    case 17: return u32(hf.maximum_bps);
    case 18: return flags32(hf.analog_bearer_type, hf.digital_bearer_type);
    case 19: return flags32(hf.async_framing_type, hf.sync_framing_type);
    case 21: return str(hf.called_number);
    case 22: return str(hf.calling_number);
    case 23: return str(hf.sub_address);
    case 24: return u32(hf.connect_speed);
    case 25: return u32(hf.physical_channel);
    case 26: return lcp(hf.initial_received_lcp_confreq);
    case 27: return lcp(hf.last_sent_lcp_confreq);
    case 28: return lcp(hf.last_received_lcp_confreq);
    case 29: return u16(hf.proxy_authen_type);
    case 30: return str(hf.proxy_authen_name);
    case 31: return raw(hf.proxy_authen_challenge);
    case 32: return u8(hf.proxy_authen_id, 1);
    case 33: return raw(hf.proxy_authen_response);
    case 34: {
      const fs = [hf.crc_errors, hf.framing_errors, hf.hardware_overruns, hf.buffer_overruns, hf.time_out_errors, hf.alignment_errors];
      fs.forEach((f, i) => u32(f, 2 + 4 * i));
      return has(2, 4) ? v.u32(2) : undefined;
    }
    case 35: { const s = u32(hf.send_accm, 2); u32(hf.receive_accm, 6); return s; }
    case 36: {
      if (n > 0) ctx.rv = v.bytes(0, n).slice();
      return raw(hf.random_vector);
    }
    case 37: return raw(hf.private_group_id);
    case 38: return u32(hf.rx_connect_speed);
    case 40: return u32(hf.rx_minimum_bps);
    case 41: return u32(hf.rx_maximum_bps);
    case 43: return str(hf.service_name);
    case 44: return str(hf.calling_sub_address);
    case 46: { const c = u16(hf.disconnect_code, 0); u16(hf.control_protocol_number, 2); u8(hf.cause_code_direction, 4); str(hf.cause_code_message, 5); return c; }
    case 49: case 50: case 51: case 52: return lcp(hf.lcp_options);
    case 58: return u32(hf.extended_vendor_id);
    case 59: {
      const d = raw(hf.message_digest);
      u8(hf.digest_type, 0);
      ctx.digest = { valueOff: v.start - ctx.tvb.start, valueLen: n, node };
      return d;
    }
    case 60: return u32(hf.router_id);
    case 61: {
      const id = u32(hf.assigned_control_conn_id);
      if (id !== undefined) { ctx.facts.assignedCcid = id; ctx.learn.ccid = id; zeroCheck(ctx, v, node, id, 'Assigned Control Connection ID'); }
      return id;
    }
    case 62: {
      const sub = t.tree ? t.text(node, v, 0, n, 'Pseudowire Capabilities List') : null;
      for (let off = 0; off + 2 <= n; off += 2) t.add(sub, v, hf.pw_type, off, 2, v.u16(off));
      return n >= 2 ? v.u16(0) : undefined;
    }
    case 63: {
      const id = u32(hf.local_session_id);
      if (id !== undefined) { ctx.facts.localSessionId = id; ctx.learn.lsid = id; ctx.infoTail += `, LSID: ${pad2(id)}`; }
      return id;
    }
    case 64: {
      const id = u32(hf.remote_session_id);
      if (id !== undefined) { ctx.facts.remoteSessionId = id; ctx.learn.rsid = id; ctx.infoTail += `, RSID: ${pad2(id)}`; }
      return id;
    }
    case 65: ctx.learn.cookieLen = n; return raw(hf.assigned_cookie);
    case 66: return str(hf.remote_end_id);
    case 68: { const pw = u16(hf.pseudowire_type); if (pw !== undefined) { ctx.learn.pw = pw; ctx.facts.pwType = pw; } return pw; }
    case 69: { const s = u16(hf.layer2_specific_sublayer); if (s !== undefined) ctx.learn.l2spec = s; return s; }
    case 70: return u16(hf.data_sequencing);
    case 71: {
      if (!has(0, 2)) return undefined;
      const x = v.u16(0);
      t.add(node, v, hf.circuit_status, 0, 2, (x & 1) !== 0);
      t.add(node, v, hf.circuit_type, 0, 2, (x & 2) !== 0);
      return x;
    }
    case 72: return str(hf.preferred_language);
    case 73: if (n > 0) ctx.learn.nonce = v.bytes(0, n).slice(); return raw(hf.nonce);
    case 74: case 75: {
      if (!has(0, 8)) return undefined;
      const f = type === 74 ? hf.tx_connect_speed_v3 : hf.rx_connect_speed_v3;
      const x = v.u64(0);
      t.add(node, v, f, 0, 8, x, t.tree ? `${f.name}: 0x${BigInt(x).toString(16).padStart(16, '0')}` : undefined);
      return x;
    }
    case 85: return u16(hf.fr_header_length);
    case 91: return u16(hf.interface_mtu);
    case 94: return u16(hf.mru);
    case 95: return u16(hf.mrru);
    case 97: {
      const c = t.add(node, v, hf.csu, 0, n);
      if (n === 12) {
        t.add(c, v, hf.csu_res, 0, 2, v.u16(0));
        t.add(c, v, hf.csu_remote_session_id, 2, 2, v.u16(2));
        t.add(c, v, hf.csu_current_tx_speed, 4, 4, v.u32(4));
        t.add(c, v, hf.csu_current_rx_speed, 8, 4, v.u32(8));
      } else if (n === 20) {
        t.add(c, v, hf.csu_remote_session_id, 0, 4, v.u32(0));
        t.add(c, v, hf.csu_current_tx_speed64, 4, 8, v.u64(4));
        t.add(c, v, hf.csu_current_rx_speed64, 12, 8, v.u64(12));
      }
      return undefined;
    }
    case 39: case 98: return undefined; // no value
    default:
      if (n > 0) raw(hf.avp_data);
      return n > 0 ? hexOf(v.bytes(0, n)) : undefined;
  }
}

/** True for the AVP types this module knows (others are flagged like unknown vendor AVPs, as tshark does). */
export function isKnownIetfAvp(type: number): boolean {
  return AVP_NAMES[type] !== undefined && type !== 20;
}

function pad2(x: number): string {
  return String(x).padStart(2, ' ');
}

function zeroCheck(ctx: MsgCtx, v: Tvb, node: Parent, id: number, what: string): void {
  if (id === 0) ctx.t.problem(node, v, ei.avp_value, 0, v.length, `${what} 0: must be non-zero`);
}

/** Tunnel authentication: checks a Challenge Response against the peer's challenge with each secret. */
function verifyResponse(ctx: MsgCtx, v: Tvb, node: Parent): void {
  const { pinfo, t } = ctx;
  const chal = challengeFor(pinfo, ctx.tunnel);
  const secrets = pinfo.prefs.secrets;
  if (!secrets.length) return;
  if (!chal) {
    t.problem(node, v, ei.cr_unverified, 0, v.length);
    return;
  }
  const response = v.bytes(0, v.length);
  const idx = checkChallengeResponse(ctx.msgType, secrets, chal.bytes, response);
  const ok = idx >= 0;
  ctx.facts.challengeResponseOk = ok;
  const mt = MESSAGE_SHORT[ctx.msgType] ?? String(ctx.msgType);
  t.generated(node, hf.cr_status, ok, t.tree ? `Challenge Response check: ${ok ? `matches MD5(${mt}, secret #${idx + 1}, challenge)` : 'does not match'}` : undefined);
  t.generated(node, hf.cr_challenge_frame, chal.frame);
  if (!ok) {
    if (t.wants(hf.cr_expected)) t.generated(node, hf.cr_expected, hexOf(challengeResponse(ctx.msgType, secrets[0] ?? '', chal.bytes)));
    t.problem(node, v, ei.cr_bad, 0, v.length, `Challenge Response does not match MD5(${mt}, secret, challenge of frame ${chal.frame}) for any configured secret`);
  }
}

export { rememberChallenge };
