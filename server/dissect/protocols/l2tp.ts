// L2TP (RFC 2661 L2TPv2, RFC 3931 L2TPv3) over UDP and, for v3, directly over IP (protocol 115).
//
// Registration: 'udp.port' 1701 and 'ip.proto' 115. Other UDP ports: prefs.l2tpUdpPorts is read by the
// 'udp' heuristic registered here (for a UDP dissector that tries heuristics), and decode-as rules
// ('udp.port' → N → 'l2tp') are honoured by Registry.call. Dissector names: 'l2tp' (a bare L2TP header,
// the UDP payload: hex dumps start here) and 'l2tp_ip' (L2TPv3 over IP, from the 32-bit Session ID).
//
// The pieces: l2tp/fields.ts (declarations), l2tp/values.ts (tables), l2tp/avps.ts (AVP loop),
// l2tp/avpValues.ts (IETF AVP values), l2tp/vendor.ts (vendor dictionaries), l2tp/secret.ts (hidden
// AVPs, challenge responses, digests), l2tp/state.ts (cross-frame state), l2tp/v3data.ts (v3 data).

import type { Builder, Parent } from '../builder';
import type { FieldDef } from '../fields';
import { need, unclaimedTail } from '../common';
import { textFor } from '../render';
import type { L2tpInfo, PacketInfo } from '../packet';
import type { ProtocolModule, Registry } from '../registry';
import type { Tvb } from '../tvb';
import { registerBuiltinVendorDictionaries } from '../plugins/builtin';
import { dissectData } from './data';
import { firstHeaderFacts } from './l2tp/context';
import type { L2tpMessageFacts, MsgCtx } from './l2tp/context';
import { dissectAvps } from './l2tp/avps';
import { finishControl } from './l2tp/control';
import { ei, hf } from './l2tp/fields';
import { dissectV3Data } from './l2tp/v3data';
import { MESSAGE_SHORT } from './l2tp/values';

export { hf as l2tpFields, ei as l2tpExperts } from './l2tp/fields';
export type { L2tpAvpFact, L2tpMessageFacts } from './l2tp/context';

const T = 0x8000, L = 0x4000, S = 0x0800, O = 0x0200, P = 0x0100;

/** The L2TP layer's label and flags summary ("Flags: 0xc802, Type: Control Message, Length Bit, Sequence Bit"). */
function flagsText(flags: number, v3: boolean): string {
  const parts = [`Flags: 0x${flags.toString(16).padStart(4, '0')}`, `Type: ${flags & T ? 'Control Message' : 'Data Message'}`];
  if (flags & L) parts.push('Length Bit');
  if (flags & S) parts.push('Sequence Bit');
  if (!v3 && flags & O) parts.push('Offset bit');
  if (!v3 && flags & P) parts.push('Priority');
  return parts.join(', ');
}

// Flag-word labels by value (see textFor).
const FLAGS_TEXT_V2: (string | undefined)[] = [];
const FLAGS_TEXT_V3: (string | undefined)[] = [];
const flagsTextV2 = (flags: number): string => flagsText(flags, false);
const flagsTextV3 = (flags: number): string => flagsText(flags, true);

function addFlags(tvb: Tvb, t: Builder, top: Parent, at: number, v3: boolean): number {
  const flags = tvb.u16(at);
  const reserved = flags & (v3 ? 0x37f0 : 0x34f0);
  if (!t.wantsAny(hf.proto)) {
    // No l2tp.* field is recorded (Builder.wantsAny): only the problem.
    if (reserved) reservedProblem(tvb, t, null, at, flags, reserved, v3);
    return flags;
  }
  if (!t.wantsSome(FLAG_ITEMS)) {
    // Of the flags, only l2tp.type may be recorded (a fields sink): the other items are skipped.
    t.add(null, tvb, hf.type, at, 2, flags & T ? 1 : 0);
    if (reserved) reservedProblem(tvb, t, null, at, flags, reserved, v3);
    return flags;
  }
  const fn = t.add(top, tvb, hf.flags, at, 2, flags, t.tree ? textFor(v3 ? FLAGS_TEXT_V3 : FLAGS_TEXT_V2, flags, v3 ? flagsTextV3 : flagsTextV2) : undefined);
  t.add(fn, tvb, hf.type, at, 2, flags & T ? 1 : 0);
  t.add(fn, tvb, hf.length_bit, at, 2, (flags & L) !== 0);
  t.add(fn, tvb, hf.seq_bit, at, 2, (flags & S) !== 0);
  if (!v3) {
    t.add(fn, tvb, hf.offset_bit, at, 2, (flags & O) !== 0);
    t.add(fn, tvb, hf.priority, at, 2, (flags & P) !== 0);
  }
  if (reserved) {
    t.add(fn, tvb, v3 ? hf.reserved_bits_v3 : hf.reserved_bits, at, 2, reserved >> 4);
    reservedProblem(tvb, t, fn, at, flags, reserved, v3);
  }
  t.add(fn, tvb, hf.version, at, 2, flags & 0xf);
  return flags;
}

/** The flag items other than l2tp.type (see addFlags). */
const FLAG_ITEMS: readonly FieldDef[] = [
  hf.flags, hf.length_bit, hf.seq_bit, hf.offset_bit, hf.priority, hf.reserved_bits, hf.reserved_bits_v3, hf.version,
];

function reservedProblem(tvb: Tvb, t: Builder, fn: Parent, at: number, flags: number, reserved: number, v3: boolean): void {
  t.problem(fn, tvb, ei.reserved_bits, at, 2, `Reserved header bits set: 0x${reserved.toString(16).padStart(4, '0')}${v3 && flags & (O | P) ? ' (O and P are reserved in L2TPv3)' : ''}`);
}

/** A control message's body: a ZLB (nothing after the header, RFC 2661 §5.8) or its AVPs; then the checks. */
function controlBody(ctx: MsgCtx, idx: number, hasLength: boolean): boolean {
  const zlb = idx >= ctx.end && hasLength;
  if (zlb) {
    ctx.t.add(ctx.top, ctx.tvb, hf.zlb, 0, 0);
    ctx.facts.msgType = -1;
  } else {
    dissectAvps(ctx, idx);
  }
  finishControl(ctx, zlb);
  return zlb;
}

function newFacts(version: number, control: boolean, tunnel: number, session: number): L2tpMessageFacts {
  return { version, control, msgType: control ? 0 : -2, tunnel, session, avps: [] };
}

/** L2TP over UDP: the UDP payload starts with the L2TP header. */
export function dissectL2tpUdp(tvb: Tvb, pinfo: PacketInfo, t: Builder): number | void {
  if (tvb.length < 2) {
    t.problem(null, tvb, ei.version_bad, 0, tvb.length, `${tvb.length} byte${tvb.length === 1 ? '' : 's'}: too short for an L2TP header (shown as data, as tshark does)`);
    dissectData(tvb, pinfo, t);
    return;
  }
  const ver = tvb.u16(0) & 0xf;
  if (ver !== 2 && ver !== 3) {
    if (ver === 1) t.problem(null, tvb, ei.version_l2f, 0, 2);
    else t.problem(null, tvb, ei.version_bad, 0, 2, `L2TP version ${ver} is not 2 or 3: shown as data, as tshark does`);
    dissectData(tvb, pinfo, t);
    return;
  }
  pinfo.protocols.push('l2tp');
  if (pinfo.columns) pinfo.info = '';
  if (ver === 3) {
    if (pinfo.columns) pinfo.protocol = 'L2TPv3';
    return tvb.u16(0) & T ? dissectV3Control(tvb, pinfo, t, 0) : dissectV3DataUdp(tvb, pinfo, t);
  }
  if (pinfo.columns) pinfo.protocol = 'L2TP';
  return dissectV2(tvb, pinfo, t);
}

/** L2TPv3 over IP: a 32-bit Session ID, 0 for control messages. */
export function dissectL2tpIp(tvb: Tvb, pinfo: PacketInfo, t: Builder): number | void {
  pinfo.protocols.push('l2tp');
  if (pinfo.columns) { pinfo.protocol = 'L2TPv3'; pinfo.info = ''; }
  if (tvb.has(0, 4) && tvb.u32(0) === 0) return dissectV3Control(tvb, pinfo, t, 4);
  const top = t.add(null, tvb, hf.proto, 0, Math.min(4, tvb.length), undefined, t.labels(hf.proto) ? 'Layer 2 Tunneling Protocol version 3' : undefined);
  const n = dissectV3Data(tvb, pinfo, t, top, 0);
  t.setLength(top, Math.min(n, tvb.length));
}

function dissectV3DataUdp(tvb: Tvb, pinfo: PacketInfo, t: Builder): number | void {
  const top = t.add(null, tvb, hf.proto, 0, Math.min(8, tvb.length), undefined, t.labels(hf.proto) ? 'Layer 2 Tunneling Protocol version 3' : undefined);
  addFlags(tvb, t, top, 0, true);
  if (!need(t, top, tvb, 2, 2, 'L2TPv3 Reserved')) return;
  t.add(top, tvb, hf.res, 2, 2, tvb.u16(2));
  const n = dissectV3Data(tvb, pinfo, t, top, 4);
  t.setLength(top, Math.min(n, tvb.length));
}

/**
 * Resolves the Length field: the message tvb (bounded by Length when it is sane) and problems when the
 * Length lies. `base` is where the header starts, `hdrLen` the header length without offset padding.
 */
function bounded(tvb: Tvb, t: Builder, top: Parent, base: number, length: number | undefined, hdrLen: number): Tvb {
  if (length === undefined) return tvb;
  const avail = tvb.reportedLength - base;
  if (length < hdrLen) {
    t.problem(top, tvb, ei.length_bad, base + 2, 2, `Length ${length} is less than the ${hdrLen}-byte header: ignored, the message is decoded to the end of the datagram`);
    return tvb;
  }
  if (length > avail) {
    t.problem(top, tvb, ei.length_bad, base + 2, 2, `Length ${length} is more than the ${avail} bytes of the datagram`);
    return tvb;
  }
  return tvb.sub(0, base + length);
}

/**
 * Bytes of the datagram after a message its Length bounds (Length < datagram): tshark shows them nowhere;
 * a top-level node keeps the layers tiling the frame, with the problem on it. Called after the message's
 * own layers (payload, AVPs) so the node comes last.
 */
function beyondLength(tvb: Tvb, msg: Tvb, t: Builder): void {
  if (tvb.length <= msg.length || msg.reportedLength >= tvb.reportedLength) return;
  unclaimedTail(t, tvb, msg.length, 'Bytes beyond the L2TP Length', ei.length_bad,
    `The datagram holds ${tvb.reportedLength - msg.reportedLength} bytes beyond the L2TP Length (${msg.reportedLength})`);
}

/**
 * Ns, then Nr, at `idx`, each checked on its own: a capture or an ICMP error's quote that ends inside Nr
 * still shows Ns, as tshark does. `rec`: add the items (a sink that records no l2tp.* field skips them).
 * False when the header is cut short.
 */
function addSequence(t: Builder, top: Parent, msg: Tvb, idx: number, rec: boolean, info: L2tpInfo | undefined): boolean {
  if (!need(t, top, msg, idx, 2, 'Ns')) return false;
  const ns = msg.u16(idx);
  if (rec) t.add(top, msg, hf.ns, idx, 2, ns);
  if (info) info.ns = ns;
  if (!need(t, top, msg, idx + 2, 2, 'Nr')) return false;
  const nr = msg.u16(idx + 2);
  if (rec) t.add(top, msg, hf.nr, idx + 2, 2, nr);
  if (info) info.nr = nr;
  return true;
}

function dissectV2(tvb: Tvb, pinfo: PacketInfo, t: Builder): number | void {
  const flags = tvb.u16(0);
  const control = (flags & T) !== 0;
  let hdrLen = 6 + (flags & L ? 2 : 0) + (flags & S ? 4 : 0) + (flags & O ? 2 : 0);
  // `rec`: this sink records some l2tp.* field; otherwise the plain header items are skipped (Builder.wantsAny).
  const rec = t.wantsAny(hf.proto);
  // Only the tree gets this label: `fields` prints an L2TPv2 layer by its abbreviation (tshark gives this item
  // no label of its own, unlike the v3 one).
  const top = rec ? t.add(null, tvb, hf.proto, 0, tvb.length, undefined, t.tree ? 'Layer 2 Tunneling Protocol' : undefined) : null;
  addFlags(tvb, t, top, 0, false);
  let idx = 2;
  let length: number | undefined;
  if (flags & L) {
    if (!need(t, top, tvb, idx, 2, 'Length')) return;
    length = tvb.u16(idx);
    t.add(top, tvb, hf.length, idx, 2, length);
    idx += 2;
  }
  const msg = bounded(tvb, t, top, 0, length, hdrLen);
  t.setLength(top, msg.length);
  if (!need(t, top, msg, idx, 4, 'Tunnel ID and Session ID')) return;
  const tunnel = msg.u16(idx), session = msg.u16(idx + 2);
  if (rec) {
    t.add(top, msg, hf.tunnel, idx, 2, tunnel);
    t.add(top, msg, hf.session, idx + 2, 2, session);
  }
  idx += 4;
  const info = firstHeaderFacts(pinfo, tvb, 2, control, tunnel, session);
  if (pinfo.columns && !control) pinfo.info = `Data    Message            (tunnel id=${tunnel}, session id=${session})`;
  if (control) {
    if (!(flags & L)) t.problem(top, tvb, ei.ctrl_no_length, 0, 2);
    if (!(flags & S)) t.problem(top, tvb, ei.ctrl_no_seq, 0, 2);
    if (flags & (O | P)) t.problem(top, tvb, ei.ctrl_offset_prio, 0, 2);
  }
  if (flags & S) {
    if (!addSequence(t, top, msg, idx, rec, info)) return;
    idx += 4;
  }
  let bodyUnreadable = false;
  if (flags & O) {
    if (!need(t, top, msg, idx, 2, 'Offset Size')) return;
    const osz = msg.u16(idx);
    t.add(top, msg, hf.offset, idx, 2, osz);
    idx += 2;
    if (osz > 0) {
      if (idx + osz > msg.reportedLength) {
        t.problem(top, msg, ei.offset_bad, idx - 2, 2, `Offset Size ${osz} points past the end of the message (${Math.max(0, msg.reportedLength - idx)} bytes after the header)`);
        // tshark skips the padding all the same, so no payload (data) or AVP (control, where O must be 0)
        // follows: the rest of the message is the padding, clipped, and the L2TP node covers it
        if (msg.length > idx) t.add(top, msg, hf.offset_padding, idx, msg.length - idx);
        if (!control) {
          t.setLength(top, msg.length);
          beyondLength(tvb, msg, t);
          return;
        }
        idx = msg.reportedLength;
        bodyUnreadable = true;
      } else {
        t.add(top, msg, hf.offset_padding, idx, osz);
        idx += osz;
      }
    }
    hdrLen = idx;
  }
  if (!control) {
    t.setLength(top, Math.min(idx, msg.length));
    // A fields sink that wants nothing from inside the tunnel skips the payload (Builder.wantsPayloadOf).
    const payload = msg.sub(idx);
    if (payload.length > 0 && t.wantsPayloadOf('l2tp')) {
      const ppp = pinfo.registry.byNameOf('ppp');
      if (ppp) pinfo.registry.run(ppp, payload, pinfo, t);
      else dissectData(payload, pinfo, t);
    }
    beyondLength(tvb, msg, t);
    return; // the bytes beyond the Length are shown: the whole view is claimed
  }
  const ctx: MsgCtx = {
    pinfo, t, tvb: msg, top, version: 2, base: 0, end: flags & L ? Math.min(msg.reportedLength, length ?? 0) : msg.reportedLength,
    tunnel, session, msgType: -1, rv: undefined, isFirstAvp: true, facts: newFacts(2, true, tunnel, session), learn: {},
    types: new Set(), infoTail: '',
  };
  if (ctx.end < idx) ctx.end = msg.reportedLength;
  // no ZLB when a lying Offset Size pushed the AVPs out of the message (the body is there, unreadable)
  const zlb = controlBody(ctx, idx, (flags & L) !== 0 && !bodyUnreadable);
  if (info) info.msgType = ctx.facts.msgType;
  if (pinfo.columns) {
    const ids = `(tunnel id=${tunnel}, session id=${session})`;
    const first = ctx.facts.avps[0];
    pinfo.info = zlb ? `Control Message - ZLB      ${ids}`
      : first && first.vendor === 0 && first.type === 0 && ctx.msgType >= 0 ? `Control Message - ${MESSAGE_SHORT[ctx.msgType] ?? `Unknown (${ctx.msgType})`} ${ids}`
      : pinfo.info && first && first.vendor !== 0 ? pinfo.info : `Control Message ${ids}`;
  }
  beyondLength(tvb, msg, t);
  return; // the bytes beyond the Length are shown: the whole view is claimed
}

/** An L2TPv3 control message; `base` is 4 over IP (after the zero Session ID), 0 over UDP. */
function dissectV3Control(tvb: Tvb, pinfo: PacketInfo, t: Builder, base: number): number | void {
  const top = t.add(null, tvb, hf.proto, 0, tvb.length, undefined, t.labels(hf.proto) ? 'Layer 2 Tunneling Protocol version 3' : undefined);
  if (base) t.add(top, tvb, hf.sid, 0, 4, 0);
  if (!need(t, top, tvb, base, 2, 'L2TPv3 flags')) return;
  const flags = addFlags(tvb, t, top, base, true);
  let idx = base + 2;
  let length: number | undefined;
  if (flags & L) {
    if (!need(t, top, tvb, idx, 2, 'Length')) return;
    length = tvb.u16(idx);
    t.add(top, tvb, hf.length, idx, 2, length);
    idx += 2;
  } else t.problem(top, tvb, ei.ctrl_no_length, base, 2);
  if (!(flags & S)) t.problem(top, tvb, ei.ctrl_no_seq, base, 2);
  const hdrLen = 6 + (flags & L ? 2 : 0) + (flags & S ? 4 : 0);
  const msg = bounded(tvb, t, top, base, length, hdrLen);
  t.setLength(top, msg.length);
  if (!need(t, top, msg, idx, 4, 'Control Connection ID')) return;
  const ccid = msg.u32(idx);
  t.add(top, msg, hf.ccid, idx, 4, ccid);
  idx += 4;
  const info = firstHeaderFacts(pinfo, tvb, 3, true, ccid, 0);
  if (flags & S) {
    if (!addSequence(t, top, msg, idx, true, info)) return;
    idx += 4;
  }
  const ctx: MsgCtx = {
    pinfo, t, tvb: msg, top, version: 3, base, end: length !== undefined && base + length <= msg.reportedLength && length >= hdrLen ? base + length : msg.reportedLength,
    tunnel: ccid, session: 0, msgType: -1, rv: undefined, isFirstAvp: true, facts: newFacts(3, true, ccid, 0), learn: {},
    types: new Set(), infoTail: '',
  };
  const zlb = controlBody(ctx, idx, (flags & L) !== 0);
  if (info) {
    info.msgType = ctx.facts.msgType;
    if (ctx.facts.localSessionId !== undefined) info.session = ctx.facts.localSessionId;
  }
  if (pinfo.columns) {
    const id = `(ccid=0x${ccid.toString(16).toUpperCase().padStart(8, '0')})`;
    const first = ctx.facts.avps[0];
    if (zlb) pinfo.info = `Control Message - ZLB ${id}`;
    else if (first && first.vendor === 0 && first.type === 0 && ctx.msgType >= 0) {
      pinfo.info = `Control Message - ${MESSAGE_SHORT[ctx.msgType] ?? `Unknown (${ctx.msgType})`} ${id}${ctx.infoTail}`;
    } else if (!pinfo.info || first?.vendor === 0) pinfo.info = `Control Message ${id}${ctx.infoTail}`;
  }
  beyondLength(tvb, msg, t);
  return; // the bytes beyond the Length are shown: the whole view is claimed
}

/** A UDP heuristic for the ports in prefs.l2tpUdpPorts (1701 is also registered statically). */
function udpHeuristic(tvb: Tvb, pinfo: PacketInfo, t: Builder): boolean {
  const ports = pinfo.prefs.l2tpUdpPorts;
  if (!ports.includes(pinfo.srcPort) && !ports.includes(pinfo.dstPort)) return false;
  if (tvb.length < 2) return false;
  const ver = tvb.u16(0) & 0xf;
  if (ver !== 2 && ver !== 3) return false;
  dissectL2tpUdp(tvb, pinfo, t);
  return true;
}

export const l2tp: ProtocolModule = {
  name: 'l2tp',
  register(reg: Registry): void {
    registerBuiltinVendorDictionaries();
    const udpEntry = reg.register({ name: 'l2tp', dissect: dissectL2tpUdp });
    reg.add('udp.port', 1701, udpEntry);
    reg.add('ip.proto', 115, { name: 'l2tp_ip', dissect: dissectL2tpIp });
    reg.addHeuristic('udp', udpHeuristic);
  },
};
