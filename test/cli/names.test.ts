// MAC name resolution as tshark does it by default, checked against tshark 4.0 reading the same manuf and
// wka excerpts (test/fixtures/names, make.sh): 294 frames whose addresses cover every entry's range, its
// edges, the group and local bits, and the test captures' own addresses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'test', 'fixtures', 'names');
const cap = join(dir, 'names.pcap');
const run = (args: string[], dataDir = dir) =>
  spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, WIRESHARK_DATA_DIR: dataDir } });
const fields = readFileSync(join(dir, 'names.fields.txt'), 'utf8').trim().split('\n');
const ethLines = (s: string) => s.split('\n').filter((l) => /^(Ethernet II, | {4}(Destination|Source): | {8}Address: )/.test(l)).join('\n');

test('eth.*_resolved, eth.*.oui and eth.*.oui_resolved and the eth label equal tshark\'s, frame by frame', () => {
  const r = run(['fields', cap, ...fields.flatMap((f) => ['-e', f])]);
  assert.equal(r.status, 0, r.stderr);
  const want = readFileSync(join(dir, 'names.tshark.tsv'), 'utf8');
  assert.equal(want.split('\n').length, 295);
  assert.equal(r.stdout, want);
  // What the comparison covers, so a regenerated oracle cannot quietly lose it.
  for (const name of ['Broadcast', 'IPv4mcast_05', 'IPv6mcast_', 'Spanning-tree-(for-bridges)_', 'LLDP_Multicast', 'Convergi_', 'ShinkoTe_',
    'DEC-UNA_', 'ExtremeNetworks_', 'MS-NLB-PhysServer-32_', 'Auspex-Systems-(Serverguard)_', 'Intel_14:78:a2', '00:00:00_00:00:00']) {
    assert.ok(want.includes(name), name);
  }
});

test('decode labels addresses "NAME (address)" as tshark -V does', () => {
  const r = run(['decode', cap, '-Y', 'frame.number <= 40']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(ethLines(r.stdout), readFileSync(join(dir, 'names.tshark-V.txt'), 'utf8').trimEnd());
});

test('-n turns resolution off (tshark -n); without Wireshark\'s files an address names itself, Broadcast aside', () => {
  const off = ethLines(run(['decode', cap, '--frame', '2', '-n']).stdout);
  assert.equal(off.split('\n')[0], 'Ethernet II, Src: 00:07:e9:14:78:a2, Dst: 00:00:1e:00:00:00');
  assert.match(off, /^ {4}Destination: 00:00:1e:00:00:00$/m);
  const bare = run(['fields', cap, '-e', 'eth.dst_resolved', '-e', 'eth', '-Y', 'frame.number == 2 || eth.dst == ff:ff:ff:ff:ff:ff'], join(dir, 'no-such-dir'));
  const lines = bare.stdout.trim().split('\n');
  assert.equal(lines[0], '00:00:1e:00:00:00\tEthernet II, Src: 00:07:e9:14:78:a2 (00:07:e9:14:78:a2), Dst: 00:00:1e:00:00:00 (00:00:1e:00:00:00)');
  assert.ok(lines.slice(1).every((l) => l.startsWith('Broadcast\t')) && lines.length > 1);
});
