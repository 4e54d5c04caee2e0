// L2TPv3: cookies, L2-Specific Sublayer and pseudowire type learnt from the control channel in the first
// pass and recorded per frame; preferences when the control channel is not in the capture; payload
// hand-off by pseudowire type ('l2tp.pw_type', decode-as, built-in names).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureState } from '../../server/dissect/packet';
import type { PacketInfo } from '../../server/dissect/packet';
import type { Builder } from '../../server/dissect/builder';
import type { Tvb } from '../../server/dissect/tvb';
import { Engine } from '../../server/dissect/engine';
import { PROTOCOLS } from '../../server/dissect/protocols/index';
import type { ProtocolModule, Registry } from '../../server/dissect/registry';
import { allProblems, findFirst } from '../../server/dissect/tree';
import { decodeAll, loadCapture, nodeBytes, testIp } from './l2tp-helpers';
import type { Preferences } from '../../server/dissect/prefs';

const CAP = 'generated/scapy_l2tpv3_over_ip_proto115.pcap';

/**
 * A stand-in for the Ethernet dissector, so these tests do not depend on it. It names itself and what it
 * carries ("fake-inner"); as in tshark, a pseudowire's own name stays out of frame.protocols.
 */
const seen: string[] = [];
const fakeEth: ProtocolModule = {
  name: 'fake-eth',
  register(reg: Registry): void {
    reg.register({ name: 'eth', dissect: (tvb: Tvb, pinfo: PacketInfo, _t: Builder) => { pinfo.protocols.push('fake-eth', 'fake-inner'); seen.push(tvb.hex(0, 6)); if (pinfo.columns) pinfo.info = 'inner'; } });
  },
};
const engine = (prefs: Partial<Preferences> = {}): Engine => new Engine(prefs, [...PROTOCOLS, testIp, fakeEth]);

test('cookie sizes, sublayer and pseudowire type come from ICRQ/ICRP (the cookie a peer assigns is the one it receives)', () => {
  seen.length = 0;
  const { decoded } = decodeAll(CAP, {}, engine());
  const f9 = decoded[8]!, f11 = decoded[10]!;
  assert.equal(Buffer.from(nodeBytes(f9, findFirst(f9.layers, 'l2tp.cookie'))!).toString('hex'), '0123456789abcdef');
  assert.equal(Buffer.from(nodeBytes(f11, findFirst(f11.layers, 'l2tp.cookie'))!).toString('hex'), 'c0ffee01');
  assert.equal(findFirst(f9.layers, 'l2tp.avp.pseudowire_type')?.value, 5);
  assert.equal(findFirst(f9.layers, 'l2tp.l2_spec_s')?.value, true);
  assert.equal(findFirst(f9.layers, 'l2tp.l2_spec_sequence')?.value, 1);
  assert.deepEqual(f9.protocols.slice(-2), ['l2tp', 'fake-inner'], 'the pseudowire\'s own name is not listed, what it carries is');
  assert.equal(seen[0], 'ffffffffffff', 'the Ethernet payload starts after cookie and sublayer');
  assert.equal(f9.summary.info, 'D[S:0x00020002]inner');
});

test('random-order decoding after the index pass is identical to in-order decoding', () => {
  const e = engine();
  const { decoded, cap } = decodeAll(CAP, {}, e);
  const state = new CaptureState();
  cap.metas.forEach((m, i) => e.index(m!, cap.slices[i]!, state));
  const order = [10, 8, 16, 0, 9, 5, 3, 12, 1, 15, 7, 2, 14, 4, 11, 6, 13];
  for (const i of order) assert.equal(JSON.stringify(e.decode(cap.metas[i]!, cap.slices[i]!, state).layers), JSON.stringify(decoded[i]!.layers), `frame ${i + 1}`);
});

test('without the control channel: payload as data with a hint; preferences decode it', () => {
  const cap = loadCapture(CAP);
  const dataOnly = [8, 9, 10];
  const run = (prefs: Partial<Preferences>) => {
    const e = engine(prefs);
    const state = new CaptureState();
    for (const i of dataOnly) e.index(cap.metas[i]!, cap.slices[i]!, state);
    return dataOnly.map((i) => e.decode(cap.metas[i]!, cap.slices[i]!, state));
  };
  const plain = run({});
  assert.ok(plain[0]!.protocols.includes('data'));
  assert.equal(findFirst(plain[0]!.layers, 'l2tp.cookie'), undefined);
  const hint = allProblems(plain[0]!.layers).find((p) => p.abbrev === 'l2tp.pw_type.unknown');
  assert.match(hint?.message ?? '', /looks like an Ethernet frame after a 8-byte cookie and a 4-byte sublayer/);
  seen.length = 0;
  const withPrefs = run({ l2tpv3Cookie: 8, l2tpv3Sublayer: 'default', l2tpv3PwType: 5 });
  assert.ok(withPrefs[0]!.protocols.includes('fake-inner'));
  assert.equal(seen[0], 'ffffffffffff');
  assert.equal(allProblems(withPrefs[0]!.layers).filter((p) => p.abbrev === 'l2tp.pw_type.unknown').length, 0);
});

test("decode-as on 'l2tp.pw_type' wins over the built-in hand-off", () => {
  const decodeAs = new Map([['l2tp.pw_type', new Map([[5, 'data']])]]);
  const { decoded } = decodeAll(CAP, { decodeAs }, engine({ decodeAs }));
  // as tshark -d l2tp.pw_type==5,data: the payload is a data layer, and frame.protocols ends at l2tp
  assert.ok(decoded[8]!.layers.some((n) => n.abbrev === 'data'));
  assert.equal(decoded[8]!.protocols.at(-1), 'l2tp');
  assert.ok(!decoded[8]!.protocols.includes('fake-inner'));
});

test('pinfo.l2tp facts for v3 control and data', () => {
  const e = engine();
  const cap = loadCapture(CAP);
  const state = new CaptureState();
  const infos = cap.metas.map((m, i) => e.index(m!, cap.slices[i]!, state).l2tp);
  assert.deepEqual(infos[0], { version: 3, control: true, tunnel: 0, session: 0, ns: 0, nr: 0, msgType: 1, offset: 20 });
  assert.equal(infos[3]!.msgType, -1);
  assert.deepEqual({ ...infos[8]!, offset: 0 }, { version: 3, control: false, tunnel: 0, session: 0x00020002, ns: -1, nr: -1, msgType: -2, offset: 0 });
});
