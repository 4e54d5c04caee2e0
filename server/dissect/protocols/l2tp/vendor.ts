// Vendor-specific AVPs (Vendor ID ≠ 0), decoded from the registered vendor dictionaries (data, see
// server/dissect/plugins/). Unknown vendors are shown with their Vendor ID (and enterprise name when
// well known) and the raw value.

import type { Parent } from '../../builder';
import type { FieldValue } from '../../fields';
import { Tvb } from '../../tvb';
import { tryUnhide } from './secret';
import { vendorDictionary } from '../../plugins/vendorDict';
import type { CompiledAvp, CompiledField } from '../../plugins/vendorDict';
import type { MsgCtx } from './context';
import { avpHeader } from './avpHeader';
import { hexOf } from './avpValues';
import { ei, hf } from './fields';
import { ENTERPRISES } from './values';

const enterprise = (id: number): string => ENTERPRISES[id] ?? vendorDictionary(id)?.vendorName ?? 'Unknown';

/** Decodes one vendor AVP at `off` (whole AVP `len` bytes, `valLen` value bytes inside the message). */
export function dissectVendorAvp(ctx: MsgCtx, off: number, len: number, valLen: number, w: number, vendor: number, type: number): FieldValue | undefined {
  const { tvb, t } = ctx;
  const mandatory = (w & 0x8000) !== 0;
  const dict = vendorDictionary(vendor);
  const avp = dict?.avps.get(type);
  const clipped = Math.min(len, ctx.end - off);
  const label = dict
    ? `Vendor ${enterprise(vendor)} (${vendor}): ${avp?.spec.name ?? `Unknown (${type})`} AVP`
    : `Vendor ${enterprise(vendor)} (${vendor}) AVP Type ${type}`;
  const node = t.tree ? t.text(ctx.top, tvb, off, clipped, label) : null;
  avpHeader(ctx, node, off, w, vendor, type, dict?.typeField ?? hf.avp_type);
  if (w & 0x3c00) t.problem(node, tvb, ei.avp_reserved, off, 2);
  if (!avp && mandatory) {
    t.problem(node, tvb, ei.unknown_mandatory, off, 6, `Unknown ${enterprise(vendor)} AVP type ${type} with the M bit set: the peer must tear down the ${ctx.session ? 'session' : 'tunnel'}`);
  }
  const v = tvb.sub(off + 6, valLen);
  if (w & 0x4000) return hiddenVendorAvp(ctx, v, avp, type, node);
  if (!avp) {
    if (valLen > 0) {
      t.problem(node, tvb, ei.vendor_data, off + 6, valLen);
      t.add(node, v, hf.avp_data, 0, valLen);
      return hexOf(v.bytes(0, valLen));
    }
    return undefined;
  }
  if (avp.minLen >= 0 && (valLen < avp.minLen || valLen > avp.maxLen)) {
    const want = avp.minLen === avp.maxLen ? `${avp.minLen + 6}` : `${avp.minLen + 6} to ${avp.maxLen + 6}`;
    t.problem(node, tvb, ei.avp_fixed_len, off, 2, `${avp.spec.name} AVP length ${len}, expected ${want}`);
  }
  return decodeDictValue(ctx, v, avp, node);
}

/** A hidden vendor AVP: recovered like an IETF one (RFC 2661 §4.3 hashes only the Attribute Type), then decoded. */
function hiddenVendorAvp(ctx: MsgCtx, v: Tvb, avp: CompiledAvp | undefined, type: number, node: Parent): FieldValue | undefined {
  const { t, pinfo } = ctx;
  const n = v.length;
  if (n > 0) t.add(node, v, hf.hidden_data, 0, n);
  if (!ctx.rv) {
    t.problem(node, v, ei.hidden_no_rv, 0, n);
    return undefined;
  }
  if (!pinfo.prefs.secrets.length || n === 0) return undefined;
  const fixed = avp && avp.minLen >= 0 && avp.minLen === avp.maxLen ? avp.minLen : undefined;
  const res = tryUnhide(type, pinfo.prefs.secrets, ctx.rv, v.bytes(0, n), fixed);
  if (!res) {
    t.problem(node, v, ei.hidden_undecryptable, 0, n);
    return undefined;
  }
  const src = pinfo.addSource(`Decrypted ${avp?.spec.name ?? `vendor AVP ${type}`}`, res.plain);
  const p = new Tvb(res.plain, 0, res.plain.length, res.plain.length, src);
  const dnode = t.add(node, v, hf.decrypted, 0, n, undefined, t.tree ? `Decrypted with shared secret #${res.secretIndex + 1}` : undefined);
  t.generated(dnode, hf.hidden_secret, res.secretIndex + 1);
  t.add(dnode, p, hf.hidden_orig_len, 0, 2, res.origLen);
  const value = p.sub(2, res.origLen);
  let out: FieldValue | undefined;
  if (avp) out = decodeDictValue(ctx, value, avp, dnode);
  else if (res.origLen > 0) { t.add(dnode, value, hf.avp_data, 0, res.origLen); out = hexOf(value.bytes(0, res.origLen)); }
  if (res.plain.length > 2 + res.origLen) t.add(dnode, p, hf.hidden_padding, 2 + res.origLen, res.plain.length - 2 - res.origLen);
  return out;
}

function decodeDictValue(ctx: MsgCtx, v: Tvb, avp: CompiledAvp, node: Parent): FieldValue | undefined {
  const { t, pinfo } = ctx;
  const n = v.length;
  let first: FieldValue | undefined;
  let covered = 0;
  for (const f of avp.fields) {
    const r = addField(ctx, v, f, 0, node);
    if (first === undefined) first = r.value;
    covered = Math.max(covered, r.end);
  }
  if (avp.repeat) {
    const rp = avp.repeat;
    const head = avp.spec.repeatTree && t.tree ? t.text(node, v, rp.from, Math.max(0, n - rp.from), avp.spec.repeatTree) : node;
    let i = 0;
    for (let o = rp.from; o + rp.size <= n; o += rp.size, i++) {
      const grp = rp.label && t.tree ? t.text(head, v, o, rp.size, rp.label.replace('{i}', String(i))) : head;
      for (const f of rp.fields) {
        const r = addField(ctx, v, f, o, grp);
        if (first === undefined) first = r.value;
      }
      covered = o + rp.size;
    }
  }
  if (covered < n) t.add(node, v, hf.avp_data, covered, n - covered);
  if (first === undefined && n > 0 && !avp.fields.length && !avp.repeat) first = hexOf(v.bytes(0, n));
  applyRole(ctx, v, avp, first);
  if (avp.spec.info && pinfo.columns) {
    const short = avp.spec.shortVals && typeof first === 'number' ? avp.spec.shortVals[String(first)] ?? `Unknown (0x${first.toString(16)})` : '';
    pinfo.info = avp.spec.info.replace('{ccid}', String(ctx.tunnel)).replace('{short}', short).replace('{value}', String(first ?? ''));
  }
  return first;
}

function addField(ctx: MsgCtx, v: Tvb, f: CompiledField, base: number, parent: Parent): { value: FieldValue | undefined; end: number } {
  const { t } = ctx;
  const off = base + f.offset;
  const len = f.length < 0 ? v.length - off : f.length;
  if (len < 0 || !v.has(off, Math.max(0, len)) || (len === 0 && f.def.type !== 'none')) return { value: undefined, end: off };
  const d = f.def;
  let value: FieldValue | undefined;
  switch (d.type) {
    case 'uint8': case 'int8': value = v.u8(off); break;
    case 'uint16': case 'int16': value = v.u16(off); break;
    case 'uint24': value = v.u24(off); break;
    case 'uint32': case 'int32': value = v.u32(off); break;
    case 'uint64': value = v.u64(off); break;
    case 'ipv4': value = v.ipv4(off); break;
    case 'ipv6': value = v.ipv6(off); break;
    case 'ether': value = v.ether(off); break;
    case 'string': value = v.str(off, len); break;
    case 'bool': {
      if (d.mask) {
        const raw = len === 1 ? v.u8(off) : len === 2 ? v.u16(off) : v.u32(off);
        value = (raw & d.mask) !== 0;
      } else value = v.bytes(off, len).some((b) => b !== 0);
      break;
    }
    default: value = undefined;
  }
  if (typeof value === 'number' && d.mask) value = ((value & d.mask) >>> shiftOf(d.mask));
  if (typeof value === 'number' && d.type === 'int8') value = (value << 24) >> 24;
  if (typeof value === 'number' && d.type === 'int16') value = (value << 16) >> 16;
  if (typeof value === 'number' && d.type === 'int32') value = value | 0;
  const node = t.add(parent, v, d, off, len, value);
  for (const c of f.children) addField(ctx, v, c, base, node);
  return { value: value ?? (d.type === 'bytes' ? hexOf(v.bytes(off, len)) : undefined), end: off + len };
}

function shiftOf(mask: number): number {
  let s = 0;
  while (((mask >>> s) & 1) === 0 && s < 32) s++;
  return s;
}

function applyRole(ctx: MsgCtx, v: Tvb, avp: CompiledAvp, first: FieldValue | undefined): void {
  const num = typeof first === 'number' ? first : undefined;
  switch (avp.spec.role) {
    case 'assigned_ccid': if (num !== undefined) { ctx.learn.ccid = num; ctx.facts.assignedCcid = num; } break;
    case 'local_session_id': if (num !== undefined) { ctx.learn.lsid = num; ctx.facts.localSessionId = num; } break;
    case 'remote_session_id': if (num !== undefined) { ctx.learn.rsid = num; ctx.facts.remoteSessionId = num; } break;
    case 'assigned_cookie': ctx.learn.cookieLen = v.length; break;
    case 'pw_type': if (num !== undefined) { ctx.learn.pw = num; ctx.facts.pwType = num; } break;
    case 'l2_specific_sublayer': if (num !== undefined) ctx.learn.l2spec = num; break;
    case 'nonce': if (v.length > 0) ctx.learn.nonce = v.bytes(0, v.length).slice(); break;
    default: break;
  }
}
