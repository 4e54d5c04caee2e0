// Hostile input: every L2TP message of every fixture, truncated at every length (cut by the snap length,
// and lying about its length) and with seeded random byte flips, decodes without a dissector exception
// (the engine would turn one into _ws.dissector_bug), without reading outside the frame, and in bounded time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureState } from '../../server/dissect/packet';
import { FieldsBuilder } from '../../server/dissect/builder';
import { allProblems, walk } from '../../server/dissect/tree';
import type { DecodedFrame } from '../../server/dissect/tree';
import { FX, l2tpPayload, loadCapture, makeEngine, metaFor } from './l2tp-helpers';

const captures = ['public', 'generated'].flatMap((d) => readdirSync(join(FX, d)).filter((n) => n.endsWith('.pcap')).map((n) => `${d}/${n}`));
const messages: { bytes: Uint8Array; startAt: string }[] = [];
for (const rel of captures) {
  const cap = loadCapture(rel);
  for (const s of cap.slices) {
    const p = s && l2tpPayload(s);
    if (p && p.bytes.length > 0) messages.push({ bytes: p.bytes.slice(), startAt: p.startAt });
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function check(f: DecodedFrame, what: string): void {
  const bug = allProblems(f.layers).find((p) => p.abbrev === '_ws.dissector_bug');
  assert.equal(bug, undefined, `${what}: ${bug?.message}`);
  walk(f.layers, (n) => {
    const src = f.sources[n.source ?? 0];
    assert.ok(src && n.offset >= 0 && n.offset + n.length <= src.bytes.length, `${what}: node ${n.abbrev ?? n.text} outside its data source`);
  });
}

const secrets = ['holdout-hidden-secret', 'l2tp-shared-secret-ok'];

test(`hostile: ${messages.length} messages truncated at every length`, () => {
  assert.ok(messages.length > 150);
  const engine = makeEngine({ secrets });
  const state = new CaptureState();
  const fb = new FieldsBuilder(new Set(['l2tp.avp.type', 'l2tp.avp.message_type', 'l2tp.tunnel']));
  const t0 = Date.now();
  let n = 0;
  for (const m of messages) {
    for (let len = 0; len <= m.bytes.length; len++) {
      const b = m.bytes.slice(0, len);
      for (const orig of [m.bytes.length, len]) {
        const meta = metaFor(++n, b, m.startAt, orig);
        engine.index(meta, b, state);
        check(engine.decode(meta, b, state), `${m.startAt} len ${len}/${orig}`);
        engine.fields(meta, b, state, fb, { firstPass: false });
        assert.equal(fb.problems.find((p) => p.abbrev === '_ws.dissector_bug'), undefined);
      }
    }
  }
  assert.ok(n > 20_000, `${n} decodes`);
  assert.ok(Date.now() - t0 < 60_000, 'bounded time');
});

test('hostile: seeded random byte flips (index, tree and fields passes)', () => {
  const rnd = mulberry32(0x12702);
  const engine = makeEngine({ secrets, l2tpv3PwType: 5 });
  const state = new CaptureState();
  let n = 0;
  const t0 = Date.now();
  for (let round = 0; round < 12; round++) {
    for (const m of messages) {
      const b = m.bytes.slice();
      const flips = 1 + Math.floor(rnd() * 4);
      for (let k = 0; k < flips; k++) {
        const i = Math.floor(rnd() * b.length);
        // favour the header and AVP header octets, where lengths and flags live
        b[i] = rnd() < 0.5 ? Math.floor(rnd() * 256) : (b[i]! ^ (1 << Math.floor(rnd() * 8)));
      }
      const meta = metaFor(++n, b, m.startAt);
      engine.index(meta, b, state);
      check(engine.decode(meta, b, state), `round ${round}`);
    }
  }
  assert.ok(Date.now() - t0 < 60_000, 'bounded time');
});

test('hostile: AVP lengths 0..1023 at every position do not loop', () => {
  const engine = makeEngine();
  const state = new CaptureState();
  const base = Uint8Array.from([0xc8, 0x02, 0x00, 0x30, 0, 1, 0, 0, 0, 0, 0, 0, 0x80, 0x08, 0, 0, 0, 0, 0, 1, 0x80, 0x00, 0, 0, 0, 7, 0x61, 0x62, 0x63, 0x64, 0x80, 0x0a, 0, 0, 0, 9, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  let n = 0;
  for (let pos = 12; pos + 1 < base.length; pos++) {
    for (let len = 0; len < 1024; len += 3) {
      const b = base.slice();
      b[pos] = (b[pos]! & 0xfc) | (len >> 8);
      b[pos + 1] = len & 0xff;
      check(engine.decode(metaFor(++n, b, 'l2tp'), b, state), `pos ${pos} len ${len}`);
    }
  }
});
