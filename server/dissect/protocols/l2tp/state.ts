// Cross-frame L2TP state learnt in the first pass: tunnel-authentication challenges (per tunnel and
// direction), L2TPv3 nonces for message digests, and L2TPv3 session settings (cookie size, L2-Specific
// Sublayer, pseudowire type) from ICRQ/ICRP/OCRQ/OCRP/ICCN/OCCN. Everything a frame's decoding uses is
// recorded per frame with setFrameData, so later random-order decoding reads the same values.

import type { CaptureState, PacketInfo } from '../../packet';
import { MSG } from './values';

// ---- challenges (RFC 2661 §5.1.1) ----

export interface ChallengeRec { bytes: Uint8Array; frame: number }

/** Remembers the challenge a host sent, keyed by the host and the tunnel ID it assigned. */
export function rememberChallenge(pinfo: PacketInfo, assignedTunnel: number | undefined, challenge: Uint8Array): void {
  const rec: ChallengeRec = { bytes: challenge.slice(), frame: pinfo.frame.number };
  if (assignedTunnel !== undefined) pinfo.state.set(`l2tp.chal|${pinfo.netSrc}|${assignedTunnel}`, rec);
  pinfo.state.set(`l2tp.chal|${pinfo.netSrc}`, rec);
}

/** The challenge a Challenge Response in this frame answers (first pass: looked up and recorded). */
export function challengeFor(pinfo: PacketInfo, tunnel: number): ChallengeRec | null {
  const key = 'l2tp.cr';
  if (!pinfo.firstPass) {
    const rec = pinfo.state.frameData<ChallengeRec | null>(pinfo.frame.number, key);
    if (rec !== undefined) return rec;
  }
  const st = pinfo.state;
  const rec = st.get<ChallengeRec>(`l2tp.chal|${pinfo.netDst}|${tunnel}`) ?? st.get<ChallengeRec>(`l2tp.chal|${pinfo.netDst}`) ?? null;
  if (pinfo.firstPass) st.setFrameData(pinfo.frame.number, key, rec);
  return rec;
}

// ---- L2TPv3 nonces (RFC 3931 §5.4.1) ----

interface V3Tunnel { lcce1: string; nonce1?: Uint8Array; nonce2?: Uint8Array }

export interface DigestInputs {
  /** Nonces in the order they enter the digest (sender's first), empty when not both known. */
  nonces: Uint8Array[];
  /** True when at least one nonce is known for the tunnel (then the configured secret is used). */
  anyNonce: boolean;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** Learns nonces (first pass) and returns what this frame's digest check uses (recorded per frame). */
export function digestInputs(pinfo: PacketInfo, msgType: number, nonce: Uint8Array | undefined): DigestInputs {
  const fkey = 'l2tp.digest';
  if (!pinfo.firstPass) {
    const rec = pinfo.state.frameData<DigestInputs>(pinfo.frame.number, fkey);
    if (rec) return rec;
  }
  const key = `l2tpv3.tun|${pairKey(pinfo.netSrc, pinfo.netDst)}`;
  let tun = pinfo.state.get<V3Tunnel>(key);
  if (pinfo.firstPass) {
    if (msgType === MSG.SCCRQ) {
      const same = tun && tun.lcce1 === pinfo.netSrc && sameBytes(tun.nonce1, nonce);
      if (!same) pinfo.state.set(key, (tun = { lcce1: pinfo.netSrc, nonce1: nonce?.slice() }));
    } else if (msgType === MSG.SCCRP && tun && nonce) {
      tun.nonce2 = nonce.slice();
    }
  }
  const out: DigestInputs = { nonces: [], anyNonce: !!(tun?.nonce1 || tun?.nonce2) };
  if (tun && msgType !== MSG.SCCRQ && tun.nonce1 && tun.nonce2) {
    out.nonces = tun.lcce1 === pinfo.netSrc ? [tun.nonce1, tun.nonce2] : [tun.nonce2, tun.nonce1];
  }
  if (pinfo.firstPass) pinfo.state.setFrom(fkey, pinfo.frame.number, out, sameSettings);
  return out;
}

function sameSettings(a: unknown, b: unknown): boolean {
  const x = a as V3DataSettings, y = b as V3DataSettings;
  return x.cookieLen === y.cookieLen && x.l2spec === y.l2spec && x.pw === y.pw && x.learnt === y.learnt;
}

// ---- L2TPv3 sessions (RFC 3931 §5.4.4) ----

interface Endpoint { addr: string; sid: number; cookieLen?: number; l2spec?: number }
interface Session { a?: Endpoint; b?: Endpoint; pw?: number }

function sessions(st: CaptureState): Map<string, Session> {
  let m = st.get<Map<string, Session>>('l2tpv3.sessions');
  if (!m) st.set('l2tpv3.sessions', (m = new Map()));
  return m;
}

function bySid(st: CaptureState): Map<number, Session> {
  let m = st.get<Map<number, Session>>('l2tpv3.sessionsBySid');
  if (!m) st.set('l2tpv3.sessionsBySid', (m = new Map()));
  return m;
}

function index(st: CaptureState, s: Session, ep: Endpoint): void {
  sessions(st).set(`${ep.addr}|${ep.sid}`, s);
  bySid(st).set(ep.sid, s);
}

function find(st: CaptureState, addr: string, sid: number): Session | undefined {
  return sessions(st).get(`${addr}|${sid}`) ?? bySid(st).get(sid);
}

export interface SessionLearn { lsid?: number; rsid?: number; cookieLen?: number; l2spec?: number; pw?: number }

/** First pass: what a session set-up message teaches about its session. */
export function learnSession(pinfo: PacketInfo, msgType: number, l: SessionLearn): void {
  if (!pinfo.firstPass || l.lsid === undefined) return;
  const st = pinfo.state;
  const src = pinfo.netSrc, dst = pinfo.netDst;
  const mine: Endpoint = { addr: src, sid: l.lsid, cookieLen: l.cookieLen, l2spec: l.l2spec };
  switch (msgType) {
    case MSG.ICRQ: case MSG.OCRQ: {
      const s = find(st, src, l.lsid) ?? {};
      s.a = { ...s.a, ...defined(mine) } as Endpoint;
      if (l.pw !== undefined) s.pw = l.pw;
      index(st, s, s.a);
      break;
    }
    case MSG.ICRP: case MSG.OCRP: {
      const s = (l.rsid !== undefined ? find(st, dst, l.rsid) : undefined) ?? {};
      s.b = { ...s.b, ...defined(mine) } as Endpoint;
      if (l.pw !== undefined) s.pw = l.pw;
      index(st, s, s.b);
      break;
    }
    case MSG.ICCN: case MSG.OCCN: {
      const s = find(st, src, l.lsid) ?? (l.rsid !== undefined ? find(st, dst, l.rsid) : undefined);
      if (!s) return;
      const ep = s.a?.addr === src && s.a.sid === l.lsid ? s.a : s.b?.addr === src && s.b.sid === l.lsid ? s.b : (s.a ?? s.b);
      if (ep && l.l2spec !== undefined) ep.l2spec = l.l2spec;
      if (ep && l.cookieLen !== undefined) ep.cookieLen = l.cookieLen;
      break;
    }
  }
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What a data message to `sid` uses, as learnt from the control channel (undefined fields: not learnt). */
export interface V3DataSettings { cookieLen?: number; l2spec?: number; pw?: number; learnt: boolean }

export function dataSettings(pinfo: PacketInfo, sid: number): V3DataSettings {
  // One timeline per session and direction: data frames record only when the settings change.
  const fkey = `l2tpv3.data|${pinfo.netDst}|${sid}`;
  if (!pinfo.firstPass) {
    const rec = pinfo.state.valueAt<V3DataSettings>(fkey, pinfo.frame.number);
    if (rec) return rec;
  }
  const s = find(pinfo.state, pinfo.netDst, sid);
  let out: V3DataSettings = { learnt: false };
  if (s) {
    const ep = s.a?.sid === sid && (s.a.addr === pinfo.netDst || s.b?.sid !== sid) ? s.a : s.b?.sid === sid ? s.b : undefined;
    const other = ep === s.a ? s.b : s.a;
    if (ep) out = { cookieLen: ep.cookieLen ?? 0, l2spec: ep.l2spec ?? other?.l2spec, pw: s.pw, learnt: true };
  }
  if (pinfo.firstPass) pinfo.state.setFrameData(pinfo.frame.number, fkey, out);
  return out;
}
