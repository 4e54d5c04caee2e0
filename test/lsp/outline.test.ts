// The outline's three depths over JSON-RPC: every field up to outline.fieldLimit frames, protocol layers
// alone up to twice that (the same layers, names and ranges as the full outline), frames alone above.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { fixture, startServer, uriOf } from './client';
import type { Lsp } from './client';

/** A symbol without its children: what the layers-only outline shows of a layer. */
const shallow = (s: DocumentSymbol): DocumentSymbol => {
  const { children: _children, ...rest } = s;
  return rest;
};

describe('outline depth by document size', () => {
  let full: Lsp;
  let small: Lsp;
  before(async () => {
    full = await startServer();
    small = await startServer({ settings: { outline: { fieldLimit: 1 } } });
  });
  after(async () => {
    await full.close();
    await small.close();
  });

  const outline = async (lsp: Lsp, name: string): Promise<DocumentSymbol[]> => {
    const uri = await lsp.open(uriOf(`outline-depth-${name}`), 'l2tp-hexdump', fixture(`hexdump/${name}`));
    await lsp.diagnostics(uri);
    return lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  };

  test('above the field limit: layers with the full outline\'s names and ranges, no fields', async () => {
    const name = 'frames1-2.python.txt';
    const deep = await outline(full, name);
    const layers = await outline(small, name);
    assert.equal(layers.length, 2);
    for (const [i, f] of layers.entries()) {
      const d = deep[i];
      assert.ok(d?.children?.length && f.children?.length, 'frames have layers');
      assert.ok(f.children.every((k) => !k.children), 'no fields under the layers');
      assert.deepEqual(f.children, d.children.map(shallow));
      assert.deepEqual(shallow(f), shallow(d), 'the frame entry itself is unchanged');
    }
  });

  test('above twice the field limit: frames alone, named and ranged as before', async () => {
    const name = 'frames1-3.tcpdump-xx.txt';
    const deep = await outline(full, name);
    const frames = await outline(small, name);
    assert.equal(frames.length, 3);
    assert.deepEqual(frames, deep.map(shallow));
  });
});
