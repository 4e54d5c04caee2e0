// Hidden AVPs, tunnel authentication and L2TPv3 message digests with shared secrets; the engine's own
// MD5/SHA-1/HMAC cross-checked against node:crypto.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { md5 } from '../../server/dissect/crypto/md5';
import { sha1 } from '../../server/dissect/crypto/sha1';
import { hmac } from '../../server/dissect/crypto/hmac';
import { CaptureState } from '../../server/dissect/packet';
import { allProblems, findAll, findFirst } from '../../server/dissect/tree';
import type { DecodedFrame, TreeNode } from '../../server/dissect/tree';
import { decodeAll, hex, ipv4Packet, makeEngine, metaFor, nodeBytes } from './l2tp-helpers';

const H = (b: Uint8Array | undefined): string => Buffer.from(b ?? []).toString('hex');

test('md5, sha1 and hmac equal node:crypto on many lengths', () => {
  for (let n = 0; n < 300; n += 7) {
    const d = new Uint8Array(n).map((_, i) => (i * 31 + n) & 255);
    assert.equal(H(md5(d)), createHash('md5').update(d).digest('hex'), `md5 ${n}`);
    assert.equal(H(sha1(d)), createHash('sha1').update(d).digest('hex'), `sha1 ${n}`);
    const k = new Uint8Array((n * 3) % 130).fill(0x5c);
    assert.equal(H(hmac('md5', k, d)), createHmac('md5', k).update(d).digest('hex'), `hmac-md5 ${n}`);
    assert.equal(H(hmac('sha1', k, d)), createHmac('sha1', k).update(d).digest('hex'), `hmac-sha1 ${n}`);
  }
  assert.equal(H(md5(new Uint8Array([1, 2]), new Uint8Array([3]))), createHash('md5').update(Buffer.from([1, 2, 3])).digest('hex'));
});

const SECRET = 'holdout-hidden-secret';

/** The decrypted value field `abbrev` inside the hidden AVP of type `type` in a frame. */
function decrypted(f: DecodedFrame, type: number): TreeNode | undefined {
  const heads = f.layers.flatMap((l) => l.children ?? []).filter((n) => n.children?.some((c) => c.abbrev === 'l2tp.avp.type' && c.value === type) && n.children.some((c) => c.abbrev === 'l2tp.avp.hidden' && c.value === true));
  return heads[0] ? findFirst([heads[0]], 'l2tp.avp.decrypted') : undefined;
}

test('hidden AVPs: every plaintext of scapy_l2tpv2_hidden_avps is recovered with the secret', () => {
  const { decoded } = decodeAll('generated/scapy_l2tpv2_hidden_avps.pcap', { secrets: ['not-this-one', SECRET] });
  const f = (n: number): DecodedFrame => decoded[n - 1]!;
  const val = (n: number, type: number, abbrev: string): unknown => findFirst([decrypted(f(n), type)!], abbrev)?.value;
  const bytesOf = (n: number, type: number, abbrev: string): string => H(nodeBytes(f(n), findFirst([decrypted(f(n), type)!], abbrev)));
  // frame 1 SCCRQ
  assert.equal(val(1, 9, 'l2tp.avp.assigned_tunnel_id'), 0x4001);
  assert.equal(bytesOf(1, 9, 'l2tp.avp.hidden.padding'), '5a5a5a');
  assert.equal(val(1, 9, 'l2tp.avp.hidden.secret_index'), 2);
  assert.equal(val(1, 8, 'l2tp.avp.vendor_name'), 'hidden vendor');
  assert.equal(H(nodeBytes(f(1), findFirst(f(1).layers, 'l2tp.avp.chap_challenge'))), 'a0a1a2a3a4a5a6a7a8a9aaabacadaeaf');
  assert.equal(H(nodeBytes(f(1), findFirst(f(1).layers, 'l2tp.avp.random_vector'))), '00112233445566778899aabbccddeeff');
  // frame 2 SCCRP
  assert.equal(val(2, 9, 'l2tp.avp.assigned_tunnel_id'), 0x4002);
  assert.equal(H(nodeBytes(f(2), findFirst(f(2).layers, 'l2tp.avp.chap_challenge'))), 'b0b1b2b3b4b5b6b7b8b9babbbcbdbebf');
  // frame 5 ICRQ
  assert.equal(val(5, 14, 'l2tp.avp.assigned_session_id'), 66);
  assert.equal(val(5, 15, 'l2tp.avp.call_serial_number'), 77);
  assert.equal(val(5, 22, 'l2tp.avp.calling_number'), '+1-555-0100');
  assert.equal(bytesOf(5, 22, 'l2tp.avp.hidden.padding'), '0000000000');
  assert.equal(val(5, 21, 'l2tp.avp.called_number'), '+1-555-0199-long-called-number-over-16');
  // frame 7 ICCN
  assert.equal(val(7, 24, 'l2tp.avp.connect_speed'), 115200);
  assert.equal(val(7, 30, 'l2tp.avp.proxy_authen_name'), 'carol');
  assert.equal(bytesOf(7, 33, 'l2tp.avp.proxy_authen_response'), '000102030405060708090a0b0c0d0e0f');
  assert.equal(findFirst(f(7).layers, 'l2tp.avp.async_framing_type')?.value, true);
  // frame 9 CDN: vendor AVPs
  const vendors = findAll(f(9).layers, 'l2tp.avp.vendor_id').map((n) => n.value);
  assert.deepEqual(vendors, [0, 0, 0, 9, 311]);
  assert.equal(findFirst(f(9).layers, 'l2tp.cisco.pseudowire_type')?.value, 5);
  const ms = f(9).layers.flatMap((l) => l.children ?? []).find((n) => n.text?.startsWith('Vendor Microsoft (311) AVP Type 100'));
  assert.ok(ms, 'Microsoft AVP labelled with vendor name and type');
  assert.equal(Buffer.from(nodeBytes(f(9), findFirst([ms!], 'l2tp.avp.data'))!).toString(), 'vendor-data');
  // tunnel authentication inside the same capture
  assert.equal(findFirst(f(2).layers, 'l2tp.avp.challenge_response.status')?.value, true);
  assert.equal(findFirst(f(3).layers, 'l2tp.avp.challenge_response.status')?.value, true);
  assert.equal(findFirst(f(3).layers, 'l2tp.avp.challenge_response.challenge_in')?.value, 2);
});

test('hidden AVPs without the secret: shown hidden, nothing recovered; with a wrong secret: flagged undecryptable', () => {
  const none = decodeAll('generated/scapy_l2tpv2_hidden_avps.pcap').decoded;
  assert.equal(findAll(none[0]!.layers, 'l2tp.avp.decrypted').length, 0);
  assert.equal(findAll(none[0]!.layers, 'l2tp.avp.hidden_value').length, 2);
  const wrong = decodeAll('generated/scapy_l2tpv2_hidden_avps.pcap', { secrets: ['wrong'] }).decoded;
  const probs = allProblems(wrong[4]!.layers).map((p) => p.abbrev);
  assert.ok(probs.includes('l2tp.avp.hidden.undecryptable'));
  assert.ok(allProblems(wrong[1]!.layers).some((p) => p.abbrev === 'l2tp.avp.challenge_response.bad'));
});

test('challenge responses of xl2tpd_b1_challenge_ok verify with the right secret and fail with a wrong one', () => {
  const ok = decodeAll('generated/xl2tpd_b1_challenge_ok.pcap', { secrets: ['l2tp-shared-secret-ok'] }).decoded;
  const statuses = ok.flatMap((f) => findAll(f!.layers, 'l2tp.avp.challenge_response.status').map((n) => n.value));
  assert.deepEqual(statuses, [true, true]);
  assert.equal(ok.flatMap((f) => allProblems(f!.layers)).filter((p) => p.abbrev.startsWith('l2tp.avp.challenge')).length, 0);
  const bad = decodeAll('generated/xl2tpd_b1_challenge_ok.pcap', { secrets: ['l2tp-shared-secret-WRONG'] }).decoded;
  const badStatuses = bad.flatMap((f) => findAll(f!.layers, 'l2tp.avp.challenge_response.status').map((n) => n.value));
  assert.deepEqual(badStatuses, [false, false]);
  assert.equal(bad.flatMap((f) => allProblems(f!.layers)).filter((p) => p.abbrev === 'l2tp.avp.challenge_response.bad').length, 2);
  // no secret: nothing claimed either way
  const none = decodeAll('generated/xl2tpd_b1_challenge_ok.pcap').decoded;
  assert.equal(none.flatMap((f) => findAll(f!.layers, 'l2tp.avp.challenge_response.status')).length, 0);
});

test('challenge check is identical when frames are decoded in reverse order after the index pass', () => {
  const { engine, cap, decoded } = decodeAll('generated/xl2tpd_b1_challenge_ok.pcap', { secrets: ['l2tp-shared-secret-ok'] });
  const state = new CaptureState();
  cap.metas.forEach((m, i) => engine.index(m!, cap.slices[i]!, state));
  for (let i = cap.metas.length - 1; i >= 0; i--) {
    const again = engine.decode(cap.metas[i]!, cap.slices[i]!, state);
    assert.deepEqual(JSON.stringify(again.layers), JSON.stringify(decoded[i]!.layers), `frame ${i + 1}`);
  }
});

// ---- L2TPv3 message digest (RFC 3931 §5.4.1), computed here independently with node:crypto ----

function avp(type: number, value: Uint8Array, m = true): Uint8Array {
  const out = new Uint8Array(6 + value.length);
  const w = (m ? 0x8000 : 0) | out.length;
  out[0] = w >> 8; out[1] = w & 0xff; out[4] = type >> 8; out[5] = type & 0xff;
  out.set(value, 6);
  return out;
}
const u16 = (x: number): Uint8Array => new Uint8Array([x >> 8, x & 0xff]);
const u32 = (x: number): Uint8Array => new Uint8Array([x >>> 24, (x >> 16) & 0xff, (x >> 8) & 0xff, x & 0xff]);
const cat = (...p: Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(p));

/** An L2TPv3-over-IP control message with a Message Digest AVP, signed like an LCCE would. */
function signed(msgType: number, ccid: number, ns: number, nr: number, extra: Uint8Array[], secret: string, nonces: Uint8Array[], alg: 'md5' | 'sha1'): Uint8Array {
  const dlen = alg === 'md5' ? 16 : 20;
  const digestAvp = avp(59, cat(new Uint8Array([alg === 'md5' ? 0 : 1]), new Uint8Array(dlen)));
  const body = cat(avp(0, u16(msgType)), ...extra, digestAvp);
  const len = 12 + body.length;
  const msg = cat(u16(0xc803), u16(len), u32(ccid), u16(ns), u16(nr), body);
  const key = createHmac('md5', secret).update(Buffer.from([2])).digest();
  const h = createHmac(alg, key);
  for (const n of nonces) h.update(n);
  const digest = h.update(msg).digest();
  const at = msg.length - dlen;
  msg.set(digest, at);
  return cat(u32(0), msg);
}

test('L2TPv3 message digest: verified with nonces and the secret, wrong secret flagged l2tp.incorrect_digest', () => {
  const A = '198.51.100.1', B = '198.51.100.2';
  const nA = hex('a1a2a3a4a5a6a7a8a9aaabacadaeafb0'), nB = hex('b1b2b3b4b5b6b7b8b9babbbcbdbebf');
  const secret = 'digest-secret';
  const f1 = signed(1, 0, 0, 0, [avp(61, u32(0x1111)), avp(73, nA)], secret, [], 'md5');
  const f2 = signed(2, 0x1111, 0, 1, [avp(61, u32(0x2222)), avp(73, nB)], secret, [nB, nA], 'sha1');
  const f3 = signed(3, 0x2222, 1, 1, [], secret, [nA, nB], 'md5');
  const frames = [ipv4Packet(A, B, 115, f1), ipv4Packet(B, A, 115, f2), ipv4Packet(A, B, 115, f3)];
  const run = (secrets: string[]): DecodedFrame[] => {
    const engine = makeEngine({ secrets });
    const state = new CaptureState();
    frames.forEach((b, i) => engine.index(metaFor(i + 1, b), b, state));
    return frames.map((b, i) => engine.decode(metaFor(i + 1, b), b, state));
  };
  const good = run(['other', secret]);
  assert.deepEqual(good.map((f) => findFirst(f.layers, 'l2tp.avp.message_digest.status')?.value), [true, true, true]);
  assert.equal(findFirst(good[1]!.layers, 'l2tp.avp.message_digest.type')?.value, 1);
  const bad = run(['nope']);
  assert.deepEqual(bad.map((f) => findFirst(f.layers, 'l2tp.avp.message_digest.status')?.value), [false, false, false]);
  assert.ok(allProblems(bad[2]!.layers).some((p) => p.abbrev === 'l2tp.incorrect_digest'));
});
