// Classic pcap reader, format sniffing and Node file sources: checked against tshark's JSON, pcap-parser and hand-built files.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { openCapture, sniffFormat } from '../../server/dissect/capture/detect';
import { openPcap, PcapReader } from '../../server/dissect/capture/pcap';
import type { ByteSource, CaptureProblem, CaptureReader } from '../../server/dissect/capture/types';
import { asEditcapWrites, epoch, openBuf } from '../helpers/frames';
import { bufferSource, fileSource, openCaptureFile } from '../../server/io/fileSource';

const FIX = fileURLToPath(new URL('../fixtures/', import.meta.url));
const VARIANTS = join(FIX, 'variants');

interface Kept {
  direction?: number;
  number: number;
  tsSec: number;
  tsNs: number;
  linkType: number;
  capturedLength: number;
  originalLength: number;
  fileOffset: number;
  dataOffset: number;
  bytes: Uint8Array;
}

/** Frames with their bytes copied (the reader's views are only valid until the next frame). */
function collect(reader: CaptureReader): Kept[] {
  const out: Kept[] = [];
  for (const f of reader.frames()) {
    const { number, tsSec, tsNs, linkType, capturedLength, originalLength, fileOffset, dataOffset, direction } = f;
    out.push({ number, tsSec, tsNs, linkType, capturedLength, originalLength, fileOffset, dataOffset, ...(direction !== undefined ? { direction } : {}), bytes: f.bytes.slice() });
  }
  return out;
}

function open(path: string): { reader: CaptureReader; frames: Kept[] } {
  const o = openCaptureFile(path);
  if ('error' in o) assert.fail(o.error);
  const frames = collect(o.reader);
  o.source.close();
  return { reader: o.reader, frames };
}


interface TsharkFrame {
  'frame.time_epoch': string;
  'frame.len': string;
  'frame.cap_len': string;
}
function tshark(base: string): TsharkFrame[] {
  const j = JSON.parse(readFileSync(`${base}.tshark.json`, 'utf8')) as { _source: { layers: { frame: TsharkFrame } } }[];
  return j.map((p) => p._source.layers.frame);
}

const fixtures: { name: string; path: string; base: string }[] = [];
for (const dir of ['public', 'generated']) {
  for (const f of readdirSync(join(FIX, dir)).sort()) {
    if (f.endsWith('.pcap')) fixtures.push({ name: f.slice(0, -5), path: join(FIX, dir, f), base: join(FIX, dir, f.slice(0, -5)) });
  }
}

const isClassic = (p: string): boolean => sniffFormat(readFileSync(p).subarray(0, 4)) === 'pcap';

describe('every fixture matches tshark', () => {
  assert.ok(fixtures.length >= 16, 'fixtures found');
  for (const fx of fixtures) {
    test(fx.name, () => {
      const { reader, frames } = open(fx.path);
      const exp = tshark(fx.base);
      assert.equal(frames.length, exp.length, 'frame count');
      frames.forEach((f, k) => {
        const e = exp[k]!;
        assert.equal(f.number, k + 1);
        assert.equal(epoch(f), e['frame.time_epoch'], `frame ${k + 1} time`);
        assert.equal(f.originalLength, Number(e['frame.len']), `frame ${k + 1} len`);
        assert.equal(f.capturedLength, Number(e['frame.cap_len']), `frame ${k + 1} cap_len`);
        assert.equal(f.bytes.length, f.capturedLength);
      });
      if (fx.name.startsWith('truncated_')) return;
      assert.deepEqual(reader.problems, [], 'no problems on a well-formed file');
    });
  }
});

test('truncated_file_cut_mid_record: 54 frames, then capture.truncated like tshark', () => {
  const path = join(FIX, 'generated', 'truncated_file_cut_mid_record.pcap');
  const { reader, frames } = open(path);
  assert.equal(frames.length, 54);
  assert.equal(reader.problems.length, 1);
  const p = reader.problems[0]!;
  assert.equal(p.code, 'capture.truncated');
  assert.equal(p.severity, 'error');
  assert.equal(p.frame, 55);
  const last = frames[53]!;
  assert.equal(p.fileOffset, last.dataOffset + last.capturedLength, 'points at the cut record');
  const size = readFileSync(path).length;
  assert.match(p.message, /appears to have been cut short in the middle of a packet/);
  assert.match(p.message, new RegExp(`frame 55, at file offset ${p.fileOffset}: record needs \\d+ bytes, ${size - p.fileOffset} available`));
  const stderr = readFileSync(join(FIX, 'generated', 'truncated_file_cut_mid_record.tshark.stderr.txt'), 'utf8');
  assert.match(stderr, /appears to have been cut short in the middle of a packet/);
});

describe('variants are frame-for-frame identical to the original', () => {
  for (const fx of fixtures) {
    // no variants (make-expected.sh): a cut file, and a big-endian NFLOG one, whose TLV headers editcap rewrites
    if (fx.name.startsWith('truncated_') || fx.name === 'synthetic_linktype_nflog_be') continue;
    test(`${fx.name}.nsec.pcap`, () => {
      const orig = open(fx.path);
      const ns = open(join(VARIANTS, `${fx.name}.nsec.pcap`));
      assert.equal(ns.reader.info.format, 'pcap');
      assert.equal(ns.reader.info.tsResolution, 'ns');
      assert.deepEqual(
        ns.frames.map(({ fileOffset, dataOffset, ...rest }) => rest),
        orig.frames.map(({ fileOffset, dataOffset, linkType, ...rest }) => ({ ...rest, linkType: asEditcapWrites(linkType) })),
      );
    });
  }
  test('xl2tpd_a_tunnel_session_hello.pcap.gz is unwrapped transparently', () => {
    const o = openCaptureFile(join(VARIANTS, 'xl2tpd_a_tunnel_session_hello.pcap.gz'));
    if ('error' in o) assert.fail(o.error);
    assert.equal(o.gunzipped, true);
    const gz = collect(o.reader);
    assert.equal(gz.length, 23);
    assert.deepEqual(gz, open(join(FIX, 'generated', 'xl2tpd_a_tunnel_session_hello.pcap')).frames);
    // Random access works on the in-memory source too.
    assert.deepEqual(o.reader.readAt!(gz[7]!), gz[7]!.bytes);
  });
});

interface PpPacket {
  header: { timestampSeconds: number; timestampMicroseconds: number; capturedLength: number; originalLength: number };
  data: Buffer;
}
const pcapParser = createRequire(import.meta.url)('pcap-parser') as {
  parse(path: string): { on(ev: string, fn: (x: never) => void): void };
};
function viaPcapParser(path: string): Promise<PpPacket[]> {
  return new Promise((resolve, reject) => {
    const out: PpPacket[] = [];
    const p = pcapParser.parse(path);
    p.on('packet', (pkt: PpPacket) => out.push({ header: pkt.header, data: Buffer.from(pkt.data) }));
    p.on('error', (e: Error) => reject(e));
    p.on('end', () => resolve(out));
  });
}

describe('differential against pcap-parser (independent implementation)', () => {
  const classic = fixtures.filter((fx) => isClassic(fx.path) && !fx.name.startsWith('truncated_'));
  test('covers the classic fixtures', () => assert.ok(classic.length >= 14));
  for (const fx of classic) {
    test(fx.name, async () => {
      const theirs = await viaPcapParser(fx.path);
      const ours = open(fx.path).frames;
      assert.equal(ours.length, theirs.length);
      ours.forEach((f, k) => {
        const t = theirs[k]!;
        assert.equal(f.tsSec, t.header.timestampSeconds);
        assert.equal(f.tsNs, t.header.timestampMicroseconds * 1000);
        // pcap-parser hands over whole records; we take a direction octet off as a pseudo-header (link types 204–207)
        const pseudo = f.direction !== undefined ? 1 : 0;
        if (pseudo) assert.equal(f.direction, t.data[0] === 0 ? 1 : 0);
        assert.equal(f.capturedLength, t.header.capturedLength - pseudo);
        assert.equal(f.originalLength, t.header.originalLength - pseudo);
        assert.deepEqual(Buffer.from(f.bytes), t.data.subarray(pseudo));
      });
    });
  }
});

// ---- hand-built files -------------------------------------------------------------------------------------

interface Rec {
  sec: number;
  frac: number;
  data: number[] | Uint8Array;
  caplen?: number;
  origlen?: number;
}
function pcapFile(opts: { le?: boolean; ns?: boolean; snap?: number; link?: number }, recs: Rec[]): Buffer {
  const le = opts.le ?? true;
  const parts: Buffer[] = [];
  const h = Buffer.alloc(24);
  const magic = opts.ns ? 0xa1b23c4d : 0xa1b2c3d4;
  const w32 = (b: Buffer, v: number, o: number): void => void (le ? b.writeUInt32LE(v >>> 0, o) : b.writeUInt32BE(v >>> 0, o));
  const w16 = (b: Buffer, v: number, o: number): void => void (le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o));
  w32(h, magic, 0);
  w16(h, 2, 4);
  w16(h, 4, 6);
  w32(h, opts.snap ?? 65535, 16);
  w32(h, opts.link ?? 1, 20);
  parts.push(h);
  for (const r of recs) {
    const rh = Buffer.alloc(16);
    w32(rh, r.sec, 0);
    w32(rh, r.frac, 4);
    w32(rh, r.caplen ?? r.data.length, 8);
    w32(rh, r.origlen ?? r.data.length, 12);
    parts.push(rh, Buffer.from(r.data));
  }
  return Buffer.concat(parts);
}

/** A source that hides its size (like a stream) and hands out at most `step` bytes per read. */
function dribble(buf: Uint8Array, step: number, hideSize = true): ByteSource {
  const inner = bufferSource(buf);
  return {
    size: hideSize ? undefined : buf.length,
    read: (pos, len, into, off) => inner.read(pos, Math.min(len, step), into, off),
  };
}

const codes = (ps: CaptureProblem[]): string[] => ps.map((p) => p.code);

describe('hand-built pcap files', () => {
  test('big-endian microsecond pcap', () => {
    const buf = pcapFile({ le: false, link: 9 }, [
      { sec: 0x5f000001, frac: 999999, data: [1, 2, 3, 4, 5] },
      { sec: 0x5f000002, frac: 0, data: [9], origlen: 1500 },
    ]);
    assert.equal(sniffFormat(buf), 'pcap');
    const r = openBuf(buf);
    assert.equal(r.info.format, 'pcap');
    assert.deepEqual(r.info.linkTypes, [9]);
    assert.equal(r.info.tsResolution, 'us');
    const fr = collect(r);
    assert.equal(fr.length, 2);
    assert.deepEqual(fr[0], { number: 1, tsSec: 0x5f000001, tsNs: 999999000, linkType: 9, capturedLength: 5, originalLength: 5, fileOffset: 24, dataOffset: 40, bytes: new Uint8Array([1, 2, 3, 4, 5]) });
    assert.deepEqual(fr[1], { number: 2, tsSec: 0x5f000002, tsNs: 0, linkType: 9, capturedLength: 1, originalLength: 1500, fileOffset: 45, dataOffset: 61, bytes: new Uint8Array([9]) });
    assert.deepEqual(r.problems, []);
  });

  for (const le of [true, false]) {
    test(`nanosecond magic (${le ? 'little' : 'big'}-endian) keeps all nine digits`, () => {
      const r = openBuf(pcapFile({ le, ns: true }, [{ sec: 4000000000, frac: 999999999, data: [0xaa] }, { sec: 1, frac: 1, data: [] }]));
      assert.equal(r.info.tsResolution, 'ns');
      assert.deepEqual(collect(r).map(epoch), ['4000000000.999999999', '1.000000001']);
    });
  }

  test('link type field: FCS bits above the link type are masked off', () => {
    const r = openBuf(pcapFile({ link: 0x14000001 }, [{ sec: 1, frac: 0, data: [0] }]));
    assert.deepEqual(r.info.linkTypes, [1]);
    assert.equal(collect(r)[0]!.linkType, 1);
  });

  test('a µs field of 10^6 or more carries into the seconds', () => {
    const r = openBuf(pcapFile({}, [{ sec: 10, frac: 2500000, data: [0] }]));
    assert.equal(epoch(collect(r)[0]!), '12.500000000');
  });

  for (const sized of [true, false]) {
    test(`caplen 0x7fffffff: bad_record_length at once, nothing allocated (${sized ? 'sized' : 'unsized'} source)`, () => {
      for (const snap of [65535, 0xffffffff]) {
        const buf = pcapFile({ snap }, [
          { sec: 1, frac: 0, data: [1, 2, 3] },
          { sec: 2, frac: 0, data: [4, 5, 6, 7], caplen: 0x7fffffff, origlen: 0x7fffffff },
        ]);
        const before = process.memoryUsage().arrayBuffers;
        const t0 = performance.now();
        const r = openCapture(sized ? bufferSource(buf) : dribble(buf, 1 << 20));
        if ('error' in r) assert.fail(r.error);
        const fr = collect(r);
        const ms = performance.now() - t0;
        assert.ok(ms < 500, `took ${ms} ms`);
        assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024, 'no huge buffer');
        assert.equal(fr.length, 1);
        assert.deepEqual(codes(r.problems), ['capture.bad_record_length']);
        assert.equal(r.problems[0]!.frame, 2);
        assert.equal(r.problems[0]!.fileOffset, 24 + 16 + 3);
      }
    });
  }

  test('caplen > origlen: kept with a warning within the snaplen, corrupt beyond it', () => {
    const ok = openBuf(pcapFile({ snap: 100 }, [{ sec: 1, frac: 0, data: [1, 2, 3, 4], origlen: 2 }, { sec: 2, frac: 0, data: [5, 6], origlen: 1 }]));
    const fr = collect(ok);
    assert.equal(fr.length, 2);
    assert.equal(fr[0]!.originalLength, 2);
    assert.deepEqual(codes(ok.problems), ['capture.caplen_exceeds_origlen'], 'reported once');
    const bad = openBuf(pcapFile({ snap: 100 }, [{ sec: 1, frac: 0, data: new Uint8Array(200), origlen: 60 }]));
    assert.equal(collect(bad).length, 0);
    assert.deepEqual(codes(bad.problems), ['capture.bad_record_length']);
  });

  test('a file holding only the header: no frames, no problems', () => {
    const buf = pcapFile({ snap: 1234, link: 113 }, []);
    assert.equal(buf.length, 24);
    const r = openBuf(buf);
    assert.deepEqual(collect(r), []);
    assert.deepEqual(r.problems, []);
    assert.equal(r.info.snapLen, 1234);
    assert.deepEqual(r.info.linkTypes, [113]);
  });

  test('a 10-byte file: an error, never a throw', () => {
    const withMagic = pcapFile({}, []).subarray(0, 10);
    const r1 = openCapture(bufferSource(withMagic));
    assert.ok('error' in r1);
    assert.match(r1.error, /cut short \(10 of 24 bytes\)/);
    const r2 = openCapture(bufferSource(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 4, 5])));
    assert.ok('error' in r2);
    assert.match(r2.error, /not a capture file.*de ad be ef/);
    const r3 = openCapture(bufferSource(new Uint8Array(0)));
    assert.ok('error' in r3);
  });

  test('unsupported version is an error', () => {
    const buf = pcapFile({}, []);
    buf.writeUInt16LE(1, 4);
    const r = openCapture(bufferSource(buf));
    assert.ok('error' in r && /version 1\.4/.test(r.error));
  });

  test('cut inside a record header and inside record data', () => {
    const full = pcapFile({}, [{ sec: 1, frac: 0, data: [1, 2, 3, 4, 5, 6, 7, 8] }, { sec: 2, frac: 0, data: [9, 9, 9, 9] }]);
    const second = 24 + 16 + 8;
    const cases = [
      { cut: second + 10, needs: 16, avail: 10 },
      { cut: second + 18, needs: 20, avail: 18 },
    ];
    for (const c of cases) {
      for (const src of [bufferSource(full.subarray(0, c.cut)), dribble(full.subarray(0, c.cut), 3)]) {
        const r = openCapture(src);
        if ('error' in r) assert.fail(r.error);
        assert.equal(collect(r).length, 1);
        assert.deepEqual(codes(r.problems), ['capture.truncated']);
        assert.match(r.problems[0]!.message, new RegExp(`frame 2, at file offset ${second}: record( header)? needs ${c.needs} bytes, ${c.avail} available`));
      }
    }
  });

  test('tiny chunks, short reads and records bigger than the chunk give identical frames', () => {
    const recs: Rec[] = [];
    for (let k = 0; k < 300; k++) {
      const n = k === 150 ? 20000 : (k * 37) % 1500;
      recs.push({ sec: 1000 + k, frac: k * 3, data: Uint8Array.from({ length: n }, (_, j) => (j * 7 + k) & 255) });
    }
    const buf = pcapFile({ snap: 65535 }, recs);
    const ref = collect(openBuf(buf));
    assert.equal(ref.length, 300);
    assert.equal(ref[150]!.bytes.length, 20000);
    assert.deepEqual(collect(openBuf(buf, { chunkSize: 4096 })), ref);
    const r = openCapture(dribble(buf, 777), { chunkSize: 5000 });
    if ('error' in r) assert.fail(r.error);
    assert.deepEqual(collect(r), ref);
    assert.deepEqual(r.problems, []);
  });

  test('views are valid until the next frame; readAt gives stable copies; a second walk repeats the first', () => {
    const fx = join(FIX, 'generated', 'xl2tpd_d_retransmissions.pcap');
    const src = fileSource(fx);
    const r = openPcap(src, { chunkSize: 4096 });
    assert.ok(r instanceof PcapReader);
    const first = collect(r);
    const again = collect(r);
    assert.deepEqual(again, first);
    for (const f of [first[0]!, first[7]!, first[first.length - 1]!]) assert.deepEqual(r.readAt(f), f.bytes);
    const raw = readFileSync(fx);
    for (const f of first) assert.deepEqual(f.bytes, new Uint8Array(raw.subarray(f.dataOffset, f.dataOffset + f.capturedLength)));
    src.close();
  });

  test('cursor.advance() walks without frame objects and agrees with frames()', () => {
    const r = openPcap(bufferSource(readFileSync(join(FIX, 'public', 'jnetpcap-legacy__test-l2tp.pcap'))));
    assert.ok(r instanceof PcapReader);
    const ref = collect(r);
    const c = r.cursor();
    let k = 0;
    while (c.advance()) {
      const f = ref[k++]!;
      assert.equal(c.number, f.number);
      assert.equal(epoch(c), epoch(f));
      assert.deepEqual(c.buf.subarray(c.start, c.start + c.capturedLength), f.bytes);
      assert.deepEqual(c.bytes(), f.bytes);
    }
    assert.equal(k, ref.length);
  });
});

describe('sniffFormat', () => {
  test('recognises every magic and text', () => {
    const b = (...x: number[]): Uint8Array => new Uint8Array(x);
    assert.equal(sniffFormat(b(0xa1, 0xb2, 0xc3, 0xd4)), 'pcap');
    assert.equal(sniffFormat(b(0xd4, 0xc3, 0xb2, 0xa1)), 'pcap');
    assert.equal(sniffFormat(b(0xa1, 0xb2, 0x3c, 0x4d)), 'pcap');
    assert.equal(sniffFormat(b(0x4d, 0x3c, 0xb2, 0xa1)), 'pcap');
    assert.equal(sniffFormat(b(0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0)), 'pcapng');
    assert.equal(sniffFormat(b(0x1f, 0x8b, 0x08, 0x00)), 'gzip');
    assert.equal(sniffFormat(new TextEncoder().encode('0000  45 00 00 54 12 34\n0010  aa bb\n')), 'text');
    assert.equal(sniffFormat(b(0xef, 0xbb, 0xbf, 0x30, 0x30)), 'text');
    assert.equal(sniffFormat(b(0x00, 0x01, 0x02, 0x03)), 'unknown');
    assert.equal(sniffFormat(b()), 'unknown');
    assert.equal(sniffFormat(b(0xa1, 0xb2)), 'unknown');
  });
});

// ---- Node sources ------------------------------------------------------------------------------------------

describe('openCaptureFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'l2tp-lens-pcap-'));
  test.after(() => rmSync(dir, { recursive: true, force: true }));

  test('errors are one line naming the file and the reason', () => {
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.pcap'), /missing\.pcap: no such file or directory \(ENOENT\)$/],
      [dir, /: is a directory, not a capture file \(EISDIR\)$/],
    ];
    const empty = join(dir, 'empty.pcap');
    writeFileSync(empty, '');
    cases.push([empty, /empty\.pcap: the file is empty$/]);
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    cases.push([junk, /junk\.bin: not a capture file in a known format \(first bytes: 00 01 02/]);
    const text = join(dir, 'dump.txt');
    writeFileSync(text, '0000  45 00 00 1c\n');
    cases.push([text, /dump\.txt: this looks like text/]);
    const badgz = join(dir, 'bad.pcap.gz');
    writeFileSync(badgz, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    cases.push([badgz, /bad\.pcap\.gz: /]);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked.pcap');
      writeFileSync(locked, pcapFile({}, []), { mode: 0o000 });
      cases.push([locked, /locked\.pcap: permission denied \(EACCES\)$/]);
    }
    for (const [path, re] of cases) {
      const o = openCaptureFile(path);
      assert.ok('error' in o, path);
      assert.match(o.error, re);
      assert.ok(!o.error.includes('\n'));
    }
  });

  test('the text hook is used when given', () => {
    const text = join(dir, 'hook.txt');
    writeFileSync(text, '0000  45 00\n');
    const o = openCaptureFile(text, { openText: () => ({ error: 'hook called' }) });
    assert.ok('error' in o && o.error.endsWith('hook called'));
  });

  test('a truncated .gz yields what it holds and reports the cut', () => {
    const gz = readFileSync(join(VARIANTS, 'xl2tpd_a_tunnel_session_hello.pcap.gz'));
    const path = join(dir, 'cut.pcap.gz');
    writeFileSync(path, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const o = openCaptureFile(path);
    if ('error' in o) assert.fail(o.error);
    const n = collect(o.reader).length;
    assert.ok(n > 0 && n < 23, `${n} frames`);
    assert.deepEqual(codes(o.reader.problems), ['capture.truncated']);
  });

  test("'-' reads stdin (plain and gzip)", () => {
    const mod = fileURLToPath(new URL('../../server/io/fileSource.ts', import.meta.url));
    const script =
      `const { openCaptureFile } = require(${JSON.stringify(mod)});` +
      `const o = openCaptureFile('-'); if ('error' in o) { console.log(o.error); process.exit(1); }` +
      `let n = 0; for (const f of o.reader.frames()) n++; console.log(o.reader.info.format + ' ' + n + ' ' + o.gunzipped);`;
    for (const [file, want] of [
      [join(FIX, 'generated', 'xl2tpd_b1_challenge_ok.pcap'), 'pcap 21 false'],
      [join(VARIANTS, 'xl2tpd_a_tunnel_session_hello.pcap.gz'), 'pcap 23 true'],
      [join(VARIANTS, 'xdp2__l2tp.pcapng'), 'pcapng 38 false'],
    ] as const) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { input: readFileSync(file), encoding: 'utf8' });
      assert.equal(r.stdout.trim(), want, r.stderr);
    }
  });

  test('streaming: a ~50 MB capture is read with RSS growth far below its size', () => {
    const tmpl = open(join(FIX, 'generated', 'scapy_l2tpv2_ppp_negotiation.pcap')).frames;
    const path = join(dir, 'big.pcap');
    const fd = openSync(path, 'w');
    writeSync(fd, pcapFile({}, []));
    const chunk = Buffer.alloc(1 << 20);
    let len = 0;
    let written = 24;
    let count = 0;
    while (written < 50 * 1024 * 1024) {
      const f = tmpl[count % tmpl.length]!;
      if (len + 16 + f.bytes.length > chunk.length) {
        writeSync(fd, chunk, 0, len);
        written += len;
        len = 0;
      }
      chunk.writeUInt32LE(1700000000 + Math.floor(count / 1000), len);
      chunk.writeUInt32LE((count % 1000) * 1000, len + 4);
      chunk.writeUInt32LE(f.bytes.length, len + 8);
      chunk.writeUInt32LE(f.bytes.length, len + 12);
      chunk.set(f.bytes, len + 16);
      len += 16 + f.bytes.length;
      count++;
    }
    writeSync(fd, chunk, 0, len);
    closeSync(fd);

    const rss0 = process.memoryUsage().rss;
    const src = fileSource(path);
    const r = openCapture(src);
    if ('error' in r) assert.fail(r.error);
    let n = 0;
    let bytes = 0;
    let lastSec = 0;
    let peak = rss0;
    for (const f of r.frames()) {
      n++;
      bytes += f.bytes.length;
      assert.ok(f.tsSec >= lastSec);
      lastSec = f.tsSec;
      if ((n & 0xffff) === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    src.close();
    peak = Math.max(peak, process.memoryUsage().rss);
    assert.equal(n, count);
    assert.deepEqual(r.problems, []);
    assert.equal(bytes + 16 * count + 24, src.size);
    const growth = peak - rss0;
    assert.ok(growth < 30 * 1024 * 1024, `RSS grew ${(growth / 1048576).toFixed(1)} MB reading ${(src.size! / 1048576).toFixed(0)} MB`);
  });
});
