// Plugin folders from the settings: a vendor dictionary kept as data names a vendor AVP in hovers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtures, hoverText, startServer, uriOf } from './client';
import { readFrames } from '../helpers/frames';


test('plugins.folders: a JSON vendor dictionary names Microsoft AVP 100 in the hover', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'l2tp-lsp-plugins-'));
  writeFileSync(join(dir, 'microsoft.json'), JSON.stringify({
    vendorId: 311, vendorName: 'Microsoft',
    avps: [{ type: 100, name: 'Test Note', fields: [{ abbrev: 'l2tp.microsoft.lsp_note', name: 'Test Note', type: 'string' }] }],
  }));
  // Frame 9 of the hidden-AVP capture is a CDN whose last AVP is vendor 311 type 100, value "vendor-data".
  const frame = Buffer.from(readFrames(join(fixtures, 'generated', 'scapy_l2tpv2_hidden_avps.pcap'))[8]!.bytes);
  const text = [...frame].map((x) => x.toString(16).padStart(2, '0')).join(' ') + '\n';
  const at = frame.indexOf(Buffer.from('vendor-data'));
  assert.ok(at > 0);
  const position = { line: 0, character: at * 3 };
  const hover = async (settings: unknown): Promise<string> => {
    const lsp = await startServer({ settings });
    try {
      const uri = await lsp.open(uriOf('vendor.hexdump'), 'l2tp-hexdump', text);
      await lsp.diagnostics(uri);
      return hoverText(await lsp.request('textDocument/hover', { textDocument: { uri }, position }));
    } finally {
      await lsp.close();
    }
  };
  const without = await hover({ l2tpLens: {} });
  assert.doesNotMatch(without, /Test Note/);
  const withDict = await hover({ l2tpLens: { plugins: { folders: [dir], allowCode: false } } });
  assert.match(withDict, /Test Note/);
  assert.match(withDict, /l2tp\.microsoft\.lsp_note/);
});
