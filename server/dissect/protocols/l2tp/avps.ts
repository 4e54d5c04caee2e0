// The AVP loop of a control message (RFC 2661 §4.1, RFC 3931 §5.2): header, bounds, hidden AVPs, vendor
// AVPs, then the value decoders. Never reads outside the message; stops on an AVP length < 6.

import type { Parent } from '../../builder';
import { need } from '../../common';
import { Tvb } from '../../tvb';
import type { L2tpAvpFact, MsgCtx } from './context';
import { decodeIetfValue, hexOf, isKnownIetfAvp, NEVER_HIDDEN, VALUE_LEN } from './avpValues';
import { tryUnhide } from './secret';
import { ei, hf } from './fields';
import { dissectVendorAvp } from './vendor';
import { AVP_NAMES, MESSAGE_TYPES } from './values';
import { avpHeader } from './avpHeader';

/** Decodes the AVPs from `start` to `ctx.end`. */
export function dissectAvps(ctx: MsgCtx, start: number): void {
  const { tvb, t } = ctx;
  let off = start;
  while (off < ctx.end) {
    if (!tvb.has(off, 6)) {
      // A short tail: tshark raises an exception; we say what is there.
      need(t, ctx.top, tvb, off, 6, 'AVP header');
      break;
    }
    const w = tvb.u16(off);
    const len = w & 0x03ff;
    const vendor = tvb.u16(off + 2);
    const type = tvb.u16(off + 4);
    const mandatory = (w & 0x8000) !== 0;
    const hidden = (w & 0x4000) !== 0;
    if (len < 6) {
      const node = t.tree ? t.text(ctx.top, tvb, off, 2, `AVP with bad length ${len}`) : null;
      t.add(node, tvb, hf.avp_mandatory, off, 2, mandatory);
      t.add(node, tvb, hf.avp_hidden, off, 2, hidden);
      t.add(node, tvb, hf.avp_length, off, 2, len);
      t.problem(node, tvb, ei.avp_length, off, 2, `AVP length must be >= 6, got ${len}`);
      break;
    }
    const avpEnd = off + len;
    let valLen = len - 6;
    if (avpEnd > ctx.end) {
      const left = ctx.end - off;
      valLen = Math.max(0, left - 6);
      t.problem(ctx.top, tvb, ei.avp_length, off, 2, `AVP length ${len} runs past the end of the message (${left} bytes left)`);
    }
    dissectOneAvp(ctx, off, len, valLen, w, vendor, type);
    ctx.isFirstAvp = false;
    if (avpEnd > ctx.end || !tvb.has(off, len)) break;
    off = avpEnd;
  }
}

function dissectOneAvp(ctx: MsgCtx, off: number, len: number, valLen: number, w: number, vendor: number, type: number): void {
  const { tvb, t } = ctx;
  const mandatory = (w & 0x8000) !== 0;
  const hidden = (w & 0x4000) !== 0;
  const fact: L2tpAvpFact = { vendor, type, mandatory, hidden, length: len, offset: tvb.source ? -1 : tvb.abs(off) };
  ctx.facts.avps.push(fact);
  const clipped = Math.min(len, ctx.end - off);
  if (!tvb.has(off, clipped)) need(t, ctx.top, tvb, off, clipped, `${AVP_NAMES[type] ?? `AVP ${type}`} AVP`);

  if (vendor !== 0) {
    const vres = dissectVendorAvp(ctx, off, len, valLen, w, vendor, type);
    if (vres !== undefined) fact.value = typeof vres === "boolean" ? Number(vres) : vres;
    if (ctx.isFirstAvp) t.problem(ctx.top, tvb, ei.first_not_msg_type, off, 6);
    return;
  }
  ctx.types.add(type);
  const name = AVP_NAMES[type] ?? `Unknown (${type})`;
  const node = t.tree ? t.text(ctx.top, tvb, off, clipped, `${name} AVP`) : null;
  avpHeader(ctx, node, off, w, vendor, type);

  if (ctx.isFirstAvp && type !== 0) t.problem(node, tvb, ei.first_not_msg_type, off, 6, `The first AVP is ${name}, not Message Type`);
  if (w & 0x3c00) t.problem(node, tvb, ei.avp_reserved, off, 2);
  const limits = VALUE_LEN[type];
  if (limits && (len - 6 < limits[0] || len - 6 > limits[1]) && !hidden) {
    const want = limits[0] === limits[1] ? `${limits[0] + 6}` : `${limits[0] + 6} to ${limits[1] + 6}`;
    t.problem(node, tvb, ei.avp_fixed_len, off, 2, `${name} AVP length ${len}, expected ${want}`);
  }
  const known = isKnownIetfAvp(type);
  if (!known && mandatory) t.problem(node, tvb, ei.unknown_mandatory, off, 6, `Unknown AVP type ${type} with the M bit set: the peer must tear down the ${ctx.session ? 'session' : 'tunnel'}`);

  const v = tvb.sub(off + 6, valLen);
  if (hidden) {
    fact.value = hiddenAvp(ctx, node, v, type, fact);
    return;
  }
  if (!known) {
    if (valLen > 0) {
      t.problem(node, tvb, ei.vendor_data, off + 6, valLen);
      t.add(node, v, hf.avp_data, 0, valLen);
      fact.value = hexOf(v.bytes(0, valLen));
    }
    return;
  }
  if (type === 0) messageType(ctx, v, node);
  else fact.value = decodeIetfValue(ctx, v, type, node);
  if (type === 0) fact.value = ctx.msgType >= 0 ? ctx.msgType : undefined;
}

function messageType(ctx: MsgCtx, v: Tvb, node: Parent): void {
  const { t } = ctx;
  if (!v.has(0, 2)) return; // already reported: a short AVP length or a cut capture
  const mt = v.u16(0);
  t.add(node, v, hf.message_type, 0, 2, mt);
  if (ctx.msgType < 0) {
    ctx.msgType = mt;
    ctx.facts.msgType = mt;
  }
  if (MESSAGE_TYPES[mt] === undefined || mt === 5 || mt === 13 || mt === 0) {
    const m = ctx.facts.avps.at(-1)?.mandatory;
    t.problem(node, v, ei.msg_type_unknown, 0, 2, `Unknown message type ${mt}${m ? ' with the M bit set: the peer must clear the tunnel' : ' (M bit clear: the peer ignores the message)'}`);
  }
}

function hiddenAvp(ctx: MsgCtx, node: Parent, v: Tvb, type: number, fact: L2tpAvpFact): number | string | undefined {
  const { t, pinfo } = ctx;
  const n = v.length;
  if (NEVER_HIDDEN.has(type)) t.problem(node, v, ei.hidden_forbidden, 0, n, `${AVP_NAMES[type] ?? `AVP ${type}`} AVP must not be hidden`);
  if (n > 0) t.add(node, v, hf.hidden_data, 0, n);
  if (!ctx.rv) {
    t.problem(node, v, ei.hidden_no_rv, 0, n);
    return undefined;
  }
  const secrets = pinfo.prefs.secrets;
  if (!secrets.length || n === 0) return undefined;
  const limits = VALUE_LEN[type];
  const fixed = limits && limits[0] === limits[1] ? limits[0] : undefined;
  const res = tryUnhide(type, secrets, ctx.rv, v.bytes(0, n), fixed);
  if (!res) {
    t.problem(node, v, ei.hidden_undecryptable, 0, n, `Hidden ${AVP_NAMES[type] ?? `AVP ${type}`} AVP: no configured secret gives a plausible value`);
    return undefined;
  }
  const srcIdx = pinfo.addSource(`Decrypted ${AVP_NAMES[type] ?? `AVP ${type}`} AVP`, res.plain);
  const p = new Tvb(res.plain, 0, res.plain.length, res.plain.length, srcIdx);
  const dnode = t.add(node, v, hf.decrypted, 0, n, undefined, t.tree ? `Decrypted with shared secret #${res.secretIndex + 1}` : undefined);
  t.generated(dnode, hf.hidden_secret, res.secretIndex + 1);
  t.add(dnode, p, hf.hidden_orig_len, 0, 2, res.origLen);
  fact.decrypted = true;
  const value = p.sub(2, res.origLen);
  const out = type === 0 ? undefined : decodeIetfValue(ctx, value, type, dnode);
  if (res.plain.length > 2 + res.origLen) t.add(dnode, p, hf.hidden_padding, 2 + res.origLen, res.plain.length - 2 - res.origLen);
  return out;
}

