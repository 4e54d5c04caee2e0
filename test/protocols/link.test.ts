// Link, network and transport dissectors (eth, vlan, sll, null/loop, raw IP, PPPoE, ARP, IPv4, IPv6, UDP,
// TCP, ICMP/ICMPv6, ESP/ISAKMP/UDP-encap) against tshark's own output: test/fixtures/oracle/link/NAME.tsv,
// made by make.sh there with `tshark -2 -T fields` over every fixture capture.
//
// Where tshark's layers above ours are not ours (l2tp, ppp …), the inner occurrences of our fields depend on
// those modules: there our occurrences must be a prefix of tshark's (equal once they decode as tshark).
// Reviewed deviations are listed in DEVIATIONS with their reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, CaptureState } from '../../server/dissect/engine';
import type { TimeRef } from '../../server/dissect/packet';
import { FieldsBuilder } from '../../server/dissect/builder';
import { fieldByAbbrev } from '../../server/dissect/fields';
import { formatValue } from '../../server/dissect/format';
import { allProblems, findAll, walk } from '../../server/dissect/tree';
import type { DecodedFrame, TreeNode } from '../../server/dissect/tree';
import { readFrames } from '../helpers/frames';
import type { Frame } from '../helpers/frames';
import { useWiresharkNames } from '../../server/io/wiresharkNames';

// As the CLI does: the manuf file (test/run.mjs points WIRESHARK_DATA_DIR at the excerpts), which the MPLS
// pseudowire heuristic consults as tshark does.
useWiresharkNames(true);

const root = join(import.meta.dirname, '..', '..');
const fx = join(root, 'test', 'fixtures');
const oracleDir = join(fx, 'oracle', 'link');

// ---- a small classic-pcap reader (until test/helpers/capture.ts exists) ---------------------------------

/** Frames of a fixture, read with the project's reader. */
export const readPcap = readFrames;

export function capturePath(name: string): string | undefined {
  for (const dir of ['public', 'generated']) {
    const p = join(fx, dir, `${name}.pcap`);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** What a Capture gives a later pass: any frame's time (udp.time_delta's previous frame). The frame.time_* references are not compared here. */
function timesOf(frames: Frame[]): TimeRef {
  return { firstSec: 0, firstNs: 0, prevSec: 0, prevNs: 0, timeOf: (n) => frames[n - 1]!.meta };
}

/** Decodes every frame as a Capture does: an index pass first, then each frame on its own. */
function decodeAll(frames: Frame[], order: 'forward' | 'reverse' = 'forward'): DecodedFrame[] {
  const engine = new Engine();
  const state = new CaptureState();
  state.randomAccess = true;
  for (const f of frames) engine.index(f.meta, f.bytes, state);
  const timeRef = timesOf(frames);
  const out: DecodedFrame[] = new Array(frames.length);
  const idx = frames.map((_, i) => i);
  if (order === 'reverse') idx.reverse();
  for (const i of idx) {
    const f = frames[i]!;
    out[i] = engine.decode(f.meta, f.bytes, state, { firstPass: false, columns: true, timeRef });
  }
  return out;
}

// ---- the oracle comparison ----------------------------------------------------------------------------

const FIELDS = readFileSync(join(oracleDir, 'fields.txt'), 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);

/** frame.protocols names our modules (and the data fallback) produce. */
const OURS = new Set([
  'eth', 'ethertype', 'vlan', 'ieee8021ad', 'sll', 'null', 'raw', 'pppoes', 'pppoed', 'arp', 'ip', 'ipv6',
  'ipv6.hopopts', 'ipv6.routing', 'ipv6.fraghdr', 'ipv6.dstopts', 'udp', 'tcp', 'icmp', 'icmpv6', 'esp', 'isakmp',
  'udpencap', 'loop', 'nflog', 'wlan', 'llc', 'radiotap', 'wlan_radio', 'data',
]);

/** Reviewed deviations: (capture, frame, field) → why we differ from tshark there. */
const DEVIATIONS: { cap: string; frame: number | '*'; field: string; reason: string }[] = [
  { cap: 'scapy_link_misc', frame: 5, field: 'frame.protocols', reason: 'no TCP stream analysis/reassembly: the TCP payload is shown as data (tshark keeps it as "TCP segment data")' },
  { cap: 'scapy_link_misc', frame: 10, field: 'frame.protocols', reason: 'no LLC/STP dissectors: the 802.3 payload is data' },
  { cap: 'scapy_linktype_null', frame: 7, field: 'frame.protocols', reason: 'no OSI (NLPID) dissector for family 7: data' },
  { cap: 'xdp2__l7_l2tp', frame: '*', field: 'frame.protocols', reason: 'no HTTP dissector: the TCP payload is data (tshark: http, data-text-lines)' },
  ...['fuzz_v3_pw_frame_relay', 'scapy_linktype_frelay'].flatMap((cap) => ['udp.stream', 'udp.time_relative', 'udp.time_delta'].map((field) => ({
    cap, frame: '*' as const, field,
    reason: 'tshark 4.0 keys UDP conversations under Frame Relay otherwise (IPv4 and IPv6 endpoints on one DLCI share a stream; the first frame of a pseudowire\'s inner stream shows no times): we key every UDP conversation by its addresses and ports',
  }))),
  ...['eth.padding', 'eth.trailer', 'eth.fcs', 'eth.fcs.status'].map((field) => ({
    cap: 'fuzz_pppoe_ppp_plain', frame: '*' as const, field,
    reason: 'tshark shows the bytes after a PPPoE session payload nowhere (its EtherType hand-off is not told the PPPoE length); we show them as Ethernet padding or trailer (+ FCS), so that the layers tile the frame',
  })),
];

function deviation(cap: string, frame: number, field: string): boolean {
  return DEVIATIONS.some((d) => d.cap === cap && (d.frame === '*' || d.frame === frame) && d.field === field);
}

/** Our -T fields line for one frame: cells in FIELDS order, and frame.protocols. */
function oursFields(frames: Frame[]): string[][] {
  const engine = new Engine();
  const state = new CaptureState();
  state.randomAccess = true;
  for (const f of frames) engine.index(f.meta, f.bytes, state);
  const timeRef = timesOf(frames);
  const fb = new FieldsBuilder(new Set(FIELDS));
  return frames.map((f) => {
    const pinfo = engine.fields(f.meta, f.bytes, state, fb, { firstPass: false, timeRef });
    const per = new Map<string, string[]>();
    for (const h of fb.hits) {
      const list = per.get(h.field.abbrev) ?? [];
      list.push(formatValue(h.field, h.value, h.bytes));
      per.set(h.field.abbrev, list);
    }
    return FIELDS.map((name) => {
      if (name === 'frame.number') return String(f.meta.number);
      if (name === 'frame.protocols') return pinfo.protocols.filter((x, k) => !(k === 0 && x === 'frame')).join(':');
      return (per.get(name) ?? []).join(',');
    });
  });
}

function compare(cap: string, want: string[][], got: string[][]): string[] {
  const diffs: string[] = [];
  const pi = FIELDS.indexOf('frame.protocols');
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const w = want[i];
    const g = got[i];
    if (!w || !g) { diffs.push(`frame ${i + 1}: missing (${w ? 'ours' : 'tshark'})`); continue; }
    const tProtos = (w[pi] ?? '').split(':');
    const firstForeign = tProtos.findIndex((p) => !OURS.has(p));
    // Our fields after a foreign layer come from the foreign module's hand-off: compare as a prefix then.
    const lastOurs = tProtos.reduce((acc, p, j) => (OURS.has(p) && p !== 'data' ? j : acc), -1);
    const prefixMode = firstForeign >= 0 && firstForeign < lastOurs;
    for (let j = 0; j < FIELDS.length; j++) {
      const field = FIELDS[j]!;
      const tw = w[j] ?? '';
      const og = g[j] ?? '';
      if (field === 'frame.protocols') {
        const oProtos = og.split(':');
        const n = firstForeign < 0 ? tProtos.length : firstForeign;
        const ok = firstForeign < 0 ? og === tw : oProtos.slice(0, n).join(':') === tProtos.slice(0, n).join(':');
        if (!ok && !deviation(cap, i + 1, field)) diffs.push(`frame ${i + 1} ${field}: tshark=${tw} ours=${og}`);
        continue;
      }
      if (tw === og) continue;
      if (prefixMode) {
        const a = tw === '' ? [] : tw.split(',');
        const b = og === '' ? [] : og.split(',');
        if (b.length <= a.length && b.every((x, k) => x === a[k])) continue;
      }
      if (deviation(cap, i + 1, field)) continue;
      diffs.push(`frame ${i + 1} ${field}: tshark=${JSON.stringify(tw)} ours=${JSON.stringify(og)}`);
    }
  }
  return diffs;
}

const oracleFiles = readdirSync(oracleDir).filter((n) => n.endsWith('.tsv')).sort();

for (const file of oracleFiles) {
  const name = file.replace(/\.tsv$/, '');
  const path = capturePath(name);
  if (!path) continue;
  test(`tshark oracle (link layers): ${name}`, () => {
    const frames = readPcap(path);
    const want = readFileSync(join(oracleDir, file), 'utf8').split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
    const got = oursFields(frames);
    assert.equal(got.length, want.length, 'frame count');
    const diffs = compare(name, want, got);
    assert.ok(diffs.length === 0, `${diffs.length} cells differ from tshark:\n${diffs.slice(0, 40).join('\n')}`);
  });
}

// ---- the tree agrees with the fields sink -------------------------------------------------------------

/** Fields tshark hides (or that we add only to the fields sink): not in the tree. */
const HIDDEN = new Set(['eth.addr', 'ip.addr', 'ip.version' /* hidden in IPv6 headers */, 'ipv6.addr', 'udp.port', 'tcp.port', 'udp.payload', 'tcp.payload', 'frame.number', 'frame.protocols']);

test('tree values equal the fields sink for every oracle field', () => {
  const wanted = FIELDS.filter((f) => !HIDDEN.has(f));
  for (const name of ['scapy_link_misc', 'scapy_l2tp_over_ipv6', 'scapy_ipv4_fragments_l2tp', 'scapy_ipv6_fragments_l2tp', 'scapy_l2tp_vlan_qinq', 'scapy_ipsec_esp_ike', 'scapy_linktype_sll2']) {
    const frames = readPcap(capturePath(name)!);
    const got = oursFields(frames);
    const trees = decodeAll(frames);
    trees.forEach((d, i) => {
      for (const field of wanted) {
        const def = fieldByAbbrev(field);
        if (!def) continue;
        const src = (n: TreeNode) => d.sources[n.source ?? 0]!.bytes;
        const fromTree = findAll(d.layers, field).map((n) => formatValue(def, n.value, n.value === undefined ? src(n).subarray(n.offset, n.offset + n.length) : undefined)).join(',');
        assert.equal(fromTree, got[i]![FIELDS.indexOf(field)], `${name} frame ${i + 1} ${field}`);
      }
    });
  }
});

// ---- reassembly is order-independent ------------------------------------------------------------------

function strip(d: DecodedFrame): unknown {
  return JSON.parse(JSON.stringify({ layers: d.layers, protocols: d.protocols, summary: d.summary, sources: d.sources.map((s) => ({ name: s.name, bytes: Array.from(s.bytes) })) }));
}

for (const name of ['scapy_ipv4_fragments_l2tp', 'scapy_ipv6_fragments_l2tp']) {
  test(`reassembly: ${name} decodes identically forward and in reverse`, () => {
    const frames = readPcap(capturePath(name)!);
    const fwd = decodeAll(frames, 'forward');
    const rev = decodeAll(frames, 'reverse');
    for (let i = 0; i < frames.length; i++) assert.deepEqual(strip(rev[i]!), strip(fwd[i]!), `frame ${i + 1}`);
  });
}

test('reassembly: IPv4 datagram shows on the completing frame as a new data source', () => {
  const frames = readPcap(capturePath('scapy_ipv4_fragments_l2tp')!);
  const d = decodeAll(frames);
  // Frames 1-3 are fragments of a datagram completed by frame 4.
  for (const i of [0, 1, 2]) {
    const f = d[i]!;
    assert.deepEqual(findAll(f.layers, 'ip.reassembled_in').map((n) => n.value), [4]);
    assert.equal(f.sources.length, 1);
    assert.ok(f.protocols.includes('data'));
    assert.match(f.summary.info, /^Fragmented IP protocol \(proto=UDP 17, off=\d+, ID=0a01\) \[Reassembled in #4\]$/);
  }
  const done = d[3]!;
  assert.equal(done.sources.length, 2);
  assert.equal(done.sources[1]!.name, 'Reassembled IPv4');
  assert.equal(done.sources[1]!.bytes.length, 214);
  assert.deepEqual(findAll(done.layers, 'ip.fragment').map((n) => n.value), [1, 2, 3, 4]);
  const udpNode = findAll(done.layers, 'udp')[0]!;
  assert.equal(udpNode.source, 1);
  assert.equal(udpNode.offset, 0);
  assert.ok(done.protocols.includes('udp'));
  // The L2TP layer (another module) is reached through the reassembled source.
  const above = done.layers.filter((n) => n.source === 1 && n.abbrev !== 'udp');
  assert.ok(above.length >= 1);
  // Tail-first pair: frame 11 (offset 16, last) then frame 12 (offset 0) completes it.
  assert.deepEqual(findAll(d[10]!.layers, 'ip.reassembled_in').map((n) => n.value), [12]);
  assert.deepEqual(findAll(d[11]!.layers, 'ip.fragment').map((n) => n.value), [12, 11]);
  // Datagram 0x0a03 never completes: no "reassembled in", payload as data.
  assert.deepEqual(findAll(d[8]!.layers, 'ip.reassembled_in'), []);
  assert.equal(d[8]!.summary.info, 'Fragmented IP protocol (proto=UDP 17, off=0, ID=0a03)');
});

test('reassembly: IPv6 fragments (reversed arrival) and a late duplicate that starts a new datagram', () => {
  const d = decodeAll(readPcap(capturePath('scapy_ipv6_fragments_l2tp')!));
  assert.equal(d[2]!.sources[1]!.name, 'Reassembled IPv6');
  assert.deepEqual(findAll(d[2]!.layers, 'ipv6.fragment').map((n) => n.value), [1, 2, 3]);
  assert.deepEqual(findAll(d[5]!.layers, 'ipv6.fragment').map((n) => n.value), [6, 5, 4]);
  assert.deepEqual(findAll(d[3]!.layers, 'ipv6.reassembled.in').map((n) => n.value), [6]);
  assert.deepEqual(findAll(d[6]!.layers, 'ipv6.reassembled.in'), []);
  assert.ok(d[2]!.protocols.join(':').startsWith('frame:eth:ethertype:ipv6:ipv6.fraghdr:udp'));
});

test('reassembly can be turned off (prefs.reassembleIp): fragments stay data, the first one is dissected', () => {
  const frames = readPcap(capturePath('scapy_ipv4_fragments_l2tp')!);
  const engine = new Engine({ reassembleIp: false });
  const state = new CaptureState();
  for (const f of frames) engine.index(f.meta, f.bytes, state);
  const first = engine.decode(frames[0]!.meta, frames[0]!.bytes, state);
  const last = engine.decode(frames[3]!.meta, frames[3]!.bytes, state);
  assert.equal(first.sources.length, 1);
  assert.ok(first.protocols.includes('udp'), 'the first fragment is handed to UDP (flagged as fragmented)');
  assert.deepEqual(allProblems(first.layers).filter((p) => p.abbrev === 'udp.length.bad'), [], 'no bad-length complaint on a first fragment');
  assert.deepEqual(last.protocols.slice(-2), ['ip', 'data']);
});

// ---- single frames: columns, experts, labels ----------------------------------------------------------

function decodeOne(name: string, n: number): DecodedFrame {
  const frames = readPcap(capturePath(name)!);
  const f = frames[n - 1]!;
  return new Engine().decode(f.meta, f.bytes, new CaptureState(), { firstPass: true, columns: true });
}

function problems(d: DecodedFrame): string[] {
  return allProblems(d.layers).map((p) => p.abbrev);
}

test('Ethernet: padding, trailer, FCS heuristic and unknown ethertype', () => {
  // jnetpcap frame 40: 58 bytes of frame → 2 bytes of zero padding to 60, as a top-level node.
  const d = decodeOne('jnetpcap-legacy__test-l2tp', 40);
  const pad = d.layers.find((n) => n.abbrev === 'eth.padding');
  assert.ok(pad, 'padding is a top-level node');
  assert.equal(pad.length, 2);
  assert.equal(findAll(d.layers, 'eth')[0]!.length, 14);
  // Unknown ethertype: data, Protocol column is the hex type, Info the name.
  const u = decodeOne('scapy_link_misc', 11);
  assert.equal(u.summary.protocol, '0x88b5');
  assert.equal(u.summary.info, 'Local Experimental Ethertype 1');
  // 802.3 length field: the LLC payload is data.
  const l = decodeOne('scapy_link_misc', 10);
  assert.deepEqual(findAll(l.layers, 'eth.len').map((n) => n.value), [38]);
  assert.deepEqual(l.protocols, ['frame', 'eth', 'data']);
  // A frame too short for the header: an eth node over what was captured, and _ws.short.
  const s = decodeOne('tcpdump__l2tp-avp-overflow', 7);
  assert.deepEqual(s.protocols, ['frame', 'eth']);
  assert.ok(problems(s).includes('_ws.short'));
  assert.equal(findAll(s.layers, 'eth')[0]!.length, 8);
});

test("Ethernet: tshark's FCS heuristic on link type 1; never an FCS through the dissector named 'eth'", () => {
  const frames = readPcap(capturePath('scapy_link_misc')!);
  const tops = (d: DecodedFrame) => d.layers.filter((n) => n.abbrev?.startsWith('eth.')).map((n) => `${n.abbrev}:${n.length}`);
  const one = (n: number, startAt?: string) => {
    const f = frames[n - 1]!;
    return new Engine().decode(startAt ? { ...f.meta, startAt } : f.meta, f.bytes, new CaptureState());
  };
  assert.deepEqual(tops(one(26)), ['eth.fcs:4']); // 66 bytes, 4 unclaimed: FCS
  assert.deepEqual(findAll(one(26).layers, 'eth.fcs').map((n) => n.value), [0xdeadbeef]);
  assert.deepEqual(tops(one(27)), ['eth.trailer:16']); // non-zero "padding": all trailer, with a note
  assert.ok(problems(one(27)).includes('eth.padding_bad'));
  assert.deepEqual(tops(one(28)), ['eth.trailer:6', 'eth.fcs:4']);
  assert.deepEqual(tops(one(29)), ['eth.padding:16', 'eth.fcs:4']);
  // By name (hex dumps, L2TPv3 Ethernet pseudowires): Wireshark's eth_withoutfcs.
  assert.deepEqual(tops(one(26, 'eth')), ['eth.trailer:4']);
  assert.deepEqual(tops(one(28, 'eth')), ['eth.trailer:10']);
});

test('VLAN: 802.1Q, 802.1ad and 0x9100 tags nest; padding after a short tagged frame is the VLAN\'s', () => {
  const one = decodeOne('scapy_l2tp_vlan_qinq', 1);
  assert.deepEqual(findAll(one.layers, 'vlan.priority').map((n) => n.value), [5]);
  assert.deepEqual(findAll(one.layers, 'vlan.id').map((n) => n.value), [100]);
  const ad = decodeOne('scapy_l2tp_vlan_qinq', 2);
  assert.deepEqual(ad.protocols.slice(0, 7), ['frame', 'eth', 'ethertype', 'ieee8021ad', 'ethertype', 'vlan', 'ethertype']);
  assert.deepEqual(findAll(ad.layers, 'ieee8021ad.id').map((n) => n.value), [200]);
  const qq = decodeOne('scapy_l2tp_vlan_qinq', 3);
  assert.deepEqual(findAll(qq.layers, 'vlan.id').map((n) => n.value), [10, 20]);
  const padded = decodeOne('scapy_l2tp_vlan_qinq', 5);
  const tops = padded.layers.map((n) => n.abbrev);
  assert.ok(tops.includes('eth.padding') && tops.includes('vlan.trailer'), tops.join(','));
});

test('Linux cooked captures v1 and v2', () => {
  const v2 = decodeOne('scapy_linktype_sll2', 1);
  assert.deepEqual(findAll(v2.layers, 'sll.ifindex').map((n) => n.value), [3]);
  assert.deepEqual(findAll(v2.layers, 'sll.etype').map((n) => n.value), [0x0800]);
  assert.equal(findAll(v2.layers, 'sll')[0]!.length, 20);
  const ppp = decodeOne('scapy_linktype_sll2', 4);
  assert.deepEqual(findAll(ppp.layers, 'sll.hatype').map((n) => n.value), [512]);
  assert.deepEqual(findAll(ppp.layers, 'sll.unused').map((n) => n.length), [8]);
  const v1 = decodeOne('scapy_linktype_sll', 1);
  assert.deepEqual(findAll(v1.layers, 'sll.pkttype').map((n) => n.value), [4]);
});

test('BSD null: the family is read in either byte order; LOOP is network order', () => {
  const d = readPcap(capturePath('scapy_linktype_null')!).map((f) => new Engine().decode(f.meta, f.bytes, new CaptureState()));
  assert.deepEqual(d.map((x) => findAll(x.layers, 'null.family').map((n) => n.value)[0]), [2, 2, 24, 28, 30, 30, 7]);
  assert.deepEqual(d.map((x) => x.protocols[2]), ['ip', 'ip', 'ipv6', 'ipv6', 'ipv6', 'ipv6', 'data']);
  const loop = readPcap(capturePath('scapy_linktype_loop')!).map((f) => new Engine().decode(f.meta, f.bytes, new CaptureState()));
  assert.deepEqual(loop.map((x) => x.protocols.slice(0, 3).join(':')), ['frame:null:ip', 'frame:null:ipv6']);
});

test('raw IP: link types 101/12/14 by version nibble under "raw", 228/229 straight to IP', () => {
  const frames = readPcap(capturePath('scapy_linktype_raw')!);
  const engine = new Engine();
  const got = frames.map((f) => engine.decode(f.meta, f.bytes, new CaptureState()).protocols.slice(1, 3).join(':'));
  assert.deepEqual(got, ['raw:ip', 'raw:ipv6', 'raw:ip', 'raw:ipv6', 'raw:data']);
  for (const lt of [12, 14]) {
    const f = frames[1]!;
    assert.deepEqual(engine.decode({ ...f.meta, linkType: lt }, f.bytes, new CaptureState()).protocols.slice(1, 3), ['raw', 'ipv6']);
  }
  const v4 = readPcap(capturePath('scapy_linktype_ipv4')!)[0]!;
  assert.deepEqual(engine.decode(v4.meta, v4.bytes, new CaptureState()).protocols.slice(1, 3), ['ip', 'udp']);
  const v6 = readPcap(capturePath('scapy_linktype_ipv6')!)[0]!;
  assert.deepEqual(engine.decode(v6.meta, v6.bytes, new CaptureState()).protocols.slice(1, 3), ['ipv6', 'udp']);
  // 'rawip' by name: the version dispatch alone (no "raw" pseudo-layer).
  const named = engine.decode({ ...v6.meta, startAt: 'rawip' }, v6.bytes, new CaptureState());
  assert.deepEqual(named.protocols.slice(1, 3), ['ipv6', 'udp']);
});

test('PPPoE session hands PPP to the dissector named "ppp"; discovery shows tags', () => {
  const s = decodeOne('packetnet__l2tp', 1);
  assert.deepEqual(findAll(s.layers, 'pppoe.session_id').map((n) => n.value), [0x3b1a]);
  assert.deepEqual(findAll(s.layers, 'pppoe.payload_length').map((n) => n.value), [54]);
  assert.equal(s.protocols[3], 'pppoes');
  const padi = decodeOne('scapy_link_misc', 6);
  assert.equal(padi.summary.info, 'Active Discovery Initiation (PADI)');
  const pado = decodeOne('scapy_link_misc', 7);
  assert.deepEqual(findAll(pado.layers, 'pppoed.tags.ac_name').map((n) => n.value), ['lns']);
  assert.equal(pado.summary.info, "Active Discovery Offer (PADO) AC-Name='lns'");
});

test('ARP: columns as tshark', () => {
  assert.equal(decodeOne('scapy_link_misc', 1).summary.info, 'Who has 192.0.2.2? Tell 192.0.2.1');
  assert.equal(decodeOne('scapy_link_misc', 2).summary.info, '192.0.2.2 is at 02:00:00:00:00:02');
  const short = decodeOne('scapy_link_misc', 25);
  assert.ok(problems(short).includes('_ws.malformed') || problems(short).includes('_ws.short'));
});

test('IPv4: header problems as tshark reports them', () => {
  const bogusHdr = decodeOne('scapy_link_misc', 12);
  assert.ok(problems(bogusHdr).includes('ip.bogus_header_length'));
  assert.equal(bogusHdr.summary.info, 'Bogus IP header length (16, must be at least 20)');
  const bogusLen = decodeOne('scapy_link_misc', 13);
  assert.ok(problems(bogusLen).includes('ip.bogus_ip_length'));
  assert.equal(bogusLen.summary.info, 'Bogus IP length (12, less than header length 20)');
  const tooLong = decodeOne('scapy_link_misc', 14);
  const p = allProblems(tooLong.layers).find((x) => x.abbrev === 'ip.bogus_ip_length');
  assert.equal(p?.message, 'IPv4 total length exceeds packet length (48 bytes)');
  const ttl = decodeOne('scapy_link_misc', 5);
  assert.equal(allProblems(ttl.layers).find((x) => x.abbrev === 'ip.ttl.too_small')?.message, '"Time To Live" only 3');
  // Cut by the snap length inside the header: the fields that were captured, then _ws.short.
  const cut = decodeOne('scapy_link_misc', 19);
  assert.deepEqual(findAll(cut.layers, 'ip.src').map((n) => n.value), ['192.0.2.1']);
  assert.deepEqual(findAll(cut.layers, 'ip.dst'), []);
  assert.ok(problems(cut).includes('_ws.short'));
  // Options.
  const opt = decodeOne('scapy_link_misc', 8);
  assert.deepEqual(findAll(opt.layers, 'ip.opt.type').map((n) => n.value), [7, 1, 0]);
  assert.deepEqual(findAll(opt.layers, 'ip.hdr_len').map((n) => n.value), [36]);
});

test('IPv4 label and columns: the innermost IP wins (IP in IP), ICMP errors leave them alone', () => {
  const ipip = decodeOne('scapy_link_misc', 9);
  assert.equal(ipip.summary.src, '192.0.2.1');
  assert.deepEqual(findAll(ipip.layers, 'ip.src').map((n) => n.value), ['198.51.100.1', '192.0.2.1']);
  assert.equal(findAll(ipip.layers, 'ip')[0]!.text, 'Internet Protocol Version 4, Src: 198.51.100.1, Dst: 198.51.100.2');
  const err = decodeOne('scapy_link_misc', 4);
  assert.equal(err.summary.src, '192.0.2.2');
  assert.equal(err.summary.info, 'Destination unreachable (Port unreachable)');
  assert.deepEqual(err.protocols, ['frame', 'eth', 'ethertype', 'ip', 'icmp', 'ip', 'udp']);
  // Quoted datagram: no "total length exceeds" complaint (tshark's in_error_pkt).
  assert.ok(!problems(err).includes('ip.bogus_ip_length'));
});

test('UDP: length problems and the low-port-first hand-off', () => {
  const small = decodeOne('scapy_link_misc', 15);
  assert.equal(allProblems(small.layers).find((x) => x.abbrev === 'udp.length.bad')?.message, 'Bad length value 5 < 8');
  assert.equal(small.summary.info, '1701 → 1701 [BAD UDP LENGTH 5 < 8]');
  const big = decodeOne('tcpdump__l2tp-avp-overflow', 6);
  assert.equal(allProblems(big.layers).find((x) => x.abbrev === 'udp.length.bad')?.message, 'Bad length value 17712 > IP payload length');
  assert.match(big.summary.info, /^0 → 2048 \[BAD UDP LENGTH 17712 > IP PAYLOAD LENGTH\] Len=17704/);
  const big2 = decodeOne('scapy_l2tpv2_malformed', 22);
  assert.ok(problems(big2).includes('udp.length.bad'));
  // UDP length shorter than the IP payload: the rest is a top-level node of its own (layers tile).
  const shortLen = decodeOne('scapy_link_misc', 16);
  assert.ok(shortLen.layers.some((n) => n.text?.startsWith('Bytes beyond the UDP Length')));
  const zero = decodeOne('scapy_link_misc', 17);
  assert.deepEqual(findAll(zero.layers, 'udp.checksum.status').map((n) => n.value), [3]);
  // Ports 1701 → 5000: 1701 is the low port and L2TP's.
  assert.equal(decodeOne('scapy_link_misc', 20).protocols.at(-1) !== 'data', true);
  // Decode-as through the registry: udp.port 5000 → data.
  const frames = readPcap(capturePath('scapy_link_misc')!);
  const f = frames[19]!;
  const e = new Engine({ decodeAs: new Map([['udp.port', new Map([[1701, 'data']])]]) });
  assert.deepEqual(e.decode(f.meta, f.bytes, new CaptureState()).protocols.slice(-2), ['udp', 'data']);
});

test('TCP: relative sequence numbers (as tshark\'s Info shows them), flags and options in Info', () => {
  const syn = decodeOne('scapy_link_misc', 22);
  assert.equal(syn.summary.info, '1701 → 40002 [SYN, ACK] Seq=0 Ack=1 Win=8192 Len=0 MSS=1400 SACK_PERM TSval=1 TSecr=2 WS=4');
  assert.deepEqual(findAll(syn.layers, 'tcp.hdr_len').map((n) => n.value), [40]);
  assert.deepEqual(findAll(syn.layers, 'tcp.flags.str').map((n) => n.value), ['·······A··S·']);
  const v6 = decodeOne('scapy_l2tp_over_ipv6', 7);
  assert.equal(v6.summary.info, '40000 → 1701 [SYN] Seq=0 Win=8192 Len=0 MSS=1460 WS=128');
});

test('ICMP and ICMPv6: checksums verified, echo fields, quoted datagrams', () => {
  const echo = decodeOne('scapy_link_misc', 3);
  assert.equal(echo.summary.info, 'Echo (ping) request  id=0x4242, seq=1/256, ttl=64');
  assert.deepEqual(findAll(echo.layers, 'icmp.checksum.status').map((n) => n.value), [1]);
  const v6 = decodeOne('scapy_l2tp_over_ipv6', 5);
  assert.equal(v6.summary.info, 'Echo (ping) request id=0x1234, seq=7, hop limit=64');
  assert.deepEqual(findAll(v6.layers, 'icmpv6.checksum.status').map((n) => n.value), [1]);
  const err6 = decodeOne('scapy_link_misc', 24);
  assert.deepEqual(err6.protocols, ['frame', 'eth', 'ethertype', 'ipv6', 'icmpv6', 'ipv6', 'udp']);
  assert.equal(err6.summary.info, 'Destination Unreachable (Port unreachable)');
});

test('IPsec: ESP says why no L2TP is shown; IKE on 500 and 4500; NAT-keepalive', () => {
  const esp = decodeOne('scapy_ipsec_esp_ike', 6);
  assert.equal(esp.summary.info, 'ESP (SPI=0xc0ffee01)');
  const note = allProblems(esp.layers).find((p) => p.abbrev === 'esp.encrypted');
  assert.equal(note?.severity, 'note');
  assert.match(findAll(esp.layers, 'esp.encrypted_data')[0]!.text ?? '', /L2TP\/IPsec/);
  assert.equal(decodeOne('scapy_ipsec_esp_ike', 1).summary.info, 'Identity Protection (Main Mode)');
  assert.equal(decodeOne('scapy_ipsec_esp_ike', 2).summary.info, 'IKE_SA_INIT MID=00 Initiator Request');
  const natt = decodeOne('scapy_ipsec_esp_ike', 3);
  assert.deepEqual(natt.protocols.slice(-2), ['udpencap', 'isakmp']);
  assert.equal(decodeOne('scapy_ipsec_esp_ike', 4).summary.info, 'NAT-keepalive');
  assert.deepEqual(decodeOne('scapy_ipsec_esp_ike', 5).protocols.slice(-2), ['udpencap', 'esp']);
  assert.ok(problems(decodeOne('scapy_ipsec_esp_ike', 8)).some((p) => p === '_ws.malformed' || p === '_ws.short'));
});

test('IPv6: extension headers, RFC 5952 text, IPv6 in IPv4', () => {
  const hop = decodeOne('scapy_l2tp_over_ipv6', 9);
  assert.deepEqual(hop.protocols.slice(3, 6), ['ipv6', 'ipv6.hopopts', 'ipv6.dstopts']);
  assert.deepEqual(findAll(hop.layers, 'ipv6.opt.router_alert').map((n) => n.value), [0]);
  const rt = decodeOne('scapy_l2tp_over_ipv6', 4);
  assert.ok(problems(rt).includes('ipv6.routing.deprecated'));
  assert.deepEqual(findAll(rt.layers, 'ipv6.routing.src.addr').map((n) => n.value), ['2001:db8::99']);
  const mapped = decodeOne('scapy_l2tp_over_ipv6', 8);
  assert.deepEqual(findAll(mapped.layers, 'ipv6.src').map((n) => n.value), ['::ffff:192.0.2.1']);
  assert.deepEqual(findAll(mapped.layers, 'ipv6.dst').map((n) => n.value), ['2001:db8::']);
  const six4 = decodeOne('scapy_l2tp_over_ipv6', 6);
  assert.deepEqual(six4.protocols.slice(3, 6), ['ip', 'ipv6', 'udp']);
  assert.equal(six4.summary.src, '2001:db8::1');
  const tc = decodeOne('scapy_l2tp_over_ipv6', 7);
  assert.deepEqual(findAll(tc.layers, 'ipv6.tclass').map((n) => n.value), [0xb8]);
  assert.deepEqual(findAll(tc.layers, 'ipv6.flow').map((n) => n.value), [0x12345]);
  assert.equal(findAll(tc.layers, 'ipv6')[0]!.length, 40);
});

test('every node of our layers lies inside its parent (same data source)', () => {
  for (const name of ['scapy_link_misc', 'scapy_l2tp_over_ipv6', 'scapy_l2tp_vlan_qinq', 'scapy_ipsec_esp_ike']) {
    for (const d of decodeAll(readPcap(capturePath(name)!))) {
      walk(d.layers, (n, _depth, parent) => {
        if (!parent || n.generated || (n.source ?? 0) !== (parent.source ?? 0)) return;
        assert.ok(n.offset >= parent.offset && n.offset + n.length <= parent.offset + parent.length,
          `${name} #${d.number}: ${n.abbrev ?? n.text} [${n.offset}+${n.length}] outside ${parent.abbrev ?? parent.text} [${parent.offset}+${parent.length}]`);
      });
    }
  }
});
