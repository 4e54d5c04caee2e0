// The compact index: every value it is given comes back exactly, across chunk boundaries and for the
// rare values too wide for their narrow columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureIndex } from '../../server/dissect/capture/captureIndex';
import type { FrameMeta } from '../../server/dissect/capture/types';
import type { L2tpInfo } from '../../server/dissect/packet';

function meta(i: number): FrameMeta {
  const m: FrameMeta = {
    number: i + 1, tsSec: 1_700_000_000 + i, tsNs: (i * 7919) % 1e9, linkType: i % 3 === 0 ? 1 : 113,
    capturedLength: 60 + (i % 1500), originalLength: 60 + (i % 1500) + (i % 7), fileOffset: 24 + i * 1600, dataOffset: 24 + i * 1600 + 16,
  };
  if (i % 5 === 0) m.interfaceId = i % 4;
  return m;
}

function l2(i: number): L2tpInfo | undefined {
  if (i % 4 === 3) return undefined;
  const control = i % 2 === 0;
  return { version: i % 10 === 0 ? 3 : 2, control, tunnel: (i * 31) >>> 0, session: i % 10 === 0 ? 0xdeadbeef : i & 0xffff, ns: control ? i & 0xffff : -1, nr: control ? (i + 1) & 0xffff : -1, msgType: control ? (i % 7 === 0 ? -1 : 1 + (i % 16)) : -2, offset: 42 };
}

test('values round-trip exactly over several chunks (> 65 536 frames)', () => {
  const idx = new CaptureIndex();
  const n = 140_000;
  for (let i = 0; i < n; i++) idx.push(meta(i), l2(i), i % 3 === 0 ? 0xc021 : i % 3 === 1 ? 0x0021 : -1);
  assert.equal(idx.count, n);
  for (const i of [0, 1, 2, 3, 65_535, 65_536, 65_537, 131_071, 131_072, n - 1]) {
    assert.deepEqual(idx.meta(i), meta(i), `meta ${i}`);
    assert.deepEqual(idx.l2tp(i), l2(i), `l2tp ${i}`);
    assert.equal(idx.pppProtocol(i), i % 3 === 0 ? 0xc021 : i % 3 === 1 ? 0x0021 : -1);
  }
});

test('wide values, hex-dump frames and out-of-range indexes', () => {
  const idx = new CaptureIndex();
  const odd: FrameMeta = { number: 1, tsSec: 0, tsNs: 0, linkType: 70000, capturedLength: 10, originalLength: 10, fileOffset: 5e12, dataOffset: 5e12 + 4096, interfaceId: 40000, comments: ['c'] };
  const text: FrameMeta = { number: 2, tsSec: 0, tsNs: 0, linkType: 101, capturedLength: 20, originalLength: 20, fileOffset: -1, dataOffset: -1, startAt: 'l2tp' };
  idx.push(odd, { version: 2, control: true, tunnel: 1, session: 2, ns: 0, nr: 0, msgType: 1, offset: 100_000 });
  idx.push(text, { version: 2, control: false, tunnel: 1, session: 2, ns: -1, nr: -1, msgType: -2, offset: -1 });
  assert.deepEqual(idx.meta(0), odd);
  assert.deepEqual(idx.meta(1), text);
  assert.equal(idx.l2tp(0)?.offset, 100_000);
  assert.equal(idx.l2tp(1)?.offset, -1);
  assert.equal(idx.l2tp(5), undefined);
  assert.equal(idx.meta(-1).capturedLength, 0);
  assert.equal(CaptureIndex.bytesPerFrame(), 31);
});

test('values outside the narrow columns come back exactly', () => {
  const idx = new CaptureIndex();
  const frames: FrameMeta[] = [
    // an ordinary first frame sets the chunk's file-offset base
    { number: 1, tsSec: 10, tsNs: 0, linkType: 1, capturedLength: 60, originalLength: 60, fileOffset: 1_000_000, dataOffset: 1_000_016 },
    // before the base, and more than 4 GiB after it
    { number: 2, tsSec: 10, tsNs: 1, linkType: 1, capturedLength: 60, originalLength: 60, fileOffset: 24, dataOffset: 40 },
    { number: 3, tsSec: 10, tsNs: 2, linkType: 1, capturedLength: 60, originalLength: 60, fileOffset: 1_000_000 + 2 ** 33, dataOffset: 1_000_016 + 2 ** 33 },
    // seconds past 2106 (pcapng's 64-bit timestamps) and before 1970
    { number: 4, tsSec: 2 ** 33 + 5, tsNs: 999_999_999, linkType: 1, capturedLength: 60, originalLength: 60, fileOffset: 1_000_200, dataOffset: 1_000_216 },
    { number: 5, tsSec: -3, tsNs: 0, linkType: 1, capturedLength: 60, originalLength: 60, fileOffset: 1_000_300, dataOffset: 1_000_316 },
    // captured length above the original one (tolerated writers' bug), and a cut far below it
    { number: 6, tsSec: 11, tsNs: 0, linkType: 1, capturedLength: 80, originalLength: 60, fileOffset: 1_000_400, dataOffset: 1_000_416 },
    { number: 7, tsSec: 11, tsNs: 0, linkType: 1, capturedLength: 96, originalLength: 262_144, fileOffset: 1_000_500, dataOffset: 1_000_516 },
    // a captured length beyond 16 bits (the column's high half), then a small one again in the same chunk
    { number: 8, tsSec: 11, tsNs: 0, linkType: 1, capturedLength: 200_000, originalLength: 200_000, fileOffset: 1_000_600, dataOffset: 1_000_616 },
    { number: 9, tsSec: 11, tsNs: 0, linkType: 1, capturedLength: 64, originalLength: 64, fileOffset: 1_200_616, dataOffset: 1_200_632 },
    // link type 204's direction (sent, received) is part of the frame's link key
    { number: 10, tsSec: 11, tsNs: 0, linkType: 204, capturedLength: 64, originalLength: 64, fileOffset: 1_200_700, dataOffset: 1_200_717, direction: 0 },
    { number: 11, tsSec: 11, tsNs: 0, linkType: 204, capturedLength: 64, originalLength: 64, fileOffset: 1_200_800, dataOffset: 1_200_817, direction: 1 },
    { number: 12, tsSec: 11, tsNs: 0, linkType: 204, capturedLength: 0, originalLength: 0, fileOffset: 1_200_900, dataOffset: 1_200_916 },
  ];
  // more (link type, interface) pairs than the one-byte key holds
  for (let j = 0; j < 300; j++) {
    frames.push({ number: frames.length + 1, tsSec: 12, tsNs: j, linkType: 1 + (j % 2), capturedLength: 60, originalLength: 60, fileOffset: 1_001_000 + j * 100, dataOffset: 1_001_028 + j * 100, interfaceId: j });
  }
  for (const f of frames) idx.push(f, undefined);
  frames.forEach((f, i) => assert.deepEqual(idx.meta(i), f, `frame ${i + 1}`));
});
