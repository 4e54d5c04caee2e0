// Vendor AVP dictionaries as data: the built-in ones (Cisco, Ericsson, Broadband Forum, CableLabs), the
// registration API, and the Node loader for a user's plugin folder (JSON always, code only when trusted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureState } from '../../server/dissect/packet';
import { findAll, findFirst, allProblems } from '../../server/dissect/tree';
import { registerVendorDictionary, vendorDictionary } from '../../server/dissect/plugins/vendorDict';
import { loadPlugins } from '../../server/io/plugins';
import { decodeAll, hex, makeEngine, metaFor } from './l2tp-helpers';

/** A v2 Hello carrying the given AVP bytes after Message Type. */
function hello(...avps: string[]): Uint8Array {
  const body = hex(`8008 0000 0000 0006${avps.join('')}`);
  const len = 12 + body.length;
  return Uint8Array.from([0xc8, 0x02, len >> 8, len & 0xff, 0x12, 0x34, 0, 0, 0, 1, 0, 1, ...body]);
}

function decode(b: Uint8Array) {
  return makeEngine().decode(metaFor(1, b, 'l2tp'), b, new CaptureState());
}

test('built-in dictionaries decode Cisco, Ericsson, Broadband Forum and CableLabs AVPs with tshark abbreviations', () => {
  const f = decode(hello(
    '000a 0009 0001 0000a001'.replace(/ /g, ''), // Cisco Assigned Connection ID (len 10)
    '000a 0009 0002 00050004'.replace(/ /g, ''), // Cisco PW capabilities
    '0008 00c1 0004 01'.replace(/ /g, '') + '00', // Ericsson Connection Type (len 8: 1 value byte + pad shown raw)
    '000e 0de9 0081 0000000005f5e100'.replace(/ /g, ''), // BBF Actual-Data-Rate-Upstream 100000000
    '0009 0de9 0090 010203'.replace(/ /g, ''), // BBF Access-Loop-Encapsulation
    '000c 118b 0065 8102 0000ea60'.replace(/ /g, ''), // CableLabs QAM frequency, lock bit, TSID group 1
  ));
  assert.equal(findFirst(f.layers, 'l2tp.avp.ciscotype')?.value, 1);
  assert.equal(findFirst(f.layers, 'l2tp.cisco.assigned_control_connection_id')?.value, 0xa001);
  assert.deepEqual(findAll(f.layers, 'l2tp.cisco.pw_type').map((n) => n.value), [5, 4]);
  assert.equal(findFirst(f.layers, 'l2tp.ericsson.conn_type')?.value, 1);
  assert.equal(findFirst(f.layers, 'l2tp.broadband.actual_dr_up')?.value, '100000000');
  assert.equal(findFirst(f.layers, 'l2tp.broadband.access_loop_encapsulation.enc2')?.value, 3);
  assert.equal(findFirst(f.layers, 'l2tp.cablel.l_bit')?.value, true);
  assert.equal(findFirst(f.layers, 'l2tp.cablel.tsid_group_id')?.value, 1);
  assert.equal(findFirst(f.layers, 'l2tp.cablel.frequency')?.value, 60000);
  const heads = f.layers[1]!.children!.map((n) => n.text ?? '');
  assert.ok(heads.includes('Vendor ciscoSystems (9): Assigned Connection ID AVP'));
  assert.ok(heads.includes("Vendor Broadband Forum (previously 'DSL Forum') (3561): Actual-Data-Rate-Upstream AVP"));
});

test('unknown vendors and unknown vendor AVPs: raw value, flagged, and M=1 flagged as unknown mandatory', () => {
  const f = decode(hello('800b 0a4c 0001 aabbccddee'.replace(/ /g, ''), '0007 0009 00fe 77'.replace(/ /g, '')));
  const heads = f.layers[1]!.children!.map((n) => n.text ?? '');
  assert.ok(heads.includes('Vendor Juniper Networks, Inc. (2636) AVP Type 1'), heads.join('|'));
  assert.ok(heads.includes('Vendor ciscoSystems (9): Unknown (254) AVP'));
  const probs = allProblems(f.layers).map((p) => p.abbrev);
  assert.ok(probs.includes('l2tp.avp.unknown_mandatory'));
  assert.equal(probs.filter((p) => p === 'l2tp.vendor_specific_avp_data').length, 2);
  assert.equal(findAll(f.layers, 'l2tp.avp.data').length, 2);
});

test('registerVendorDictionary validates and a registered dictionary is used', () => {
  assert.throws(() => registerVendorDictionary({ vendorId: 0, vendorName: 'x', avps: [] }), /vendorId/);
  assert.throws(() => registerVendorDictionary({ vendorId: 5, vendorName: 'x', avps: [{ type: 1, name: 'a', fields: [{ abbrev: 'bad abbrev', name: 'b', type: 'uint8' }] }] }), /abbreviation/);
  registerVendorDictionary({ vendorId: 311, vendorName: 'Microsoft', typeField: { abbrev: 'l2tp.avp.mstype', name: 'Type' },
    avps: [{ type: 100, name: 'Vendor Data', fields: [{ abbrev: 'l2tp.ms.vendor_data', name: 'Vendor Data', type: 'string' }] }] });
  const { decoded } = decodeAll('generated/scapy_l2tpv2_hidden_avps.pcap');
  assert.equal(findFirst(decoded[8]!.layers, 'l2tp.ms.vendor_data')?.value, 'vendor-data');
  assert.equal(findFirst(decoded[8]!.layers, 'l2tp.avp.mstype')?.value, 100);
});

test('Cisco draft L2TPv3 AVPs drive cookie learning like the IETF ones (role in the dictionary)', () => {
  const d = vendorDictionary(9)!;
  assert.equal(d.avps.get(5)?.spec.role, 'assigned_cookie');
  assert.equal(d.avps.get(7)?.spec.role, 'pw_type');
});

test('loadPlugins: JSON dictionaries always, code plugins only from a trusted folder, bad files reported', () => {
  const dir = mkdtempSync(join(tmpdir(), 'l2tp-plugins-'));
  writeFileSync(join(dir, 'acme.json'), JSON.stringify({ vendorId: 99999, vendorName: 'ACME', typeField: { abbrev: 'l2tp.avp.acmetype', name: 'Type' },
    avps: [{ type: 1, name: 'Gadget', length: 2, fields: [{ abbrev: 'l2tp.acme.gadget', name: 'Gadget', type: 'uint16', vals: { 7: 'Anvil' } }] }] }));
  writeFileSync(join(dir, 'broken.json'), '{ not json');
  writeFileSync(join(dir, 'code.js'), `module.exports = { vendorDictionaries: [{ vendorId: 88888, vendorName: 'Code Co', avps: [{ type: 2, name: 'Thing' }] }],
    register(api) { api.registerField({ abbrev: 'l2tp.codeco.extra', name: 'Extra', type: 'uint8', base: 'dec' }); } };`);
  const untrusted = loadPlugins(dir);
  assert.equal(untrusted.loaded.length, 1);
  assert.equal(untrusted.skipped.length, 1);
  assert.equal(untrusted.problems.length, 1);
  assert.equal(vendorDictionary(88888), undefined);
  const trusted = loadPlugins(dir, { trusted: true });
  assert.equal(trusted.loaded.length, 2);
  assert.ok(vendorDictionary(88888));
  // ACME's PEN is above 65535 (the 16-bit Vendor ID field cannot carry it): check decoding with a 16-bit one
  registerVendorDictionary({ vendorId: 4242, vendorName: 'ACME16', avps: [{ type: 1, name: 'Gadget', fields: [{ abbrev: 'l2tp.acme.gadget', name: 'Gadget', type: 'uint16' }] }] });
  const g = decode(hello('0008 1092 0001 0007'.replace(/ /g, '')));
  assert.equal(findFirst(g.layers, 'l2tp.acme.gadget')?.value, 7);
  assert.deepEqual(loadPlugins(join(dir, 'missing')).problems.length, 1);
});
