// Property test over every fixture frame: the top-level layers in data source 0 (all but "frame") tile the
// captured bytes [0, capturedLength) in order, without gaps or overlaps; and every node lies inside its
// parent's byte range (generated nodes, which own no bytes, and nodes in another data source excepted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Engine, CaptureState } from '../../server/dissect/engine';
import { walk } from '../../server/dissect/tree';
import type { DecodedFrame, TreeNode } from '../../server/dissect/tree';
import { readdirSync } from 'node:fs';
import { readFrames } from '../helpers/frames';


const fx = join(import.meta.dirname, '..', 'fixtures');
const captures = ['public', 'generated'].flatMap((dir) =>
  readdirSync(join(fx, dir)).filter((n) => n.endsWith('.pcap')).sort().map((n) => join(fx, dir, n)));

function label(n: TreeNode): string {
  return `${n.abbrev ?? JSON.stringify(n.text)} [${n.source ?? 0}:${n.offset}+${n.length}]`;
}

/** Problems with the frame's layout, empty when it tiles. */
function tilingProblems(d: DecodedFrame, capturedLength: number): string[] {
  const out: string[] = [];
  let cursor = 0;
  for (const n of d.layers) {
    if ((n.source ?? 0) !== 0 || n.abbrev === 'frame') continue;
    if (n.offset !== cursor) out.push(`${label(n)} starts at ${n.offset}, expected ${cursor} (${n.offset > cursor ? 'gap' : 'overlap'})`);
    cursor = Math.max(cursor, n.offset + n.length);
  }
  if (cursor !== capturedLength) out.push(`layers end at ${cursor}, captured ${capturedLength}`);
  walk(d.layers, (n, _depth, parent) => {
    const size = d.sources[n.source ?? 0]?.bytes.length ?? -1;
    if (n.offset < 0 || n.length < 0 || n.offset + n.length > size) out.push(`${label(n)} outside its data source (${size} bytes)`);
    if (!parent || n.generated || (n.source ?? 0) !== (parent.source ?? 0)) return;
    if (n.offset < parent.offset || n.offset + n.length > parent.offset + parent.length) out.push(`${label(n)} outside its parent ${label(parent)}`);
  });
  return out;
}

for (const path of captures) {
  test(`layers tile the frame and nest in their parents: ${path.split('/').slice(-2).join('/')}`, () => {
    const frames = readFrames(path);
    const engine = new Engine();
    const state = new CaptureState();
    for (const f of frames) engine.index(f.meta, f.bytes, state);
    const bad: string[] = [];
    for (const f of frames) {
      const d = engine.decode(f.meta, f.bytes, state, { firstPass: false, columns: true });
      for (const p of tilingProblems(d, f.bytes.length)) bad.push(`frame ${f.meta.number}: ${p}`);
    }
    assert.ok(bad.length === 0, `${bad.length} layout problems:\n${bad.slice(0, 30).join('\n')}`);
  });
}

/** A small deterministic PRNG (xorshift32), so that the mutated frames are the same on every run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 0x100000000;
  };
}

test('cut and corrupted frames: no decoder bug, layers still tile', () => {
  const engine = new Engine();
  const rand = rng(0x5eed);
  const bad: string[] = [];
  let decoded = 0;
  for (const path of captures) {
    const frames = readFrames(path);
    for (const f of frames.slice(0, 40)) {
      const variants: Uint8Array[] = [];
      for (let cut = 0; cut < f.bytes.length; cut += 5) variants.push(f.bytes.subarray(0, cut));
      for (let k = 0; k < 8; k++) {
        const b = f.bytes.slice();
        for (let m = 0; m < 3; m++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
        variants.push(b);
      }
      for (const bytes of variants) {
        const meta = { ...f.meta, capturedLength: bytes.length, originalLength: Math.max(f.meta.originalLength, bytes.length) };
        const d = engine.decode(meta, bytes, new CaptureState(), { firstPass: true, columns: true });
        decoded++;
        const where = `${path.split('/').pop()} #${f.meta.number} (${bytes.length} bytes)`;
        if (d.layers.some((n) => n.problems?.some((p) => p.abbrev === '_ws.dissector_bug'))) {
          bad.push(`${where}: ${d.layers[0]?.problems?.find((p) => p.abbrev === '_ws.dissector_bug')?.message}`);
        }
        for (const p of tilingProblems(d, bytes.length)) bad.push(`${where}: ${p}`);
      }
    }
  }
  assert.ok(decoded > 1000);
  assert.ok(bad.length === 0, `${bad.length} problems:\n${bad.slice(0, 30).join('\n')}`);
});

test('frames the mutation test once found gaps or stray nodes in still tile', () => {
  const engine = new Engine();
  const meta = readFrames(join(fx, 'generated', 'scapy_l2tpv2_data_header_bits.pcap'))[0]!.meta;
  const frames: Array<[string, string]> = [
    ['PPPoE payload longer than the IPv4 datagram its PPP carries (bytes after the datagram)',
      '020000000002020000000001886411002240003e0021450000228ef60000408867b2c0000201fd00020206a506a5002d400c08024b4b6b5d00000000ff03c02301050017057739675f330c777874302d7a713778753735'],
    ['LCP Configure-Request with Length 3 in a longer PPPoE payload (bytes after the packet)',
      '0200000000020200000000d388641100f254001cc02101b30003050673c7bc0c110405f91306055d77d908020104ca35000000000000000000000000'],
    ['LCP Echo-Request with Length 1 (its Magic-Number lies past Length)',
      '02005e00001402005e00000a080045590034010040004011c199b200710acb00711406a506a50020fe394002001856780202ff03c021090100011122334462697473'],
    ['IPv4 options ending with an option type whose length octet would lie past the options (tshark: "length byte past end of options")',
      '020000000002020000000001080046000034000100004011eab0c0000201c0000202070304e406a506a5001c966b00025a05c7feff03c0210ab9000a0f869f2c3d5b'],
    ['CHAP Response whose Length ends before its PPP frame does (the rest is shown after the CHAP packet)',
      '0200000000025f000000000108004500005bb67700004011400ac0000201c000020206a506a50044966608020a76afbbd4ab9472c22302690028276b3095cffaa34fe85222cb5aae50f47d926e91fe8f76339fd01ecfcd391227859a520ee95e4d8f306970356470706d367a6c686d783173686f382e'],
    ['IPv6 in IPv4 whose Payload Length ends before the IPv4 datagram does',
      '020000000002020000000001080045000042000180004004264bc6336401c633640262000030000100004011f6b8c0000201c000020206a506a5001c1401c802001412340000000700078008000000000006'],
    ['L2TP data message whose Offset Size points past the end of the IP datagram',
      '02005e00001402005e00000a080045000026160040004011c194cb00710acb00711406a506a50025f47202025678020200055041442121ff03c021090100341122334462697473'],
  ];
  for (const [what, hex] of frames) {
    const bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
    const d = engine.decode({ ...meta, capturedLength: bytes.length, originalLength: bytes.length }, bytes, new CaptureState(), { firstPass: true, columns: true });
    assert.deepEqual(tilingProblems(d, bytes.length), [], what);
  }
});
