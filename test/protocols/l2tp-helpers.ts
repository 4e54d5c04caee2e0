// Test helpers for the L2TP dissector: read classic pcap fixtures and decode each frame from its IP
// header with a minimal stand-in for the lower layers (IPv4/IPv6 + UDP, sets the addresses and ports
// the L2TP dissector keys its state on), so the L2TP tests do not depend on the eth/ip/udp modules.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../server/dissect/engine';
import { CaptureState } from '../../server/dissect/packet';
import type { PacketInfo } from '../../server/dissect/packet';
import type { Builder } from '../../server/dissect/builder';
import type { FrameMeta } from '../../server/dissect/capture/types';
import type { Preferences } from '../../server/dissect/prefs';
import { PROTOCOLS } from '../../server/dissect/protocols/index';
import type { ProtocolModule, Registry } from '../../server/dissect/registry';
import type { DecodedFrame, TreeNode } from '../../server/dissect/tree';
import { findAll } from '../../server/dissect/tree';
import { Tvb, formatIpv6 } from '../../server/dissect/tvb';
import { dissectData } from '../../server/dissect/protocols/data';
import { formatValue } from '../../server/dissect/format';
import { fieldByAbbrev } from '../../server/dissect/fields';
import { readFrames } from '../helpers/frames';

export const FX = join(import.meta.dirname, '..', 'fixtures');

export interface PcapFrame { number: number; linkType: number; bytes: Uint8Array; origLen: number; tsSec: number; tsNs: number }

/** A fixture's frames (the project's reader) in the shape these helpers use. */
export function readPcap(path: string): PcapFrame[] {
  return readFrames(path).map(({ meta, bytes }) => ({ number: meta.number, linkType: meta.linkType, bytes, origLen: meta.originalLength, tsSec: meta.tsSec, tsNs: meta.tsNs }));
}

/** Where the IP header starts (or -1): Ethernet (+VLAN, PPPoE), SLL, SLL2, raw, null/loop. */
export function ipOffset(f: PcapFrame): number {
  const b = f.bytes;
  const u16 = (o: number): number => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
  let off: number;
  let et: number;
  switch (f.linkType) {
    case 1: off = 14; et = u16(12); break;
    case 113: off = 16; et = u16(14); break;
    case 276: off = 20; et = u16(0); break;
    case 101: case 12: case 14: case 228: case 229: return 0;
    case 0: case 108: return 4;
    default: return -1;
  }
  for (;;) {
    if (et === 0x8100 || et === 0x88a8) { et = u16(off + 2); off += 4; continue; }
    if (et === 0x8864) {
      const proto = u16(off + 6);
      return proto === 0x0021 || proto === 0x0057 ? off + 8 : -1;
    }
    return et === 0x0800 || et === 0x86dd ? off : -1;
  }
}

/** A stand-in for IPv4/IPv6/UDP: sets addresses/ports, hands UDP payloads to 'udp.port', proto 115 to 'ip.proto'. */
function dissectTestIp(tvb: Tvb, pinfo: PacketInfo, t: Builder): void {
  const v = tvb.u8(0) >> 4;
  let proto: number, hl: number, end: number;
  if (v === 4) {
    hl = (tvb.u8(0) & 0xf) * 4;
    proto = tvb.u8(9);
    end = Math.min(tvb.u16(2), tvb.reportedLength);
    if ((tvb.u16(6) & 0x3fff) !== 0) { dissectData(tvb.sub(hl), pinfo, t); return; }
    pinfo.netSrc = tvb.ipv4(12); pinfo.netDst = tvb.ipv4(16);
  } else if (v === 6) {
    hl = 40; proto = tvb.u8(6); end = 40 + tvb.u16(4);
    pinfo.netSrc = formatIpv6(tvb.bytes(8, 16)); pinfo.netDst = formatIpv6(tvb.bytes(24, 16));
    if (proto === 44) { dissectData(tvb.sub(hl), pinfo, t); return; }
  } else { dissectData(tvb, pinfo, t); return; }
  pinfo.src = pinfo.netSrc; pinfo.dst = pinfo.netDst;
  const ip = tvb.sub(0, Math.max(hl, end));
  if (proto === 17) {
    const sp = ip.u16(hl), dp = ip.u16(hl + 2), ulen = ip.u16(hl + 4);
    pinfo.srcPort = sp; pinfo.dstPort = dp;
    const payload = ip.sub(hl + 8, Math.max(0, ulen - 8));
    const reg = pinfo.registry;
    const lo = Math.min(sp, dp), hi = Math.max(sp, dp);
    if (reg.call('udp.port', lo, payload, pinfo, t) < 0 && reg.call('udp.port', hi, payload, pinfo, t) < 0 && !reg.tryHeuristics('udp', payload, pinfo, t)) dissectData(payload, pinfo, t);
  } else if (reg(pinfo).call('ip.proto', proto, ip.sub(hl), pinfo, t) < 0) dissectData(ip.sub(hl), pinfo, t);
}
const reg = (p: PacketInfo): Registry => p.registry;

export const testIp: ProtocolModule = {
  name: 'l2tptest.ip',
  register(r: Registry): void { r.register({ name: 'l2tptest.ip', dissect: dissectTestIp }); },
};

export function makeEngine(prefs: Partial<Preferences> = {}): Engine {
  return new Engine(prefs, [...PROTOCOLS, testIp]);
}

export interface Capture { frames: PcapFrame[]; metas: (FrameMeta | undefined)[]; slices: (Uint8Array | undefined)[] }

export function loadCapture(rel: string): Capture {
  const frames = readPcap(join(FX, rel));
  const metas: (FrameMeta | undefined)[] = [];
  const slices: (Uint8Array | undefined)[] = [];
  for (const f of frames) {
    const o = ipOffset(f);
    if (o < 0 || o >= f.bytes.length) { metas.push(undefined); slices.push(undefined); continue; }
    const bytes = f.bytes.subarray(o);
    const meta: FrameMeta = {
      number: f.number, tsSec: f.tsSec, tsNs: f.tsNs, linkType: f.linkType, capturedLength: bytes.length,
      originalLength: Math.max(bytes.length, f.origLen - o), fileOffset: -1, dataOffset: -1, startAt: 'l2tptest.ip',
    };
    metas.push(meta);
    slices.push(bytes);
  }
  return { frames, metas, slices };
}

/** Index pass over every frame, then a full decode of each (null where the frame was not sliceable). */
export function decodeAll(rel: string, prefs: Partial<Preferences> = {}, engine = makeEngine(prefs)): { decoded: (DecodedFrame | undefined)[]; state: CaptureState; engine: Engine; cap: Capture } {
  const cap = loadCapture(rel);
  const state = new CaptureState();
  cap.metas.forEach((m, i) => { if (m) engine.index(m, cap.slices[i]!, state); });
  const decoded = cap.metas.map((m, i) => (m ? engine.decode(m, cap.slices[i]!, state) : undefined));
  return { decoded, state, engine, cap };
}

/** tshark's -T fields text of `abbrev` in a decoded frame (values joined with ','). */
export function fieldText(layers: readonly TreeNode[], abbrev: string, sources?: DecodedFrame['sources']): string {
  const f = fieldByAbbrev(abbrev);
  if (!f) return '';
  return findAll(layers, abbrev).map((n) => {
    const src = sources?.[n.source ?? 0]?.bytes;
    return formatValue(f, n.value, n.value === undefined && src ? src.subarray(n.offset, n.offset + n.length) : undefined);
  }).join(',');
}

/** Parses a tshark -T fields -E header=y file. */
export function readOracle(path: string): { header: string[]; rows: Map<number, string[]> } {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length);
  const header = (lines[0] ?? '').split('\t');
  const rows = new Map<number, string[]>();
  for (const l of lines.slice(1)) {
    const cells = l.split('\t');
    rows.set(Number(cells[0]), cells);
  }
  return { header, rows };
}

/** The L2TP bytes of a sliced frame (UDP payload, or the IP payload for protocol 115) and the dissector to start at. */
export function l2tpPayload(ip: Uint8Array): { bytes: Uint8Array; startAt: 'l2tp' | 'l2tp_ip' } | undefined {
  const v = (ip[0] ?? 0) >> 4;
  let hl: number, proto: number;
  if (v === 4) { hl = ((ip[0] ?? 0) & 0xf) * 4; proto = ip[9] ?? 0; }
  else if (v === 6) { hl = 40; proto = ip[6] ?? 0; }
  else return undefined;
  if (proto === 115) return { bytes: ip.subarray(hl), startAt: 'l2tp_ip' };
  if (proto !== 17 || ip.length < hl + 8) return undefined;
  const sp = ((ip[hl] ?? 0) << 8) | (ip[hl + 1] ?? 0), dp = ((ip[hl + 2] ?? 0) << 8) | (ip[hl + 3] ?? 0);
  if (sp !== 1701 && dp !== 1701) return undefined;
  return { bytes: ip.subarray(hl + 8), startAt: 'l2tp' };
}

/** An IPv4 header (checksum left 0) around `payload`. */
export function ipv4Packet(src: string, dst: string, proto: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(20 + payload.length);
  out[0] = 0x45;
  out[2] = out.length >> 8; out[3] = out.length & 0xff;
  out[8] = 64; out[9] = proto;
  src.split('.').forEach((x, i) => { out[12 + i] = Number(x); });
  dst.split('.').forEach((x, i) => { out[16 + i] = Number(x); });
  out.set(payload, 20);
  return out;
}

/** A UDP datagram 1701 → 1701 (checksum 0) around `payload`. */
export function udp1701(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  out[0] = 0x06; out[1] = 0xa5; out[2] = 0x06; out[3] = 0xa5;
  out[4] = out.length >> 8; out[5] = out.length & 0xff;
  out.set(payload, 8);
  return out;
}

export function hex(s: string): Uint8Array {
  const clean = s.replace(/[^0-9a-fA-F]/g, '');
  return new Uint8Array(clean.match(/../g)?.map((x) => parseInt(x, 16)) ?? []);
}

export function metaFor(number: number, bytes: Uint8Array, startAt = 'l2tptest.ip', originalLength = bytes.length): FrameMeta {
  return { number, tsSec: 0, tsNs: 0, linkType: 0, capturedLength: bytes.length, originalLength, fileOffset: -1, dataOffset: -1, startAt };
}

/** Bytes of a node in its data source. */
export function nodeBytes(f: DecodedFrame, n: TreeNode | undefined): Uint8Array | undefined {
  if (!n) return undefined;
  return f.sources[n.source ?? 0]?.bytes.subarray(n.offset, n.offset + n.length);
}
