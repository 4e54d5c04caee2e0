// pcapng reader: editcap variants against their pcap originals and tshark, plus hand-built blocks for every edge.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { openCapture } from '../../server/dissect/capture/detect';
import { openPcapng, PcapngReader, splitTimestamp } from '../../server/dissect/capture/pcapng';
import type { CaptureProblem, CaptureReader } from '../../server/dissect/capture/types';
import { asEditcapWrites, epoch, openBuf } from '../helpers/frames';
import { Capture } from '../../server/dissect/capture/capture';
import { Engine } from '../../server/dissect/engine';
import { bufferSource, openCaptureFile } from '../../server/io/fileSource';

const FIX = fileURLToPath(new URL('../fixtures/', import.meta.url));
const VARIANTS = join(FIX, 'variants');

interface Kept {
  number: number;
  tsSec: number;
  tsNs: number;
  linkType: number;
  capturedLength: number;
  originalLength: number;
  interfaceId?: number;
  comments?: string[];
  bytes: Uint8Array;
}

/** Frames with their bytes copied (the reader's views are only valid until the next frame). */
function collect(reader: CaptureReader): Kept[] {
  const out: Kept[] = [];
  for (const f of reader.frames()) {
    const k: Kept = {
      number: f.number,
      tsSec: f.tsSec,
      tsNs: f.tsNs,
      linkType: f.linkType,
      capturedLength: f.capturedLength,
      originalLength: f.originalLength,
      bytes: f.bytes.slice(),
    };
    if (f.interfaceId !== undefined) k.interfaceId = f.interfaceId;
    if (f.comments !== undefined) k.comments = f.comments;
    out.push(k);
  }
  return out;
}

function openFile(path: string, opts = {}): { reader: CaptureReader; frames: Kept[] } {
  const o = openCaptureFile(path, opts);
  if ('error' in o) assert.fail(o.error);
  const frames = collect(o.reader);
  o.source.close();
  return { reader: o.reader, frames };
}

const codes = (ps: CaptureProblem[]): string[] => ps.map((p) => p.code);
const strip = ({ interfaceId, comments, ...rest }: Kept): Omit<Kept, 'interfaceId' | 'comments'> => rest;

// ---- editcap variants --------------------------------------------------------------------------------------

const originals: { name: string; path: string }[] = [];
for (const dir of ['public', 'generated']) {
  for (const f of readdirSync(join(FIX, dir)).sort()) {
    // (no variants of a cut file, nor of the big-endian NFLOG one: see make-expected.sh)
    if (f.endsWith('.pcap') && !f.startsWith('truncated_') && f !== 'synthetic_linktype_nflog_be.pcap') originals.push({ name: f.slice(0, -5), path: join(FIX, dir, f) });
  }
}

describe('editcap -F pcapng variants', () => {
  assert.ok(originals.length >= 15);
  for (const o of originals) {
    test(o.name, () => {
      const orig = openFile(o.path).frames;
      const ng = openFile(join(VARIANTS, `${o.name}.pcapng`));
      assert.equal(ng.reader.info.format, 'pcapng');
      assert.equal(ng.reader.info.tsResolution, 'us');
      assert.equal(ng.reader.info.linkTypes.length, 1);
      assert.deepEqual(ng.reader.problems, []);
      assert.ok(orig.length > 0);
      assert.deepEqual(ng.frames.map(strip), orig.map(strip).map((f) => ({ ...f, linkType: asEditcapWrites(f.linkType) })));
      assert.ok(ng.frames.every((f) => f.interfaceId === 0));
      // tshark's view of the original, once more against the pcapng reading.
      const base = o.path.slice(0, -5);
      const exp = (JSON.parse(readFileSync(`${base}.tshark.json`, 'utf8')) as { _source: { layers: { frame: Record<string, string> } } }[]).map(
        (p) => p._source.layers.frame,
      );
      assert.deepEqual(
        ng.frames.map((f) => [epoch(f), String(f.originalLength), String(f.capturedLength)]),
        exp.map((e) => [e['frame.time_epoch'], e['frame.len'], e['frame.cap_len']]),
      );
      // A small window (many refills, blocks straddling chunks) changes nothing.
      assert.deepEqual(openFile(join(VARIANTS, `${o.name}.pcapng`), { chunkSize: 4096 }).frames, ng.frames);
    });
  }

  test('readAt re-reads a frame by its offsets; a second walk repeats the first', () => {
    const o = openCaptureFile(join(VARIANTS, 'xl2tpd_d_retransmissions.pcapng'));
    if ('error' in o) assert.fail(o.error);
    const a = collect(o.reader);
    const b = collect(o.reader);
    assert.deepEqual(b, a);
    const metas = [...o.reader.frames()].map(({ bytes, ...m }) => m);
    for (const k of [0, 5, a.length - 1]) assert.deepEqual(o.reader.readAt!(metas[k]!), a[k]!.bytes);
    o.source.close();
  });

  test('a pcapng cut inside its last EPB reports capture.truncated', () => {
    const buf = readFileSync(join(VARIANTS, 'xl2tpd_a_tunnel_session_hello.pcapng'));
    const r = openBuf(buf.subarray(0, buf.length - 30));
    const fr = collect(r);
    assert.equal(fr.length, 22);
    assert.deepEqual(codes(r.problems), ['capture.truncated']);
    assert.match(r.problems[0]!.message, /cut short in the middle of a packet \(frame 23, at file offset \d+: block needs \d+ bytes, \d+ available\)/);
  });
});

// ---- block builders ----------------------------------------------------------------------------------------

type U = number[] | Uint8Array | Buffer;
const pad4 = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);

class Ng {
  constructor(readonly le: boolean) {}
  u16(v: number): Buffer {
    const b = Buffer.alloc(2);
    if (this.le) b.writeUInt16LE(v);
    else b.writeUInt16BE(v);
    return b;
  }
  u32(v: number): Buffer {
    const b = Buffer.alloc(4);
    if (this.le) b.writeUInt32LE(v >>> 0);
    else b.writeUInt32BE(v >>> 0);
    return b;
  }
  u64(v: bigint): Buffer {
    const b = Buffer.alloc(8);
    if (this.le) b.writeBigInt64LE(v);
    else b.writeBigInt64BE(v);
    return b;
  }
  opt(code: number, value: U | string): Buffer {
    const v = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
    return Buffer.concat([this.u16(code), this.u16(v.length), pad4(v)]);
  }
  opts(...o: Buffer[]): Buffer {
    return o.length === 0 ? Buffer.alloc(0) : Buffer.concat([...o, this.u32(0)]);
  }
  block(type: number, body: Buffer, lenOverride?: number): Buffer {
    const len = lenOverride ?? 12 + body.length;
    return Buffer.concat([this.u32(type), this.u32(len), body, this.u32(len)]);
  }
  shb(...options: Buffer[]): Buffer {
    return this.block(0x0a0d0d0a, Buffer.concat([this.u32(0x1a2b3c4d), this.u16(1), this.u16(0), this.u64(-1n), this.opts(...options)]));
  }
  idb(link: number, snap: number, ...options: Buffer[]): Buffer {
    return this.block(1, Buffer.concat([this.u16(link), this.u16(0), this.u32(snap), this.opts(...options)]));
  }
  epb(ifId: number, ts: bigint, data: U, origlen?: number, ...options: Buffer[]): Buffer {
    const d = Buffer.from(data);
    const hi = Number(ts >> 32n);
    const lo = Number(ts & 0xffffffffn);
    return this.block(6, Buffer.concat([this.u32(ifId), this.u32(hi), this.u32(lo), this.u32(d.length), this.u32(origlen ?? d.length), pad4(d), this.opts(...options)]));
  }
  opb(ifId: number, ts: bigint, data: U): Buffer {
    const d = Buffer.from(data);
    return this.block(2, Buffer.concat([this.u16(ifId), this.u16(0), this.u32(Number(ts >> 32n)), this.u32(Number(ts & 0xffffffffn)), this.u32(d.length), this.u32(d.length), pad4(d)]));
  }
  spb(origlen: number, data: U): Buffer {
    return this.block(3, Buffer.concat([this.u32(origlen), pad4(Buffer.from(data))]));
  }
}
const LE = new Ng(true);
const BE = new Ng(false);
const us = (sec: number, usec: number): bigint => BigInt(sec) * 1000000n + BigInt(usec);

describe('hand-built pcapng', () => {
  test('two sections of different byte order; each section resets the interfaces', () => {
    const buf = Buffer.concat([
      LE.shb(LE.opt(1, 'first section')),
      LE.idb(1, 65535),
      LE.epb(0, us(1700000000, 1), [1, 2, 3]),
      BE.shb(BE.opt(1, 'second section'), BE.opt(1, 'and another')),
      BE.idb(9, 1500),
      BE.epb(0, us(1700000001, 999999), [4, 5, 6, 7, 8], 60),
    ]);
    const r = openBuf(buf);
    // Opening reads up to the first frame; later sections and interfaces join info as the walk meets them.
    assert.deepEqual(r.info.linkTypes, [1]);
    assert.deepEqual(r.info.comments, ['first section']);
    assert.equal(r.info.snapLen, 65535);
    const fr = collect(r);
    assert.deepEqual(r.info.linkTypes, [1, 9]);
    assert.deepEqual(r.info.comments, ['first section', 'second section', 'and another']);
    assert.deepEqual(fr, [
      { number: 1, tsSec: 1700000000, tsNs: 1000, linkType: 1, capturedLength: 3, originalLength: 3, interfaceId: 0, bytes: new Uint8Array([1, 2, 3]) },
      { number: 2, tsSec: 1700000001, tsNs: 999999000, linkType: 9, capturedLength: 5, originalLength: 60, interfaceId: 0, bytes: new Uint8Array([4, 5, 6, 7, 8]) },
    ]);
    assert.deepEqual(r.problems, []);
    collect(r);
    assert.equal(r.info.comments.length, 3, 'a second walk does not record sections twice');
    assert.deepEqual(r.info.linkTypes, [1, 9]);

    // Interface 1 of the first section does not exist in the second.
    const stale = openBuf(Buffer.concat([LE.shb(), LE.idb(1, 0), LE.idb(1, 0), LE.epb(1, 0n, [1]), BE.shb(), BE.idb(1, 0), BE.epb(1, 0n, [2])]));
    assert.equal(collect(stale).length, 1);
    assert.deepEqual(codes(stale.problems), ['capture.bad_interface']);
  });

  test('interface names and descriptions (if_name, if_description) and the section number of each frame', () => {
    const buf = Buffer.concat([
      LE.shb(),
      LE.idb(1, 0, LE.opt(2, 'eth0'), LE.opt(3, 'uplink to LNS')),
      LE.idb(1, 0, LE.opt(3, 'only a description')),
      LE.idb(1, 0),
      LE.epb(0, 0n, [1]),
      LE.epb(1, 0n, [2]),
      LE.epb(2, 0n, [3]),
      LE.spb(1, [4]),
      // a later section's interface 0 is its own (writers may count a terminating NUL in the length)
      BE.shb(),
      BE.idb(1, 0, BE.opt(2, 'wan1\0')),
      BE.epb(0, 0n, [5]),
    ]);
    const r = openBuf(buf);
    const seen = [...r.frames()].map((f) => [f.section, f.interfaceId, f.interfaceName, f.interfaceDescription]);
    const want = [
      [1, 0, 'eth0', 'uplink to LNS'],
      // Wireshark names an interface by its description when it has no name
      [1, 1, 'only a description', 'only a description'],
      [1, 2, undefined, undefined],
      [1, 0, 'eth0', 'uplink to LNS'],
      [2, 0, 'wan1', undefined],
    ];
    assert.deepEqual(seen, want);
    // The compact index gives every frame's facts back.
    const cap = Capture.open(openBuf(buf), new Engine());
    assert.deepEqual(
      Array.from({ length: cap.count }, (_, i) => cap.meta(i)).map((m) => [m.section, m.interfaceId, m.interfaceName, m.interfaceDescription]),
      want,
    );
  });

  test('two interfaces: link types and if_tsresol 9 vs 6, exact beyond 2^53', () => {
    const ns = 1700000000123456789n; // > 2^53: a double could not hold it
    const buf = Buffer.concat([
      LE.shb(),
      LE.idb(1, 262144, LE.opt(9, [9])),
      LE.idb(113, 65535, LE.opt(9, [6])),
      LE.epb(0, ns, [0xaa]),
      LE.epb(1, us(1700000000, 123456), [0xbb, 0xcc]),
      LE.epb(0, 1699999999999999999n, []),
    ]);
    const r = openBuf(buf);
    assert.deepEqual(r.info.linkTypes, [1, 113]);
    assert.equal(r.info.tsResolution, 'other');
    const fr = collect(r);
    assert.deepEqual(
      fr.map((f) => [f.interfaceId, f.linkType, epoch(f)]),
      [
        [0, 1, '1700000000.123456789'],
        [1, 113, '1700000000.123456000'],
        [0, 1, '1699999999.999999999'],
      ],
    );
    const nsOnly = openBuf(Buffer.concat([BE.shb(), BE.idb(1, 0, BE.opt(9, [9])), BE.epb(0, ns, [1])]));
    assert.equal(nsOnly.info.tsResolution, 'ns');
    assert.equal(epoch(collect(nsOnly)[0]!), '1700000000.123456789');
  });

  test('power-of-two if_tsresol and if_tsoffset', () => {
    const ticks = (1234n << 20n) + 524288n; // 1234.5 s at 2^-20
    const odd = (10n << 20n) + 1n; // 1/2^20 s = 953.674... ns, truncated
    const buf = Buffer.concat([
      LE.shb(),
      LE.idb(1, 0, LE.opt(9, [0x80 | 20]), LE.opt(14, LE.u64(1600000000n))),
      LE.epb(0, ticks, [1]),
      LE.epb(0, odd, [2]),
    ]);
    const fr = collect(openBuf(buf));
    assert.deepEqual(fr.map(epoch), ['1600001234.500000000', '1600000010.000000953']);
  });

  test('SPB: interface 0 snaplen limits the captured bytes; originalLength from the block; no timestamp', () => {
    const data = Uint8Array.from({ length: 64 }, (_, k) => k);
    const buf = Buffer.concat([LE.shb(), LE.idb(101, 64), LE.spb(100, data), LE.spb(10, data.subarray(0, 10))]);
    const fr = collect(openBuf(buf));
    assert.deepEqual(fr, [
      { number: 1, tsSec: 0, tsNs: 0, linkType: 101, capturedLength: 64, originalLength: 100, interfaceId: 0, bytes: data },
      { number: 2, tsSec: 0, tsNs: 0, linkType: 101, capturedLength: 10, originalLength: 10, interfaceId: 0, bytes: data.subarray(0, 10) },
    ]);
    // Without an interface an SPB cannot be read.
    const r = openBuf(Buffer.concat([LE.shb(), LE.spb(4, [1, 2, 3, 4])]));
    assert.equal(collect(r).length, 0);
    assert.deepEqual(codes(r.problems), ['capture.bad_interface']);
  });

  test('OPB (obsolete packet block) is read like an EPB', () => {
    const fr = collect(openBuf(Buffer.concat([BE.shb(), BE.idb(1, 0), BE.idb(9, 0), BE.opb(1, us(5, 6), [7, 8, 9])])));
    assert.deepEqual(fr, [{ number: 1, tsSec: 5, tsNs: 6000, linkType: 9, capturedLength: 3, originalLength: 3, interfaceId: 1, bytes: new Uint8Array([7, 8, 9]) }]);
  });

  test('unknown, NRB, ISB, DSB and custom blocks are skipped (a note for the unknown one)', () => {
    const buf = Buffer.concat([
      LE.shb(),
      LE.idb(1, 0),
      LE.block(4, Buffer.from([0, 0, 0, 0])), // NRB (end record only)
      LE.epb(0, 1n, [1]),
      LE.block(0x12345678, Buffer.alloc(20, 0xee)),
      LE.block(5, Buffer.concat([LE.u32(0), LE.u32(0), LE.u32(0)])), // ISB
      LE.block(10, Buffer.alloc(8)), // DSB
      LE.block(0x0bad, Buffer.alloc(4)),
      LE.block(0x12345678, Buffer.alloc(4)),
      LE.epb(0, 2n, [2]),
    ]);
    const r = openBuf(buf);
    assert.deepEqual(collect(r).map((f) => [...f.bytes]), [[1], [2]]);
    assert.deepEqual(codes(r.problems), ['capture.unknown_block']);
    assert.equal(r.problems[0]!.severity, 'note');
  });

  test('opt_comment on an EPB is kept on the frame; other options ignored', () => {
    const buf = Buffer.concat([
      LE.shb(LE.opt(2, 'hw'), LE.opt(1, 'capture comment')),
      LE.idb(1, 0, LE.opt(2, 'eth0')),
      LE.epb(0, 1n, [1, 2, 3], 3, LE.opt(2, LE.u32(1)), LE.opt(1, 'first frame ✓'), LE.opt(1, 'second comment')),
      LE.epb(0, 2n, [4]),
    ]);
    const r = openBuf(buf);
    assert.deepEqual(r.info.comments, ['capture comment']);
    const fr = collect(r);
    assert.deepEqual(fr[0]!.comments, ['first frame ✓', 'second comment']);
    assert.equal(fr[1]!.comments, undefined);
    assert.deepEqual(r.problems, []);
  });

  test('an option running past its block end: warning, frame kept', () => {
    const good = LE.epb(0, 1n, [1, 2, 3, 4], 4, LE.opt(1, 'abcd'));
    const bad = Buffer.from(good);
    bad.writeUInt16LE(200, 28 + 4 + 2); // the comment's length field
    const r = openBuf(Buffer.concat([LE.shb(), LE.idb(1, 0), bad]));
    const fr = collect(r);
    assert.equal(fr.length, 1);
    assert.equal(fr[0]!.comments, undefined);
    assert.deepEqual(codes(r.problems), ['capture.bad_option']);
  });

  test('block lengths: not a multiple of 4, too small, beyond the file, absurd', () => {
    const head = Buffer.concat([LE.shb(), LE.idb(1, 0), LE.epb(0, 1n, [1])]);
    const cases: [Buffer, string, RegExp][] = [
      [LE.block(6, Buffer.alloc(30), 42), 'capture.bad_block_length', /length 42, which is not a multiple of 4/],
      [LE.block(6, Buffer.alloc(0), 8), 'capture.bad_block_length', /too small/],
      [LE.block(6, Buffer.alloc(16)), 'capture.bad_block_length', /length 28, which is too small/],
      [LE.block(0x99, Buffer.alloc(8), 4096), 'capture.truncated', /block needs 4096 bytes, 20 available/],
      [LE.block(6, Buffer.alloc(8), 0x7ffffffc), 'capture.bad_block_length', /absurdly large/],
    ];
    for (const [tail, code, re] of cases) {
      const before = process.memoryUsage().arrayBuffers;
      const r = openBuf(Buffer.concat([head, tail]));
      const fr = collect(r);
      assert.ok(process.memoryUsage().arrayBuffers - before < 64 << 20);
      assert.equal(fr.length, 1, code);
      assert.deepEqual(codes(r.problems), [code]);
      assert.equal(r.problems[0]!.fileOffset, head.length);
      assert.match(r.problems[0]!.message, re);
    }
  });

  test('EPB claiming more captured bytes than it holds', () => {
    const e = LE.epb(0, 1n, [1, 2, 3, 4]);
    e.writeUInt32LE(400, 8 + 12); // caplen
    const r = openBuf(Buffer.concat([LE.shb(), LE.idb(1, 0), e]));
    assert.equal(collect(r).length, 0);
    assert.deepEqual(codes(r.problems), ['capture.bad_record_length']);
  });

  test('section header errors surface from openCapture', () => {
    const badMagic = LE.shb();
    badMagic.writeUInt32LE(0x11223344, 8);
    const r1 = openCapture(bufferSource(badMagic));
    assert.ok('error' in r1 && /byte-order magic/.test(r1.error));
    const r2 = openCapture(bufferSource(LE.shb().subarray(0, 10)));
    assert.ok('error' in r2 && /cut short/.test(r2.error));
    const badLen = LE.shb();
    badLen.writeUInt32LE(30, 4);
    const r3 = openCapture(bufferSource(badLen));
    assert.ok('error' in r3 && /not a multiple of 4/.test(r3.error));
    // A header with no interfaces or packets is a valid, empty capture.
    const empty = openBuf(LE.shb());
    assert.deepEqual(collect(empty), []);
    assert.deepEqual(empty.problems, []);
    assert.equal(empty.info.format, 'pcapng');
  });

  test('reader API: openPcapng returns a PcapngReader whose cursor advances without frame objects', () => {
    const buf = readFileSync(join(VARIANTS, 'scapy_linktype_sll.pcapng'));
    const r = openPcapng(bufferSource(buf));
    assert.ok(r instanceof PcapngReader);
    assert.deepEqual(r.info.linkTypes, [113]);
    const ref = collect(r);
    const c = r.cursor();
    let k = 0;
    while (c.advance()) {
      assert.equal(epoch(c), epoch(ref[k]!));
      assert.deepEqual(c.bytes(), ref[k++]!.bytes);
    }
    assert.equal(k, 6);
  });
});

describe('splitTimestamp', () => {
  test('exact against BigInt for random 64-bit values at many resolutions', () => {
    const unitsList = [1, 10, 1000, 1e6, 1e7, 1e9, 1e10, 1e12, 2 ** 10, 2 ** 20, 2 ** 30, 2 ** 32, 2 ** 40];
    let seed = 12345;
    const rnd = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    const out = { tsSec: 0, tsNs: 0 };
    for (const units of unitsList) {
      const ns = 10 ** 9 / units;
      const nsPerUnit = Number.isInteger(ns) ? ns : 0;
      for (let k = 0; k < 2000; k++) {
        const high = k % 4 === 0 ? rnd() : k % 4 === 1 ? rnd() >>> 11 : k % 4 === 2 ? 0x17979cfe : rnd() >>> 1;
        const low = rnd();
        splitTimestamp(high, low, units, nsPerUnit, out);
        const ts = (BigInt(high) << 32n) | BigInt(low);
        const u = BigInt(units);
        const sec = ts / u;
        if (sec <= BigInt(Number.MAX_SAFE_INTEGER)) assert.equal(BigInt(out.tsSec), sec, `units ${units} ts ${ts}`);
        assert.equal(BigInt(out.tsNs), ((ts % u) * 1000000000n) / u, `units ${units} ts ${ts}`);
      }
    }
  });
});
