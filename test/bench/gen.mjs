// Writes a realistic L2TP capture for the benchmark: many LACs and tunnels to one LNS, full control
// life cycles (SCCRQ … ICCN, Hello, CDN, StopCCN, ZLB acks) interleaved with PPP data (IPv4 inside),
// about 5 % control messages. Deterministic (seeded), Ethernet/IPv4/UDP 1701, classic microsecond pcap.
import { openSync, writeSync, closeSync } from 'node:fs';

let seed = 0x2661;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const ri = (a, b) => a + Math.floor(rnd() * (b - a + 1));

function avp(type, value, mandatory = true) {
  const len = 6 + value.length;
  const b = new Uint8Array(len);
  b[0] = (mandatory ? 0x80 : 0) | (len >> 8); b[1] = len & 0xff; b[4] = type >> 8; b[5] = type & 0xff;
  b.set(value, 6);
  return b;
}
const u16 = (v) => new Uint8Array([v >> 8, v & 0xff]);
const u32 = (v) => new Uint8Array([v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff]);
const str = (s) => new TextEncoder().encode(s);

function control(tunnel, session, ns, nr, avps) {
  const body = avps.reduce((s, a) => s + a.length, 0);
  const b = new Uint8Array(12 + body);
  b[0] = 0xc8; b[1] = 0x02; b[2] = (12 + body) >> 8; b[3] = (12 + body) & 0xff;
  b.set(u16(tunnel), 4); b.set(u16(session), 6); b.set(u16(ns), 8); b.set(u16(nr), 10);
  let o = 12;
  for (const a of avps) { b.set(a, o); o += a.length; }
  return b;
}

function data(tunnel, session, payloadLen) {
  const b = new Uint8Array(6 + 4 + payloadLen);
  b[0] = 0x00; b[1] = 0x02; b.set(u16(tunnel), 2); b.set(u16(session), 4);
  b[6] = 0xff; b[7] = 0x03; b[8] = 0x00; b[9] = 0x21; // PPP: IPv4
  const ip = 10;
  b[ip] = 0x45; b.set(u16(payloadLen), ip + 2); b[ip + 8] = 64; b[ip + 9] = 17;
  b.set([100, 64, session & 0xff, 2], ip + 12); b.set([198, 51, 100, 7], ip + 16);
  b.set(u16(40000 + (session & 0xfff)), ip + 20); b.set(u16(40001), ip + 22); b.set(u16(payloadLen - 20), ip + 24);
  return b;
}

function frame(srcIp, dstIp, l2tp) {
  const b = new Uint8Array(14 + 20 + 8 + l2tp.length);
  b.set([2, 0, 0x5e, 0, 0, 1, 2, 0, 0x5e, 0, 0, 2, 0x08, 0x00]);
  const ip = 14, tl = 28 + l2tp.length;
  b[ip] = 0x45; b.set(u16(tl), ip + 2); b[ip + 6] = 0x40; b[ip + 8] = 64; b[ip + 9] = 17;
  b.set(srcIp, ip + 12); b.set(dstIp, ip + 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += (b[ip + i] << 8) | b[ip + i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  b.set(u16(~sum & 0xffff), ip + 10);
  const u = 34;
  b.set(u16(1701), u); b.set(u16(1701), u + 2); b.set(u16(8 + l2tp.length), u + 4);
  b.set(l2tp, 42);
  return b;
}

export function generate(path, frames = 1_000_000) {
  const fd = openSync(path, 'w');
  const buf = new Uint8Array(8 << 20);
  let used = 0;
  const flush = () => { writeSync(fd, buf, 0, used); used = 0; };
  const put = (bytes) => { if (used + bytes.length > buf.length) flush(); buf.set(bytes, used); used += bytes.length; };
  const gh = new Uint8Array(24);
  new DataView(gh.buffer).setUint32(0, 0xa1b2c3d4, true);
  new DataView(gh.buffer).setUint16(4, 2, true); new DataView(gh.buffer).setUint16(6, 4, true);
  new DataView(gh.buffer).setUint32(16, 65535, true); new DataView(gh.buffer).setUint32(20, 1, true);
  put(gh);
  let t = 1_700_000_000 * 1e6;
  let count = 0, ctl = 0;
  const rec = new Uint8Array(16);
  const rv = new DataView(rec.buffer);
  const emit = (src, dst, l2tp) => {
    const f = frame(src, dst, l2tp);
    t += ri(20, 400);
    rv.setUint32(0, Math.floor(t / 1e6), true); rv.setUint32(4, t % 1e6, true);
    rv.setUint32(8, f.length, true); rv.setUint32(12, f.length, true);
    put(rec); put(f); count++;
  };
  const LNS = [10, 0, 0, 1];
  let nextTid = 1;
  const tunnels = [];
  const newTunnel = () => {
    const lac = [10, 1, ri(0, 63), ri(1, 254)];
    const tun = { lac, lacTid: nextTid, lnsTid: 0x8000 + nextTid, lacNs: 0, lnsNs: 0, sessions: [], step: 0, nextSid: 1, calls: ri(1, 6) };
    nextTid = (nextTid % 30000) + 1;
    return tun;
  };
  for (let i = 0; i < 200; i++) tunnels.push(newTunnel());
  // The first SCCRQ goes to tunnel 0: the LAC does not know the LNS's ID yet.
  const lacCtl = (tun, session, avps) => { emit(tun.lac, LNS, control(tun.step === 0 ? 0 : tun.lnsTid, session, tun.lacNs++, tun.lnsNs, avps)); ctl++; };
  const lnsCtl = (tun, session, avps) => { emit(LNS, tun.lac, control(tun.lacTid, session, tun.lnsNs++, tun.lacNs, avps)); ctl++; };
  const zlbFromLns = (tun) => { emit(LNS, tun.lac, control(tun.lacTid, 0, tun.lnsNs, tun.lacNs, [])); ctl++; };
  const zlbFromLac = (tun) => { emit(tun.lac, LNS, control(tun.lnsTid, 0, tun.lacNs, tun.lnsNs, [])); ctl++; };
  const mt = (m) => avp(0, u16(m));
  while (count < frames) {
    const i = ri(0, tunnels.length - 1);
    const tun = tunnels[i];
    // most steps carry data once a tunnel has sessions: about 5 % of all frames are control messages
    if (tun.sessions.length > 0 && rnd() < 0.979) {
      const s = tun.sessions[ri(0, tun.sessions.length - 1)];
      const len = rnd() < 0.4 ? ri(40, 120) : ri(200, 1400);
      const toLac = rnd() < 0.6;
      emit(toLac ? LNS : tun.lac, toLac ? tun.lac : LNS, data(toLac ? tun.lacTid : tun.lnsTid, toLac ? s.lacSid : s.lnsSid, len));
      continue;
    }
    switch (tun.step) {
      case 0:
        lacCtl(tun, 0, [mt(1), avp(2, u16(0x0100)), avp(3, u32(3)), avp(7, str(`lac${tun.lac[2]}-${tun.lac[3]}.example`)), avp(9, u16(tun.lacTid)), avp(10, u16(8))]);
        tun.step = 1; break;
      case 1:
        lnsCtl(tun, 0, [mt(2), avp(2, u16(0x0100)), avp(3, u32(3)), avp(7, str('lns.example')), avp(9, u16(tun.lnsTid)), avp(10, u16(16))]);
        tun.step = 2; break;
      case 2: lacCtl(tun, 0, [mt(3)]); zlbFromLns(tun); tun.step = 3; break;
      case 3: {
        const lacSid = tun.nextSid++;
        tun.pending = { lacSid, lnsSid: 0x4000 + lacSid };
        lacCtl(tun, 0, [mt(10), avp(14, u16(lacSid)), avp(15, u32(ri(1, 1e6)))]);
        tun.step = 4; break;
      }
      case 4: lnsCtl(tun, tun.pending.lacSid, [mt(11), avp(14, u16(tun.pending.lnsSid))]); tun.step = 5; break;
      case 5:
        lacCtl(tun, tun.pending.lnsSid, [mt(12), avp(24, u32(100000000)), avp(19, u32(1))]); zlbFromLns(tun);
        tun.sessions.push(tun.pending); tun.calls--; tun.step = tun.calls > 0 ? 3 : 6; break;
      case 6: lnsCtl(tun, 0, [mt(6)]); zlbFromLac(tun); tun.step = rnd() < 0.7 ? 6 : 7; break;
      case 7: {
        const s = tun.sessions.pop();
        if (s) { lacCtl(tun, s.lnsSid, [mt(14), avp(1, u16(1)), avp(14, u16(s.lacSid))]); zlbFromLns(tun); }
        if (tun.sessions.length === 0) tun.step = 8;
        break;
      }
      case 8:
        lacCtl(tun, 0, [mt(4), avp(9, u16(tun.lacTid)), avp(1, u16(1))]); zlbFromLns(tun);
        tunnels[i] = newTunnel(); break;
    }
  }
  flush();
  closeSync(fd);
  return { frames: count, control: ctl };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = generate(process.argv[2] ?? 'test/bench/.data/l2tp-1m.pcap', Number(process.argv[3] ?? 1_000_000));
  console.log(r);
}
