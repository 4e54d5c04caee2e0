// Hex-dump text reader: every supported shape, produced by the real tools from fixture captures, must give
// back the capture's exact bytes, with spans that point at each byte's own text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allProblems, byteAtPosition, frameAtLine, guessLayer, hexFramesToRawFrames, looksLikeHexDump,
  parseHexDocument, spanOfByte,
} from '../../server/dissect/capture/hexdump';
import type { HexDocument, HexFrame } from '../../server/dissect/capture/hexdump';

const FIX = join(import.meta.dirname, '..', 'fixtures');
const HEX = join(FIX, 'hexdump');
const PN = join(FIX, 'generated', 'scapy_l2tpv2_ppp_negotiation.pcap');
const SLL = join(FIX, 'generated', 'scapy_linktype_sll.pcap');
const REP = join(FIX, 'public', 'xdp2__l2tp.pcap');
const HTTP = join(FIX, 'public', 'xdp2__l7_l2tp.pcap');

interface PcapFrame { bytes: Uint8Array; tsSec: number; tsUs: number }

/** Frames of a classic little-endian microsecond pcap: 24-byte file header, 16-byte record headers. */
function pcapFrames(path: string): PcapFrame[] {
  const d = readFileSync(path);
  assert.equal(d.readUInt32LE(0), 0xa1b2c3d4, `${path} is not a little-endian pcap`);
  const out: PcapFrame[] = [];
  for (let off = 24; off + 16 <= d.length;) {
    const caplen = d.readUInt32LE(off + 8);
    out.push({ bytes: new Uint8Array(d.subarray(off + 16, off + 16 + caplen)), tsSec: d.readUInt32LE(off), tsUs: d.readUInt32LE(off + 4) });
    off += 16 + caplen;
  }
  return out;
}

const cache = new Map<string, PcapFrame[]>();
function frameBytes(path: string, n: number, skip = 0): Uint8Array {
  let frames = cache.get(path);
  if (!frames) cache.set(path, (frames = pcapFrames(path)));
  const f = frames[n - 1];
  assert.ok(f, `${path} has no frame ${n}`);
  return f.bytes.subarray(skip);
}

const read = (name: string): string => readFileSync(join(HEX, name), 'utf8');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const lineArray = (text: string): string[] => text.split(/\r\n|\r|\n/);

const ESCAPES: Record<string, number> = { '\\n': 10, '\\r': 13, '\\t': 9, '\\\\': 92, "\\'": 39, '\\"': 34 };

/**
 * Every byte's span must hold that byte's text: two hex digits (any case), or, where allowed, the literal
 * character / escape of a Python string, or the `*` of a repeat line. byteAtPosition must invert it.
 */
function checkSpans(text: string, f: HexFrame, allow: { literal?: boolean; star?: boolean } = {}): void {
  const lines = lineArray(text);
  assert.equal(f.spans.length, f.bytes.length);
  let prevLine = -1;
  for (let i = 0; i < f.bytes.length; i++) {
    const sp = spanOfByte(f, i);
    assert.ok(sp);
    assert.ok(sp.line >= prevLine, 'spans go in line order');
    prevLine = sp.line;
    assert.ok(sp.line >= f.startLine && sp.line <= f.endLine, `byte ${i} is inside the frame's lines`);
    const got = (lines[sp.line] ?? '').slice(sp.start, sp.end);
    const b = f.bytes[i] ?? -1;
    if (/^[0-9a-f]{2}$/i.test(got)) {
      assert.equal(got.toLowerCase(), b.toString(16).padStart(2, '0'), `byte ${i} at ${sp.line}:${sp.start}`);
      assert.equal(byteAtPosition(f, sp.line, sp.start), i);
      assert.equal(byteAtPosition(f, sp.line, sp.start + 1), i);
    } else if (got === '*') {
      assert.ok(allow.star, `byte ${i} maps to a repeat line`);
    } else if (allow.literal && got.length === 1) {
      assert.equal(got.charCodeAt(0), b, `literal byte ${i}`);
    } else if (allow.literal && got in ESCAPES) {
      assert.equal(ESCAPES[got], b, `escaped byte ${i}`);
    } else {
      assert.fail(`byte ${i} (${b.toString(16)}) maps to '${got}' at ${sp.line}:${sp.start}-${sp.end}`);
    }
  }
}

interface Case {
  file: string;
  pcap: string;
  frames: number[];
  /** Bytes the text leaves out at the front (tcpdump -x / -X start at the IP header). */
  skip?: number;
  startAt: string;
  format: string;
  literal?: boolean;
  star?: boolean;
  /** tcpdump summary times: 'tod' = seconds since midnight, 'epoch' = full time. */
  ts?: 'tod' | 'epoch';
}

const CASES: Case[] = [
  { file: 'frames1-3.tcpdump-xx.txt', pcap: PN, frames: [1, 2, 3], startAt: 'eth', format: 'tcpdump-x', ts: 'tod' },
  { file: 'frames1-3.tcpdump-x.txt', pcap: PN, frames: [1, 2, 3], skip: 14, startAt: 'ip', format: 'tcpdump-x', ts: 'tod' },
  { file: 'frames1-3.tcpdump-X.txt', pcap: PN, frames: [1, 2, 3], skip: 14, startAt: 'ip', format: 'tcpdump-X', ts: 'tod' },
  { file: 'frames1-3.tcpdump-X.crlf.txt', pcap: PN, frames: [1, 2, 3], skip: 14, startAt: 'ip', format: 'tcpdump-X', ts: 'tod' },
  { file: 'frames1-3.tcpdump-XX.txt', pcap: PN, frames: [1, 2, 3], startAt: 'eth', format: 'tcpdump-X', ts: 'tod' },
  { file: 'frames1-3.tcpdump-tttt-xx.txt', pcap: PN, frames: [1, 2, 3], startAt: 'eth', format: 'tcpdump-x', ts: 'epoch' },
  { file: 'frames5-9.tcpdump-XX.txt', pcap: PN, frames: [5, 6, 7, 8, 9], startAt: 'eth', format: 'tcpdump-X', ts: 'tod' },
  { file: 'sll.tcpdump-xx.txt', pcap: SLL, frames: [1, 2, 3, 4, 5, 6], startAt: 'sll', format: 'tcpdump-x', ts: 'tod' },
  { file: 'multi.tshark-x.txt', pcap: PN, frames: [1, 2, 3, 4, 5], startAt: 'eth', format: 'tshark-x' },
  { file: 'multi.tshark-xP.txt', pcap: PN, frames: [1, 2, 3], startAt: 'eth', format: 'tshark-x' },
  { file: 'http.tshark-x.txt', pcap: HTTP, frames: [1, 2, 3, 4], startAt: 'eth', format: 'tshark-x' },
  { file: 'sccrq.xxd.txt', pcap: PN, frames: [1], startAt: 'eth', format: 'xxd' },
  { file: 'sccrq.xxd-g1.txt', pcap: PN, frames: [1], startAt: 'eth', format: 'xxd' },
  { file: 'sccrq.xxd-u-g4.txt', pcap: PN, frames: [1], startAt: 'eth', format: 'xxd' },
  { file: 'frame5.xxd.txt', pcap: PN, frames: [5], startAt: 'eth', format: 'xxd' },
  { file: 'sccrq.xxd-p.txt', pcap: PN, frames: [1], startAt: 'eth', format: 'xxd-plain' },
  { file: 'sccrq-l2tp.xxd-p.txt', pcap: PN, frames: [1], skip: 42, startAt: 'l2tp', format: 'xxd-plain' },
  { file: 'multi.hexstream.txt', pcap: PN, frames: [1, 2, 3, 4, 5], startAt: 'eth', format: 'plain' },
  { file: 'sccrq.xxd-i.h', pcap: PN, frames: [1], startAt: 'eth', format: 'c-array' },
  { file: 'sccrq.hexdump-C.txt', pcap: PN, frames: [1], startAt: 'eth', format: 'hexdump-C' },
  { file: 'repeat.hexdump-C.txt', pcap: REP, frames: [16], startAt: 'eth', format: 'hexdump-C', star: true },
  { file: 'sccrq.hexdump.txt', pcap: PN, frames: [1], startAt: 'eth', format: 'hexdump' },
  { file: 'sccrq.od.txt', pcap: PN, frames: [1], startAt: 'eth', format: 'od' },
  { file: 'sccrq.od-x.txt', pcap: PN, frames: [1], startAt: 'eth', format: 'od-x' },
  { file: 'frame15.hexdump.txt', pcap: PN, frames: [15], startAt: 'eth', format: 'hexdump' },
  { file: 'frame15.od-x.txt', pcap: PN, frames: [15], startAt: 'eth', format: 'od-x' },
  { file: 'frame15.tcpdump-xx.txt', pcap: PN, frames: [15], startAt: 'eth', format: 'tcpdump-x', ts: 'tod' },
  { file: 'repeat.od.txt', pcap: REP, frames: [16], startAt: 'eth', format: 'od', star: true },
  { file: 'repeat.od-v.txt', pcap: REP, frames: [16], startAt: 'eth', format: 'od' },
  { file: 'frames1-3.text2pcap.txt', pcap: PN, frames: [1, 2, 3], startAt: 'eth', format: 'od' },
  { file: 'sccrq.wireshark-copy.txt', pcap: PN, frames: [1], startAt: 'eth', format: 'wireshark-copy' },
  { file: 'sccrq.escaped.txt', pcap: PN, frames: [1], startAt: 'eth', format: 'escaped' },
  { file: 'frames1-2.wireshark-carrays.c', pcap: PN, frames: [1, 2], startAt: 'eth', format: 'c-array' },
  { file: 'frames1-2.python.txt', pcap: PN, frames: [1, 2], startAt: 'eth', format: 'python-bytes', literal: true },
];

for (const c of CASES) {
  void test(`${c.file}: ${c.frames.length} frame(s), exact bytes, startAt ${c.startAt}, spans on the hex`, () => {
    const text = read(c.file);
    const doc = parseHexDocument(text);
    assert.equal(doc.frames.length, c.frames.length);
    assert.deepEqual(doc.problems, []);
    doc.frames.forEach((f, k) => {
      const n = c.frames[k] ?? 0;
      assert.equal(hex(f.bytes), hex(frameBytes(c.pcap, n, c.skip)), `frame ${n}`);
      assert.equal(f.startAt, c.startAt);
      assert.equal(f.startAtSource, 'guess');
      assert.equal(f.format, c.format);
      assert.deepEqual(f.problems.filter((p) => p.severity !== 'note'), []);
      checkSpans(text, f, { literal: c.literal, star: c.star });
      const pf = cache.get(c.pcap)?.[n - 1];
      if (c.ts && pf) {
        assert.equal(f.tsSec, c.ts === 'epoch' ? pf.tsSec : pf.tsSec % 86400);
        assert.equal(f.tsNs, pf.tsUs * 1000);
        assert.ok(f.summary?.includes('IP '));
      }
    });
    for (let k = 1; k < doc.frames.length; k++) {
      assert.ok((doc.frames[k]?.startLine ?? 0) > (doc.frames[k - 1]?.endLine ?? 0), 'frames do not overlap');
    }
  });
}

void test('hexdump -C / od: `*` repeats the previous line up to the next offset, spans on the `*`', () => {
  for (const file of ['repeat.hexdump-C.txt', 'repeat.od.txt']) {
    const text = read(file);
    const f = parseHexDocument(text).frames[0];
    assert.ok(f);
    const starLine = lineArray(text).indexOf('*');
    assert.ok(starLine > 0);
    const starred: number[] = [];
    for (let i = 0; i < f.bytes.length; i++) if (spanOfByte(f, i)?.line === starLine) starred.push(i);
    assert.deepEqual([starred[0], starred.length], [0x70, 0x20], file);
    assert.equal(byteAtPosition(f, starLine, 0), 0x70);
    assert.equal(f.endLine, lineArray(text).length - 2, 'the final length line belongs to the frame');
  }
});

void test('the final length line of hexdump / od ends the frame, and trims the pad of an odd last word', () => {
  const files = ['sccrq.hexdump-C.txt', 'sccrq.hexdump.txt', 'sccrq.od.txt', 'sccrq.od-x.txt', 'frame15.hexdump.txt',
    'frame15.od-x.txt', 'repeat.od-v.txt'];
  for (const file of files) {
    const text = read(file);
    const f = parseHexDocument(text).frames[0];
    assert.ok(f);
    assert.equal(f.endLine, lineArray(text).length - 2, file);
  }
  const wrong = read('sccrq.od.txt').replace(/^000098$/m, '0000a0');
  assert.deepEqual(parseHexDocument(wrong).frames[0]?.problems.map((p) => [p.code, p.line]), [['hexdump.length_mismatch', 10]]);
});

void test('plain hexdump and od -x words are byte-swapped, with a note saying so', () => {
  for (const file of ['sccrq.hexdump.txt', 'sccrq.od-x.txt']) {
    const f = parseHexDocument(read(file)).frames[0];
    assert.ok(f);
    assert.deepEqual(f.problems.map((p) => [p.code, p.severity]), [['hexdump.word_order', 'note']]);
  }
});

void test('an offset restarting at 0 starts a new frame, even without a blank line', () => {
  const xxd = read('sccrq.xxd.txt');
  const doc = parseHexDocument(xxd + xxd + read('frame5.xxd.txt'));
  assert.deepEqual(doc.frames.map((f) => f.bytes.length), [152, 152, 116]);
  assert.equal(hex(doc.frames[2]?.bytes ?? new Uint8Array()), hex(frameBytes(PN, 5)));
  assert.deepEqual(doc.frames.map((f) => f.startLine), [0, 10, 20]);
});

void test('ASCII gutters holding hex-looking words ("1234", "00 OK") are never read as bytes', () => {
  const cases: [string, number][] = [['frame5.xxd.txt', 7], ['frames5-9.tcpdump-XX.txt', 8]];
  for (const [file, lastLine] of cases) {
    const text = read(file);
    const line = lineArray(text)[lastLine] ?? '';
    assert.match(line, /1234$/, `${file} line ${lastLine} ends with the gutter "1234"`);
    const f = parseHexDocument(text).frames[0];
    assert.ok(f);
    assert.equal(hex(f.bytes), hex(frameBytes(PN, 5)));
    assert.equal(byteAtPosition(f, lastLine, line.length - 2), -1, 'nothing maps into the gutter');
  }
  const http = read('http.tshark-x.txt');
  const row = lineArray(http).findIndex((l) => l.endsWith('00 OK..Date: Thu'));
  assert.ok(row > 0);
  const doc = parseHexDocument(http);
  const f = frameAtLine(doc, row);
  assert.ok(f);
  assert.equal(hex(f.bytes), hex(frameBytes(HTTP, 4)));
  assert.equal(byteAtPosition(f, row, (lineArray(http)[row] ?? '').indexOf('00 OK')), -1);
  // The same trap with single-space hand-made text2pcap lines: the offset deltas cut the line.
  const t2p = '0000 31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 cafe\n0010 31 32 cafe\n';
  assert.deepEqual(parseHexDocument(t2p).frames.map((x) => hex(x.bytes)), ['31323334353637383930313233343536' + '3132']);
});

void test('a directive overrides the guess until the next one; time= stamps only the next frame', () => {
  const payload = read('sccrq-l2tp.xxd-p.txt');
  const text = '// l2tp-lens: layer=ppp time=1700000000.5\n' + payload + '\n' + payload +
    '\n# l2tp-lens: layer=auto\n' + payload + '\n# l2tp-lens: layer=raw\n' + read('frames1-3.tcpdump-x.txt');
  const doc = parseHexDocument(text);
  assert.deepEqual(doc.frames.map((f) => `${f.startAt}/${f.startAtSource}`),
    ['ppp/directive', 'ppp/directive', 'l2tp/guess', 'ip/directive', 'ip/directive', 'ip/directive']);
  assert.deepEqual([doc.frames[0]?.tsSec, doc.frames[0]?.tsNs], [1700000000, 500000000]);
  assert.equal(doc.frames[1]?.tsSec, undefined);
  assert.deepEqual(doc.problems, []);
  const bad = parseHexDocument('# l2tp-lens: layer=token-ring colour=red\n' + payload);
  assert.deepEqual(bad.problems.map((p) => [p.code, p.start, p.end]), [['hexdump.directive_value', 19, 29], ['hexdump.directive_key', 30, 40]]);
  assert.equal(bad.frames[0]?.startAt, 'l2tp');
  assert.equal(parseHexDocument(payload, { defaultStartAt: 'ppp' }).frames[0]?.startAt, 'l2tp', 'defaultStartAt is only a fallback');
  assert.equal(parseHexDocument('00000000: 1111 2222 3333 4444', { defaultStartAt: 'ip' }).frames[0]?.startAt, 'ip');
});

void test('Markdown ticket: prose and router log lines with hex are ignored; three dumps decode (LF and CRLF)', () => {
  for (const file of ['ticket.md', 'ticket.crlf.md']) {
    const text = read(file);
    const doc = parseHexDocument(text);
    assert.equal(doc.frames.length, 3, file);
    const [a, b, c] = doc.frames;
    assert.ok(a && b && c);
    assert.equal(hex(a.bytes), hex(frameBytes(PN, 1, 14)));
    assert.equal(`${a.startAt}/${a.format}`, 'ip/tcpdump-X');
    assert.equal(a.tsSec, 80000);
    assert.equal(hex(b.bytes), hex(frameBytes(PN, 2)));
    assert.equal(`${b.startAt}/${b.format}`, 'eth/tshark-x');
    assert.equal(hex(c.bytes), hex(frameBytes(PN, 1, 42)));
    assert.equal(`${c.startAt}/${c.startAtSource}`, 'l2tp/directive');
    assert.deepEqual(allProblems(doc), []);
    for (const f of doc.frames) checkSpans(text, f);
    assert.equal(frameAtLine(doc, 4), undefined, 'the router log line is no frame');
    assert.ok(looksLikeHexDump(text));
  }
});

void test('more shapes, written from frame 3: Python (...) continuation, Go, bare \\x lines, quotes, 0x stream', () => {
  const b = frameBytes(PN, 3);
  const rows = (n: number): Uint8Array[] => Array.from({ length: Math.ceil(b.length / n) }, (_, i) => b.subarray(i * n, i * n + n));
  const esc = (r: Uint8Array): string => Array.from(r, (x) => '\\x' + x.toString(16).padStart(2, '0')).join('');
  const shapes: [string, string][] = [
    ['python-bytes', 'pkt = (' + rows(16).map((r) => `b'${esc(r)}'`).join('\n       ') + ')\nnext = 1\n'],
    ['c-array', 'data := []byte{\n' + rows(8).map((r) => '\t' + Array.from(r, (x) => '0x' + x.toString(16).padStart(2, '0') + ',').join(' ')).join('\n') + '\n}\n'],
    ['escaped', rows(16).map(esc).join('\n') + '\n'],
    ['plain', '0x' + hex(b) + '\n'],
    ['tshark-x', lineArray(read('multi.tshark-x.txt')).slice(21, 25).map((l) => '> ' + l).join('\n')],
  ];
  for (const [format, text] of shapes) {
    const doc = parseHexDocument(text);
    assert.equal(doc.frames.length, 1, format);
    const f = doc.frames[0];
    assert.ok(f);
    assert.equal(`${f.format}:${hex(f.bytes)}`, `${format}:${hex(b)}`);
    assert.deepEqual(allProblems(doc), []);
    checkSpans(text, f);
  }
  // text2pcap: a comment line inside a packet does not end it.
  const t2p = lineArray(read('frames1-3.text2pcap.txt'));
  t2p.splice(5, 0, '# a comment in the middle of frame 1');
  const doc = parseHexDocument(t2p.join('\n'));
  assert.deepEqual(doc.frames.map((f) => hex(f.bytes)), [1, 2, 3].map((n) => hex(frameBytes(PN, n))));
});

void test('a malformed line gets a problem with its span; the rest of the frame still decodes', () => {
  const xxd = lineArray(read('sccrq.xxd.txt'));
  const orig = frameBytes(PN, 1);
  // Odd digit count: "06a5" -> "06a" on line 2 (offset 0x20). The line keeps its first group only.
  const odd = xxd.slice();
  odd[2] = (odd[2] ?? '').replace('7114 06a5', '7114 06a');
  let doc = parseHexDocument(odd.join('\n'));
  assert.equal(doc.frames.length, 1);
  let f = doc.frames[0];
  assert.ok(f);
  assert.deepEqual(f.problems.map((p) => [p.code, p.severity, p.line, p.start, p.end]), [['hexdump.odd_digits', 'error', 2, 15, 18]]);
  assert.equal(hex(f.bytes), hex(orig.subarray(0, 0x22)) + hex(orig.subarray(0x30)));
  // A missing line: the offset jumps.
  const gap = xxd.filter((_, i) => i !== 3);
  doc = parseHexDocument(gap.join('\n'));
  f = doc.frames[0];
  assert.ok(f);
  assert.deepEqual(f.problems.map((p) => [p.code, p.line, p.start, p.end]), [['hexdump.offset_jump', 3, 0, 8]]);
  assert.equal(hex(f.bytes), hex(orig.subarray(0, 0x30)) + hex(orig.subarray(0x40)));
  // An offset going backwards aborts the rest of that dump.
  const back = [xxd[0], xxd[1], xxd[0]?.replace(/^00000000/, '00000008'), xxd[2]].join('\n');
  f = parseHexDocument(back).frames[0];
  assert.ok(f);
  assert.deepEqual(f.problems.map((p) => [p.code, p.line]), [['hexdump.offset_backwards', 2]]);
  assert.equal(hex(f.bytes), hex(orig.subarray(0, 0x20)));
  // Python / C: a bad escape and a bad item are reported where they are.
  const py = parseHexDocument("pkt = b'\\xc8\\x0g\\x02'");
  assert.deepEqual(py.frames[0]?.problems.map((p) => [p.code, p.start, p.end]), [['hexdump.bad_escape', 12, 16]]);
  assert.equal(hex(py.frames[0]?.bytes ?? new Uint8Array()), 'c802');
  const carr = read('frames1-2.wireshark-carrays.c').replace('pkt1[152]', 'pkt1[150]');
  doc = parseHexDocument(carr);
  assert.deepEqual(doc.frames[0]?.problems.map((p) => p.code), ['hexdump.length_mismatch']);
  assert.equal(doc.frames[0]?.bytes.length, 152);
});

void test('empty, blank and prose-only inputs give no frames and never throw', () => {
  for (const t of ['', '\n\n', '   \r\n\t', 'Hello team,\nthe tunnel is down again.\n', '*\n}\n};\n0x\n\\x\nb\'\'\n']) {
    const doc = parseHexDocument(t);
    assert.deepEqual(doc.frames, []);
  }
  assert.equal(looksLikeHexDump(''), false);
  assert.equal(looksLikeHexDump('Nov 14 22:13:20 lac1 l2tpd[812]: sent SCCRQ, hdr c8 02 00 6e 00 00 00 00\n'), false);
  assert.equal(looksLikeHexDump('deadbeef\n'), false);
  assert.equal(looksLikeHexDump(readFileSync(PN, 'latin1')), false, 'a binary capture is not a hex dump');
  for (const c of CASES) assert.ok(looksLikeHexDump(read(c.file)), c.file);
});

void test('hexFramesToRawFrames: numbered from 1, text offsets -1, link type from startAt', () => {
  const doc = parseHexDocument(read('frames1-3.tcpdump-tttt-xx.txt') + read('frames1-3.tcpdump-x.txt'));
  const raw = hexFramesToRawFrames(doc);
  assert.deepEqual(raw.map((r) => [r.number, r.linkType, r.startAt, r.fileOffset, r.dataOffset]), [
    [1, 1, 'eth', -1, -1], [2, 1, 'eth', -1, -1], [3, 1, 'eth', -1, -1],
    [4, 101, 'ip', -1, -1], [5, 101, 'ip', -1, -1], [6, 101, 'ip', -1, -1],
  ]);
  assert.deepEqual([raw[0]?.tsSec, raw[0]?.tsNs, raw[0]?.capturedLength, raw[0]?.originalLength], [1700000000, 10000000, 152, 152]);
  assert.deepEqual(hexFramesToRawFrames(parseHexDocument('c802006e00000000')).map((r) => [r.tsSec, r.tsNs]), [[0, 0]]);
});

void test('byteAtPosition / spanOfByte / frameAtLine outside the bytes', () => {
  const doc = parseHexDocument(read('sccrq.xxd.txt'));
  const f = doc.frames[0];
  assert.ok(f);
  assert.equal(byteAtPosition(f, 0, 0), -1, 'the offset column');
  assert.equal(byteAtPosition(f, 0, 14), -1, 'the space between groups');
  assert.equal(byteAtPosition(f, 0, 12), 1);
  assert.equal(byteAtPosition(f, 99, 10), -1);
  assert.equal(spanOfByte(f, -1), undefined);
  assert.equal(spanOfByte(f, 152), undefined);
  assert.deepEqual(spanOfByte(f, 151), { line: 9, start: 27, end: 29 }); // '00000090: 8008 0000 000a 0008'
  assert.equal(frameAtLine(doc, 9), f);
  assert.equal(frameAtLine(doc, 10), undefined);
});

void test('guessLayer on real frames, cut at each layer', () => {
  const sccrq = frameBytes(PN, 1);
  const data = frameBytes(PN, 9);
  assert.deepEqual(
    [guessLayer(sccrq), guessLayer(sccrq.subarray(14)), guessLayer(sccrq.subarray(34)), guessLayer(sccrq.subarray(42)),
      guessLayer(data.subarray(42)), guessLayer(data.subarray(48)), guessLayer(data.subarray(50)), guessLayer(frameBytes(SLL, 1))],
    ['eth', 'ip', 'udp', 'l2tp', 'l2tp', 'ppp', 'ppp', 'sll']);
  assert.equal(guessLayer(new Uint8Array([0x60, 0, 0, 0])), 'ipv6');
  assert.equal(guessLayer(new Uint8Array([1, 2, 3])), undefined);
});

void test('a 10 000-frame document parses quickly (time printed, not asserted)', () => {
  const three = read('frames1-3.tcpdump-xx.txt');
  const text = three.repeat(3334);
  const t0 = performance.now();
  const doc = parseHexDocument(text);
  const ms = performance.now() - t0;
  console.log(`# hexdump: ${doc.frames.length} frames, ${(text.length / 1e6).toFixed(1)} MB parsed in ${ms.toFixed(0)} ms`);
  assert.equal(doc.frames.length, 10002);
  assert.equal(hex(doc.frames[10001]?.bytes ?? new Uint8Array()), hex(frameBytes(PN, 3)));
});

void test('fuzz: mutated and random text never throws and keeps the frame invariants', () => {
  let seed = 0x2f6b1;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const sources = CASES.map((c) => read(c.file)).concat([read('ticket.md')]);
  const alphabet = '0123456789abcdefABCDEF xX:|*#{}[],;\'"\\b\t\r\n.>/-=()é\u0000';
  const check = (doc: HexDocument, text: string): void => {
    const nLines = lineArray(text).length;
    for (const f of doc.frames) {
      assert.ok(f.bytes.length > 0);
      assert.equal(f.spans.length, f.bytes.length);
      assert.ok(f.startLine <= f.endLine && f.endLine < nLines);
      for (let i = 1; i < f.bytes.length; i++) assert.ok(f.spans.span(i).line >= f.spans.span(i - 1).line);
    }
    for (const p of allProblems(doc)) assert.ok(p.line >= 0 && p.line < nLines && p.start <= p.end);
  };
  for (let iter = 0; iter < 1500; iter++) {
    let text: string;
    if (iter % 5 === 4) {
      text = '';
      const len = rnd(400);
      for (let i = 0; i < len; i++) text += alphabet[rnd(alphabet.length)];
    } else {
      const chars = (sources[rnd(sources.length)] ?? '').split('');
      const edits = 1 + rnd(12);
      for (let e = 0; e < edits && chars.length > 0; e++) {
        const at = rnd(chars.length);
        const op = rnd(3);
        if (op === 0) chars.splice(at, 1 + rnd(20));
        else if (op === 1) chars.splice(at, 0, alphabet[rnd(alphabet.length)] ?? '');
        else chars[at] = alphabet[rnd(alphabet.length)] ?? '';
      }
      text = chars.join('');
    }
    const doc = parseHexDocument(text);
    assert.ok(!doc.problems.some((p) => p.code === 'hexdump.internal'), `internal error on iteration ${iter}`);
    check(doc, text);
    looksLikeHexDump(text);
  }
  // Hostile offsets: a repeat to 4 GiB is capped, not allocated.
  const huge = parseHexDocument('00000000  00 11 22 33 44 55 66 77  88 99 aa bb cc dd ee ff  |................|\n*\nffffffff\n');
  assert.ok((huge.frames[0]?.bytes.length ?? 0) <= 1 << 20);
  assert.ok(allProblems(huge).some((p) => p.code === 'hexdump.repeat_too_long'));
});
