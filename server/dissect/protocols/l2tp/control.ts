// After a control message's AVPs: the required-AVP check, what the first pass learns (challenges,
// L2TPv3 sessions and nonces) and the L2TPv3 Message Digest check.

import type { MsgCtx } from './context';
import { bytesEqual, messageDigest } from './secret';
import { ei, hf } from './fields';
import { digestInputs, learnSession, rememberChallenge } from './state';
import { AVP_NAMES, MESSAGE_SHORT, MSG } from './values';

/** Required AVPs per message type (RFC 2661 §6, RFC 3931 §6). */
const REQUIRED_V2: Readonly<Record<number, readonly number[]>> = {
  1: [0, 2, 3, 7, 9], 2: [0, 2, 3, 7, 9], 3: [0], 4: [0, 1, 9], 6: [0], 7: [0, 14, 15, 16, 17, 18, 19, 21], 8: [0, 14], 9: [0, 24, 19],
  10: [0, 14, 15], 11: [0, 14], 12: [0, 24, 19], 14: [0, 1, 14], 15: [0, 34], 16: [0, 35],
};
const REQUIRED_V3: Readonly<Record<number, readonly number[]>> = {
  1: [0, 7, 60, 61, 62], 2: [0, 7, 60, 61, 62], 3: [0], 4: [0, 1], 6: [0], 7: [0, 63, 64, 15, 68, 66], 8: [0, 63, 64, 71],
  9: [0, 63, 64], 10: [0, 63, 64, 15, 68, 66, 71], 11: [0, 63, 64, 71], 12: [0, 63, 64], 14: [0, 1, 63, 64], 15: [0, 63, 64, 34],
  16: [0, 63, 64],
};
/** Vendor (Cisco draft) roles that stand in for the IETF AVP. */
const ROLE_STANDS_FOR: Readonly<Record<string, number>> = { lsid: 63, rsid: 64, ccid: 61, pw: 68 };

export function finishControl(ctx: MsgCtx, zlb: boolean): void {
  const { pinfo, t } = ctx;
  if (zlb) return;
  if (ctx.msgType < 0) ctx.facts.msgType = 0;
  const mt = ctx.msgType;
  if (mt > 0) {
    const req = (ctx.version === 3 ? REQUIRED_V3 : REQUIRED_V2)[mt];
    if (req) {
      for (const [k, type] of Object.entries(ROLE_STANDS_FOR)) if ((ctx.learn as Record<string, unknown>)[k] !== undefined) ctx.types.add(type);
      const missing = req.filter((x) => !ctx.types.has(x));
      if (missing.length) {
        t.problem(ctx.top, ctx.tvb, ei.avp_required, ctx.base, Math.min(ctx.tvb.length - ctx.base, 12),
          `${MESSAGE_SHORT[mt] ?? mt} without the required ${missing.map((x) => `${AVP_NAMES[x] ?? x} AVP`).join(', ')}`);
      }
    }
  }
  const l = ctx.learn;
  if (ctx.version === 2) {
    if (pinfo.firstPass && l.challenge && (mt === MSG.SCCRQ || mt === MSG.SCCRP)) rememberChallenge(pinfo, l.assignedTunnel, l.challenge);
    return;
  }
  learnSession(pinfo, mt, l);
  if (mt === MSG.SCCRQ || mt === MSG.SCCRP || ctx.digest) {
    const inputs = digestInputs(pinfo, mt, l.nonce);
    if (ctx.digest) checkDigest(ctx, inputs.nonces, inputs.anyNonce);
  }
}

function checkDigest(ctx: MsgCtx, nonces: Uint8Array[], anyNonce: boolean): void {
  const { pinfo, t, tvb } = ctx;
  const d = ctx.digest;
  if (!d) return;
  const kind = tvb.u8(d.valueOff);
  const alg = kind === 0 ? 'md5' : kind === 1 ? 'sha1' : undefined;
  if (!alg || d.valueLen !== (alg === 'md5' ? 17 : 21)) return;
  if (!tvb.has(ctx.base, ctx.end - ctx.base)) return;
  const msg = tvb.bytes(ctx.base, ctx.end - ctx.base);
  const off = d.valueOff - ctx.base;
  const got = msg.subarray(off + 1, off + d.valueLen);
  const secrets = pinfo.prefs.secrets;
  const candidates = secrets.length ? (anyNonce ? secrets : ['', ...secrets]) : [''];
  const ok = candidates.some((s) => bytesEqual(messageDigest(alg, s, nonces, msg, off, d.valueLen), got));
  ctx.facts.digestOk = ok;
  t.generated(d.node, hf.digest_status, ok);
  if (!ok) {
    t.problem(d.node, tvb, ei.incorrect_digest, d.valueOff, d.valueLen,
      secrets.length ? 'Incorrect Digest: no configured shared secret reproduces it' : 'Incorrect Digest (no shared secret configured: checked with an empty secret, as Wireshark does)');
  }
}
