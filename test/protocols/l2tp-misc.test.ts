// Registration (ports, decode-as, heuristic), hidden vendor AVPs hidden by an independent implementation
// of RFC 2661 §4.3, Extended Vendor ID, vendor Info texts, L2TPv3 over UDP, bare hex-dump starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CaptureState } from '../../server/dissect/packet';
import { allProblems, findAll, findFirst } from '../../server/dissect/tree';
import { hex, ipv4Packet, makeEngine, metaFor } from './l2tp-helpers';

const md5 = (...p: Uint8Array[]): Buffer => createHash('md5').update(Buffer.concat(p)).digest();

/** RFC 2661 §4.3 hiding, written independently of the engine. */
function hide(type: number, secret: string, rv: Uint8Array, value: Uint8Array, pad = 0): Uint8Array {
  const plain = Buffer.concat([Buffer.from([value.length >> 8, value.length & 0xff]), Buffer.from(value), Buffer.alloc(pad, 0xee)]);
  const out = Buffer.alloc(plain.length);
  let prev: Buffer = Buffer.concat([Buffer.from([type >> 8, type & 0xff]), Buffer.from(secret), Buffer.from(rv)]);
  for (let i = 0; i < plain.length; i += 16) {
    const b = i === 0 ? md5(prev) : md5(Buffer.from(secret), out.subarray(i - 16, i));
    for (let j = 0; j < 16 && i + j < plain.length; j++) out[i + j] = plain[i + j]! ^ b[j]!;
    prev = out.subarray(i, i + 16);
  }
  return out;
}

function avp(type: number, value: Uint8Array, opts: { m?: boolean; h?: boolean; vendor?: number } = {}): Uint8Array {
  const len = 6 + value.length;
  const w = (opts.m ? 0x8000 : 0) | (opts.h ? 0x4000 : 0) | len;
  return Uint8Array.from([w >> 8, w & 0xff, (opts.vendor ?? 0) >> 8, (opts.vendor ?? 0) & 0xff, type >> 8, type & 0xff, ...value]);
}

function control(tunnel: number, ...avps: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(avps);
  const len = 12 + body.length;
  return Uint8Array.from([0xc8, 0x02, len >> 8, len & 0xff, tunnel >> 8, tunnel & 0xff, 0, 0, 0, 0, 0, 0, ...body]);
}

test('hidden IETF and vendor AVPs hidden independently are recovered, and decoded with the dictionary', () => {
  const rv = hex('0102030405060708090a0b0c0d0e0f10');
  const secret = 's3cret';
  const msg = control(0,
    avp(0, hex('0001'), { m: true }),
    avp(36, rv, { m: true }),
    avp(9, hide(9, secret, rv, hex('abcd'), 7), { m: true, h: true }),
    avp(7, hide(7, secret, rv, hex('0004')), { h: true, vendor: 9 }),
    avp(21, hide(21, secret, rv, new TextEncoder().encode('a-called-number-spanning-blocks-0123456789'), 3), { m: true, h: true }));
  const f = makeEngine({ secrets: [secret] }).decode(metaFor(1, msg, 'l2tp'), msg, new CaptureState());
  assert.equal(findFirst(f.layers, 'l2tp.avp.assigned_tunnel_id')?.value, 0xabcd);
  assert.equal(findFirst(f.layers, 'l2tp.cisco.pseudowire_type')?.value, 4);
  assert.equal(findFirst(f.layers, 'l2tp.avp.called_number')?.value, 'a-called-number-spanning-blocks-0123456789');
  assert.equal(findAll(f.layers, 'l2tp.avp.decrypted').length, 3);
  assert.ok(f.sources.length >= 4, 'each recovered value is its own data source');
});

test('Extended Vendor ID is read from its value (not 2 octets early as tshark does)', () => {
  const msg = control(1, avp(0, hex('0006'), { m: true }), avp(58, hex('000186a0')), avp(10, hex('0004'), { m: true }));
  const f = makeEngine().decode(metaFor(1, msg, 'l2tp'), msg, new CaptureState());
  assert.equal(findFirst(f.layers, 'l2tp.avp.extended_vendor_id')?.value, 100000);
  assert.equal(findFirst(f.layers, 'l2tp.avp.receive_window_size')?.value, 4, 'the next AVP stays aligned');
});

test('Proxy Authen Type does not change the message type (tshark defect)', () => {
  const msg = control(1, avp(0, hex('000c'), { m: true }), avp(29, hex('0002')), avp(1, hex('0001'), { m: true }));
  const f = makeEngine().decode(metaFor(1, msg, 'l2tp'), msg, new CaptureState());
  assert.match(f.summary.info, /ICCN/);
  assert.match(findFirst(f.layers, 'l2tp.result_code')?.text ?? '', /Session disconnected due to loss of carrier/);
});

test('StopCCN and CDN result codes use their own tables', () => {
  const stop = control(1, avp(0, hex('0004'), { m: true }), avp(1, hex('0006'), { m: true }), avp(9, hex('0001'), { m: true }));
  const cdn = control(1, avp(0, hex('000e'), { m: true }), avp(1, hex('0006'), { m: true }), avp(14, hex('0001'), { m: true }));
  const e = makeEngine();
  assert.equal(findFirst(e.decode(metaFor(1, stop, 'l2tp'), stop, new CaptureState()).layers, 'l2tp.result_code')?.text, 'Result code: Requester is being shut down (6)');
  assert.equal(findFirst(e.decode(metaFor(1, cdn, 'l2tp'), cdn, new CaptureState()).layers, 'l2tp.result_code')?.text, 'Result code: Invalid destination (6)');
});

test('fixed-length mismatches, zero IDs, never-hidden AVPs, missing required AVPs and reserved bits are flagged', () => {
  const msg = control(0, avp(0, hex('0001'), { m: true }), avp(9, hex('0000'), { m: true }), avp(10, hex('000000')), avp(7, hex('41'), { m: true, h: true }), Uint8Array.from([0x84, 0x08, 0, 0, 0, 6, 0, 1]));
  const f = makeEngine().decode(metaFor(1, msg, 'l2tp'), msg, new CaptureState());
  const probs = allProblems(f.layers).map((p) => p.abbrev);
  for (const a of ['l2tp.avp.value.invalid', 'l2tp.avp.length.unexpected', 'l2tp.avp.hidden.not_allowed', 'l2tp.avp.hidden.no_random_vector', 'l2tp.avp.missing', 'l2tp.avp.reserved_bits']) {
    assert.ok(probs.includes(a), `${a} in ${probs.join(', ')}`);
  }
});

test('Cisco ACK sets the Info column like tshark', () => {
  const msg = Uint8Array.from([0xc8, 0x03, 0, 18, 0, 0, 0xa0, 0x01, 0, 1, 0, 2, 0x80, 0x06, 0, 9, 0, 0]);
  const f = makeEngine().decode(metaFor(1, msg, 'l2tp'), msg, new CaptureState());
  assert.equal(f.summary.info, 'Control Message - Cisco ACK (ccid=40961)');
  assert.equal(f.summary.protocol, 'L2TPv3');
});

test('L2TPv3 over UDP: control (ccid) and data (flags, reserved, session ID)', () => {
  const ctl = Uint8Array.from([0xc8, 0x03, 0, 20, 0, 0, 0xb0, 0x02, 0, 3, 0, 4, 0x80, 0x08, 0, 0, 0, 0, 0, 6]);
  const data = Uint8Array.from([0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0xde, 0xad]);
  const e = makeEngine();
  const c = e.decode(metaFor(1, ctl, 'l2tp'), ctl, new CaptureState());
  assert.equal(findFirst(c.layers, 'l2tp.ccid')?.value, 0xb002);
  assert.equal(c.summary.info, 'Control Message - Hello (ccid=0x0000B002)');
  const d = e.decode(metaFor(2, data, 'l2tp'), data, new CaptureState());
  assert.equal(findFirst(d.layers, 'l2tp.res')?.value, 0);
  assert.equal(findFirst(d.layers, 'l2tp.sid')?.value, 0x10001);
  assert.equal(findFirst(d.layers, 'l2tp.version')?.value, 3);
});

test('other UDP ports: prefs.l2tpUdpPorts through the udp heuristic, and decode-as', () => {
  const l2 = control(7, avp(0, hex('0006'), { m: true }));
  const udp = (sp: number, dp: number): Uint8Array => Uint8Array.from([sp >> 8, sp & 0xff, dp >> 8, dp & 0xff, 0, 8 + l2.length, 0, 0, ...l2]);
  const pkt = ipv4Packet('10.0.0.1', '10.0.0.2', 17, udp(5000, 5001));
  const plain = makeEngine().decode(metaFor(1, pkt), pkt, new CaptureState());
  assert.ok(!plain.protocols.includes('l2tp'));
  const pref = makeEngine({ l2tpUdpPorts: [1701, 5001] }).decode(metaFor(1, pkt), pkt, new CaptureState());
  assert.ok(pref.protocols.includes('l2tp'));
  const decodeAs = new Map([['udp.port', new Map([[5000, 'l2tp']])]]);
  const da = makeEngine({ decodeAs }).decode(metaFor(1, pkt), pkt, new CaptureState());
  assert.equal(findFirst(da.layers, 'l2tp.tunnel')?.value, 7);
});

test('a bare L2TP header (hex dump start) decodes, and pinfo.l2tp describes the first header', () => {
  const msg = control(0x1234, avp(0, hex('0001'), { m: true }));
  const e = makeEngine();
  const pinfo = e.index(metaFor(1, msg, 'l2tp'), msg, new CaptureState());
  assert.deepEqual(pinfo.l2tp, { version: 2, control: true, tunnel: 0x1234, session: 0, ns: 0, nr: 0, msgType: 1, offset: 0 });
});
