// Navigation and flow features on a document of bare L2TP frames (SCCRQ, SCCRP, SCCCN …): go to definition
// from a tunnel ID to the AVP that assigned it, references, workspace symbols, code lenses, inlay hints,
// negotiation hovers and the flow requests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens, InlayHint, Location, SymbolInformation } from 'vscode-languageserver-protocol';
import { fixture, hoverText, startServer, uriOf } from './client';
import type { Lsp } from './client';

// multi.hexstream.txt holds one Ethernet frame per line; 42 bytes (84 hex digits) in sits the UDP payload.
const lines = fixture('hexdump/multi.hexstream.txt').trim().split('\n').map((l) => l.trim().slice(84));
const text = ['# l2tp-lens: layer=l2tp', ...lines].join('\n');
const line = (frame: number): number => frame; // frame N is on line N (line 0 holds the directive)
const col = (byte: number): number => byte * 2;

describe('IDs, flows and lenses', () => {
  let lsp: Lsp;
  const uri = uriOf('flow.l2tphex');
  before(async () => {
    lsp = await startServer({ settings: { l2tpLens: { inlayHints: { messageType: true } } } });
    await lsp.open(uri, 'l2tp-hexdump', text);
    await lsp.diagnostics(uri);
  });
  after(async () => { await lsp.close(); });

  test('definition: the SCCRP header tunnel ID → the Assigned Tunnel ID AVP of the SCCRQ', async () => {
    // Frame 2 (SCCRP) header: Tunnel ID at bytes 4-5 = 4660, assigned by frame 1's AVP 9 (bytes 100-107 of the L2TP message).
    const defs = await lsp.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: { line: line(2), character: col(4) + 1 } });
    assert.equal(defs.length, 1);
    assert.equal(defs[0]?.range.start.line, line(1));
    const assignedAt = lines[0]?.indexOf('80080000000912 34'.replace(' ', '')) ?? -1;
    assert.ok(assignedAt > 0);
    assert.equal(defs[0]?.range.start.character, assignedAt + 12, 'the AVP value bytes "1234"');
  });

  test('references: every header and AVP carrying tunnel 4660', async () => {
    const refs = await lsp.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: line(2), character: col(4) }, context: { includeDeclaration: true } });
    assert.ok(refs.length >= 2, JSON.stringify(refs));
    assert.ok(refs.some((r) => r.range.start.line === line(1)) && refs.some((r) => r.range.start.line === line(2)));
    const noDecl = await lsp.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: line(2), character: col(4) }, context: { includeDeclaration: false } });
    assert.equal(noDecl.length, refs.length - 1);
  });

  test('workspace symbols: tunnels and sessions', async () => {
    const syms = await lsp.request<SymbolInformation[]>('workspace/symbol', { query: '4660' });
    assert.ok(syms.some((s) => s.name === 'Tunnel 4660' && s.location.uri === uri && s.location.range.start.line === line(1)), JSON.stringify(syms));
    const all = await lsp.request<SymbolInformation[]>('workspace/symbol', { query: '' });
    assert.ok(all.some((s) => /^Session /.test(s.name)), 'sessions too');
  });

  test('code lenses above the tunnel: Show flow and Copy as Mermaid', async () => {
    const lenses = await lsp.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(lenses.length >= 2);
    assert.equal(lenses[0]?.command?.command, 'l2tpLens.showFlow');
    assert.equal(lenses[1]?.command?.command, 'l2tpLens.copyMermaid');
    assert.equal(lenses[0]?.range.start.line, line(1));
    const args = lenses[0]?.command?.arguments?.[0] as { uri: string; tunnel: number; frame: number };
    assert.equal(args.uri, uri);
    assert.equal(args.frame, 1);
  });

  test('inlay hint: the message name at the end of the Message Type line', async () => {
    const hints = await lsp.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } });
    const h1 = hints.find((h) => h.position.line === line(1));
    assert.ok(h1, JSON.stringify(hints));
    assert.equal(h1.position.character, lines[0]?.length);
    assert.match(String(h1.label), /Start_Control_Request|SCCRQ/);
  });

  test('hover gives the message its place in the negotiation', async () => {
    const t = hoverText(await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: line(2), character: col(19) } }));
    assert.match(t, /2nd of 3 messages that set up tunnel 4660/);
    assert.match(t, /answers the SCCRQ in frame 1/);
  });

  test('flow requests: the model and a Mermaid diagram', async () => {
    const f = await lsp.request<{ available: boolean; model: { format: string; tunnels: unknown[] } }>('l2tpLens/documentFlows', { uri });
    assert.equal(f.model.format, 'l2tp-lens.flow');
    assert.equal(f.model.tunnels.length, 1);
    const d = await lsp.request<{ text: string }>('l2tpLens/exportDiagram', { uri, tunnel: 4660, format: 'mermaid' });
    assert.match(d.text, /sequenceDiagram/);
    assert.match(d.text, /SCCRQ/);
  });
});
