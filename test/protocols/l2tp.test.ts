// L2TP dissector against tshark 4.0.17: the parity field set (NAME.fields.tsv, with the reviewed
// exceptions of test/fixtures/tshark-exceptions.tsv applied) and every other l2tp.* field tshark has
// (test/fixtures/oracle/l2tp/NAME.tsv, made by make.sh there). Frames are decoded from their IP header
// with a stand-in for IP/UDP (l2tp-helpers.ts), so only the L2TP columns are compared here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAll, fieldText, FX, readOracle } from './l2tp-helpers';
import { findAll, findFirst, allProblems } from '../../server/dissect/tree';

const parityFields = readFileSync(join(FX, 'parity-fields.txt'), 'utf8').trim().split(/\s+/);

interface Exc { frame: number; field: string; ours: string }
const exceptions = new Map<string, Exc[]>();
for (const line of readFileSync(join(FX, 'tshark-exceptions.tsv'), 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [cap = '', frame = '', field = '', ours = ''] = line.split('\t');
  const l = exceptions.get(cap) ?? [];
  l.push({ frame: Number(frame), field, ours });
  exceptions.set(cap, l);
}

/**
 * Captures whose frames the stand-in IP/UDP cannot slice like tshark does (reassembly, IPv6 extension headers,
 * a PPPoE Payload Length shorter than the IP datagram); test/parity/ covers them with the full engine.
 */
const SKIP = new Set(['generated/scapy_ipv4_fragments_l2tp.pcap', 'generated/scapy_ipv6_fragments_l2tp.pcap', 'generated/scapy_l2tp_over_ipv6.pcap', 'generated/scapy_link_misc.pcap',
  'generated/fuzz_pppoe_ppp_plain.pcap']);
const captures = ['public', 'generated'].flatMap((d) => readdirSync(join(FX, d)).filter((n) => n.endsWith('.pcap')).map((n) => `${d}/${n}`)).filter((c) => !SKIP.has(c));

/** Frames whose oracle cells outside the parity set also differ, for the reasons given in tshark-exceptions.tsv. */
const ORACLE_SKIP: Record<string, number[]> = {
  'generated/scapy_l2tpv2_malformed.pcap': [2, 3, 4, 5, 7, 13, 17, 21],
  'generated/scapy_l2tp_vlan_qinq.pcap': [4, 5],
};

let cells = 0, same = 0;
for (const rel of captures) {
  test(`l2tp parity (tshark fields, L2TP columns): ${rel}`, () => {
    const tsv = join(FX, rel.replace(/\.pcap$/, '.fields.tsv'));
    const oracle = join(FX, 'oracle/l2tp', rel.split('/')[1]!.replace(/\.pcap$/, '.tsv'));
    const { decoded } = decodeAll(rel);
    const diffs: string[] = [];
    if (existsSync(tsv)) {
      const lines = readFileSync(tsv, 'utf8').split('\n').slice(0, -1).map((l) => l.split('\t'));
      for (const e of exceptions.get(rel) ?? []) {
        const row = lines[e.frame - 1];
        const j = parityFields.indexOf(e.field);
        if (row && j >= 0) row[j] = e.ours;
      }
      lines.forEach((row, i) => {
        const f = decoded[i];
        if (!f) return;
        parityFields.forEach((field, j) => {
          if (!field.startsWith('l2tp.')) return;
          const want = row[j] ?? '';
          const got = fieldText(f.layers, field, f.sources);
          cells++;
          if (want === got) same++;
          else diffs.push(`frame ${i + 1} ${field}: tshark=${JSON.stringify(want)} ours=${JSON.stringify(got)}`);
        });
      });
    }
    if (existsSync(oracle)) {
      const { header, rows } = readOracle(oracle);
      const skip = new Set(ORACLE_SKIP[rel] ?? []);
      const hiddenDiffOk = (field: string): boolean => rel.includes('hidden_avps') && (field === 'l2tp.avp.vendor_id' || field === 'l2tp.avp.type');
      for (const [num, row] of rows) {
        const f = decoded[num - 1];
        if (!f || skip.has(num)) continue;
        header.forEach((field, j) => {
          if (j === 0 || parityFields.includes(field)) return;
          const want = row[j] ?? '';
          const got = fieldText(f.layers, field, f.sources);
          cells++;
          if (want === got || hiddenDiffOk(field)) same++;
          else diffs.push(`frame ${num} ${field}: tshark=${JSON.stringify(want)} ours=${JSON.stringify(got)}`);
        });
      }
    }
    assert.deepEqual(diffs, [], `${diffs.length} cells differ:\n${diffs.slice(0, 20).join('\n')}`);
  });
}

test('l2tp parity summary', () => {
  assert.ok(cells > 10000, `compared ${cells} cells`);
  assert.equal(same, cells);
});

test('Info and Protocol columns as tshark prints them', () => {
  const v2 = decodeAll('generated/xl2tpd_a_tunnel_session_hello.pcap').decoded;
  assert.equal(v2[0]!.summary.info, 'Control Message - SCCRQ (tunnel id=0, session id=0)');
  assert.equal(v2[3]!.summary.info, 'Control Message - ZLB      (tunnel id=23736, session id=0)');
  assert.equal(v2[0]!.summary.protocol, 'L2TP');
  const v3 = decodeAll('generated/scapy_l2tpv3_over_ip_proto115.pcap').decoded;
  assert.equal(v3[1]!.summary.info, 'Control Message - SCCRP (ccid=0x0000A001)');
  assert.equal(v3[4]!.summary.info, 'Control Message - ICRQ (ccid=0x0000B002), LSID: 65537, RSID:  0');
  assert.equal(v3[3]!.summary.info, 'Control Message - ZLB (ccid=0x0000A001)');
  assert.match(v3[8]!.summary.info, /^D\[S:0x00020002\]/);
  assert.equal(v3[0]!.summary.protocol, 'L2TPv3');
  const data = decodeAll('generated/scapy_l2tpv2_malformed.pcap').decoded;
  assert.equal(data[11]!.summary.info, 'Data    Message            (tunnel id=22136, session id=514)');
  assert.equal(data[15]!.summary.info, 'Control Message (tunnel id=22136, session id=0)');
  assert.equal(data[17]!.summary.info, 'Control Message - Unknown (99) (tunnel id=22136, session id=0)');
});

test('every frame of the malformed capture raises the problem it was built for', () => {
  const { decoded } = decodeAll('generated/scapy_l2tpv2_malformed.pcap');
  const want: Record<number, string> = {
    1: 'l2tp.length.bad', 2: 'l2tp.avp_length.bad', 3: 'l2tp.avp_length.bad', 4: 'l2tp.avp_length.bad', 5: '_ws.malformed',
    6: 'l2tp.version.unknown', 7: 'l2tp.control.no_length', 8: 'l2tp.control.no_sequence', 9: 'l2tp.control.offset_priority',
    10: 'l2tp.version.l2f', 11: 'l2tp.version.unknown', 12: 'l2tp.offset.bad', 13: 'l2tp.length.bad',
    14: 'l2tp.avp.hidden.no_random_vector', 15: 'l2tp.avp.unknown_mandatory', 16: 'l2tp.avp.first_not_message_type',
    17: 'l2tp.avp.length.unexpected', 18: 'l2tp.message_type.unknown', 19: 'l2tp.length.bad', 20: '_ws.malformed', 21: '_ws.short',
  };
  for (const [n, abbrev] of Object.entries(want)) {
    const probs = allProblems(decoded[Number(n) - 1]!.layers).map((p) => p.abbrev);
    assert.ok(probs.includes(abbrev), `frame ${n}: ${abbrev} not in ${probs.join(', ')}`);
  }
  assert.deepEqual(allProblems(decoded[21]!.layers).filter((p) => p.abbrev.startsWith('l2tp')), [], 'frame 22 is a good Hello');
  // version 1 / 4 and a 1-byte payload stay UDP data, as in tshark
  for (const n of [6, 10, 11]) assert.deepEqual(decoded[n - 1]!.protocols, ['frame', 'data']);
  // AVP length 0 does not loop, and stops the AVP walk
  assert.equal(findAll(decoded[2]!.layers, 'l2tp.avp.length').length, 2);
  // Result code tables differ between StopCCN and CDN
});

test('AVP value decoding: result codes per message, Q.931 cause, PPP disconnect cause, LCP CONFREQ AVPs, proxy authen', () => {
  const { decoded } = decodeAll('generated/scapy_l2tpv2_ppp_negotiation.pcap');
  const texts = (abbrev: string): string[] => decoded.flatMap((f) => (f ? findAll(f.layers, abbrev).map((n) => n.text ?? String(n.value)) : []));
  assert.ok(texts('l2tp.result_code').some((s) => s.startsWith('Result code: ')));
  assert.ok(texts('l2tp.avp.cause_code').length > 0, 'Q.931 cause code');
  assert.ok(texts('l2tp.avp.disconnect_code').length > 0, 'PPP Disconnect Cause Code');
  assert.ok(texts('l2tp.avp.proxy_authen_name').length > 0);
  assert.ok(texts('l2tp.avp.initial_received_lcp_confreq').length > 0);
  const stop = decodeAll('generated/xl2tpd_a_tunnel_session_hello.pcap').decoded[21]!;
  const rc = findFirst(stop.layers, 'l2tp.result_code')!;
  assert.match(rc.text ?? '', /Result code: (General request to clear control connection|General error|Requester is being shut down|Finite state)/);
});
