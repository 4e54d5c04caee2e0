// Markdown documents: ```l2tp blocks decoded in place (line numbers offset), untagged blocks only when the
// setting allows, a directive above a fence honoured, hex runs in log lines hovered, empty blocks diagnosed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { fixture, hoverText, startServer, uriOf } from './client';
import type { Lsp } from './client';

const bare = fixture('hexdump/sccrq-l2tp.xxd-p.txt').trimEnd();
const notes = ['# Notes', '', 'The SCCRQ:', '', '```l2tp', bare, '```', '', '```l2tp', 'nothing to see here', '```', '', '```', bare, '```', ''].join('\n');

describe('Markdown with default settings', () => {
  let lsp: Lsp;
  before(async () => { lsp = await startServer(); });
  after(async () => { await lsp.close(); });

  test('only ```l2tp blocks are decoded, at their own lines', async () => {
    const uri = await lsp.open(uriOf('notes.md'), 'markdown', notes);
    const diags = await lsp.diagnostics(uri);
    const syms = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(syms.length, 1, 'the untagged block is left alone');
    assert.equal(syms[0]?.selectionRange.start.line, 5);
    assert.equal(syms[0]?.selectionRange.end.line, 4 + bare.split('\n').length);
    const empty = diags.find((d: Diagnostic) => d.code === 'hexdump.no_frames');
    assert.ok(empty, 'a ```l2tp block with no dump is diagnosed');
    assert.equal(empty.range.start.line, 7 + bare.split('\n').length, 'on the fence line of the empty block');
  });

  test('hover inside the block works with the block offset', async () => {
    const uri = uriOf('notes.md');
    const h = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 1 } });
    assert.ok(h?.range);
    assert.equal(h.range.start.line, 5);
    assert.match(hoverText(h), /Bytes? 0/);
    const none = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.equal(none, null, 'prose has no hover');
  });
});

describe('Markdown ticket with untagged blocks allowed', () => {
  let lsp: Lsp;
  before(async () => { lsp = await startServer({ settings: { l2tpLens: { markdown: { untaggedBlocks: true } } } }); });
  after(async () => { await lsp.close(); });

  test('untagged dumps decode; a ```text block does not; the directive above a fence applies', async () => {
    const uri = await lsp.open(uriOf('ticket.md'), 'markdown', fixture('hexdump/ticket.md'));
    await lsp.diagnostics(uri);
    const syms = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(syms.length, 2);
    assert.equal(syms[0]?.range.start.line, 27);
    assert.equal(syms[1]?.selectionRange.start.line, 42);
    assert.equal(syms[1]?.selectionRange.end.line, 45);
    assert.match(syms[1]?.name ?? '', /^#2 .*SCCRQ/, 'layer=l2tp from the directive above the fence');
    assert.equal(syms[1]?.children?.[0]?.detail, 'l2tp');
    const crlf = await lsp.open(uriOf('ticket.crlf.md'), 'markdown', fixture('hexdump/ticket.crlf.md'));
    await lsp.diagnostics(crlf);
    const syms2 = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: crlf } });
    assert.deepEqual(syms2.map((s) => s.selectionRange), syms.map((s) => s.selectionRange), 'CRLF: same ranges');
  });

  test('hover on a run of hex bytes in a log line decodes it', async () => {
    const text = fixture('hexdump/ticket.md');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('hdr c8 02'));
    const ch = (lines[line] ?? '').indexOf('c8 02') + 1;
    const h = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf('ticket.md') }, position: { line, character: ch } });
    assert.ok(h, 'hover on the run');
    const t = hoverText(h);
    assert.match(t, /12 hex bytes/);
    assert.match(t, /L2TP/);
    const short = (lines[line + 1] ?? '').indexOf('c8');
    const none = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf('ticket.md') }, position: { line: line + 1, character: short } });
    assert.equal(none, null, 'fewer than 8 bytes: no hover');
  });
});
