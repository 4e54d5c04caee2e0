// The bundled server over stdio on every hex-dump fixture format: frames found, outline ranges that select
// the frame's bytes, hovers on bytes, folding, semantic tokens decoded back to byte roles, edits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentSymbol, FoldingRange, Hover, SemanticTokens } from 'vscode-languageserver-protocol';
import { parseHexDocument, spanOfByte } from '../../server/dissect/capture/hexdump';
import { decodeTokens, fixture, fixtures, hoverText, startServer, uriOf } from './client';
import type { Lsp } from './client';

const FRAMES: Record<string, number> = {
  'frames1-2': 2, 'frames1-3': 3, 'frames5-9': 5, multi: 5, 'multi.tshark-xP': 3, http: 4, sll: 6,
};
const expectedFrames = (name: string): number => FRAMES[name.replace(/\.(txt|h|c)$/, '')] ?? FRAMES[name.split('.')[0] ?? ''] ?? 1;
const files = readdirSync(join(fixtures, 'hexdump')).filter((n) => /\.(txt|h|c)$/.test(n)).sort();

let lsp: Lsp;
before(async () => { lsp = await startServer(); });
after(async () => { await lsp.close(); });

describe('hex-dump documents: every fixture format', () => {
  for (const name of files) {
    test(name, async () => {
      const text = fixture(`hexdump/${name}`);
      const uri = await lsp.open(uriOf(name), 'l2tp-hexdump', text);
      const diags = await lsp.diagnostics(uri);
      assert.ok(!diags.some((d) => String(d.code).startsWith('hexdump.') && d.severity === 1), `no hex-dump syntax errors: ${JSON.stringify(diags)}`);
      const syms = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.equal(syms.length, expectedFrames(name), 'one outline entry per frame');
      const doc = parseHexDocument(text);
      syms.forEach((s, k) => {
        assert.match(s.name, new RegExp(`^#${k + 1} `));
        const hf = doc.frames[k];
        assert.ok(hf);
        // The frame's selection range runs from the earliest byte text to the latest (words may be swapped).
        const spans = Array.from(hf.bytes, (_, i) => spanOfByte(hf, i)).filter((x) => x !== undefined);
        const first = spans.reduce((m, x) => (x.line < m.line || (x.line === m.line && x.start < m.start) ? x : m));
        const last = spans.reduce((m, x) => (x.line > m.line || (x.line === m.line && x.end > m.end) ? x : m));
        assert.deepEqual(s.selectionRange.start, { line: first.line, character: first.start });
        assert.deepEqual(s.selectionRange.end, { line: last.line, character: last.end });
        assert.ok((s.children ?? []).length >= 1, 'protocol layers under the frame');
      });
      // Hover on the first byte of the first frame names the byte and a path.
      const hf = doc.frames[0];
      const sp = hf ? spanOfByte(hf, 0) : undefined;
      assert.ok(sp);
      const h = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: sp.line, character: sp.start } });
      assert.ok(h, 'hover on the first byte');
      assert.match(hoverText(h), /Bytes? 0/);
      const r = h.range;
      assert.ok(r, 'hover range');
      const before = (l: number, c: number, l2: number, c2: number): boolean => l < l2 || (l === l2 && c <= c2);
      assert.ok(before(r.start.line, r.start.character, sp.line, sp.start) && before(sp.line, sp.end, r.end.line, r.end.character), 'hover range covers byte 0');
    });
  }
});

/** The semantic-token type over each byte of the document's first frame, as the server colours it. */
async function byteRoles(uri: string, text: string): Promise<(i: number) => string | undefined> {
  const legend = lsp.init.capabilities.semanticTokensProvider?.legend.tokenTypes ?? [];
  const toks = decodeTokens((await lsp.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } })).data, legend);
  const hf = parseHexDocument(text).frames[0];
  assert.ok(hf);
  return (i) => {
    const s = spanOfByte(hf, i);
    return s ? toks.find((t) => t.line === s.line && t.start <= s.start && s.end <= t.end)?.type : undefined;
  };
}

describe('hex-dump features', () => {
  test('outline layers select their bytes; fields nest inside them', async () => {
    const text = fixture('hexdump/sccrq.hexdump-C.txt');
    const uri = await lsp.open(uriOf('outline.hexdump'), 'l2tp-hexdump', text);
    const syms = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const eth = syms[0]?.children?.[0];
    assert.ok(eth);
    assert.equal(eth.detail, 'eth');
    // Ethernet is bytes 0..13: "02 00 5e … 08 00" on line 0, columns 10..52 in hexdump -C.
    assert.deepEqual(eth.selectionRange, { start: { line: 0, character: 10 }, end: { line: 0, character: 52 } });
    const dst = eth.children?.find((c) => c.detail === 'eth.dst');
    assert.ok(dst);
    assert.deepEqual(dst.selectionRange, { start: { line: 0, character: 10 }, end: { line: 0, character: 27 } });
  });

  test('folding: one range per frame and per multi-line layer', async () => {
    const uri = await lsp.open(uriOf('fold.hexdump'), 'l2tp-hexdump', fixture('hexdump/multi.tshark-x.txt'));
    const folds = await lsp.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    for (const [a, b] of [[0, 9], [11, 19], [21, 24], [26, 29], [31, 38]]) {
      assert.ok(folds.some((f) => f.startLine === a && f.endLine === b), `frame fold ${a}-${b}`);
    }
    // IPv4 starts on line 0, so its fold is the frame's; UDP (byte 34, line 2) folds with what it carries.
    assert.ok(folds.some((f) => f.startLine === 2 && f.endLine === 9), 'the UDP layer folds with its payload (lines 2-9 of frame 1)');
    const keys = folds.map((f) => `${f.startLine}-${f.endLine}`);
    assert.equal(new Set(keys).size, keys.length, 'no range folds twice');
  });

  test('semantic tokens decode back to byte roles', async () => {
    const text = fixture('hexdump/sccrq.xxd-g1.txt');
    const uri = await lsp.open(uriOf('tokens.hexdump'), 'l2tp-hexdump', text);
    const legend = lsp.init.capabilities.semanticTokensProvider?.legend.tokenTypes ?? [];
    assert.ok(legend.includes('avpHeader') && legend.includes('sequence'));
    const roleOfByte = await byteRoles(uri, text);
    for (let i = 0; i < 12; i++) assert.equal(roleOfByte(i), 'address', `byte ${i}: MAC address`);
    assert.equal(roleOfByte(42), 'flags', 'L2TP flags');
    assert.equal(roleOfByte(46), 'identifier', 'tunnel ID');
    assert.equal(roleOfByte(61), 'messageType', 'Message Type value');
    // Range request: only tokens on the lines asked for.
    const part = decodeTokens((await lsp.request<SemanticTokens>('textDocument/semanticTokens/range', { textDocument: { uri }, range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } } })).data, legend);
    assert.ok(part.length > 0 && part.every((t) => t.line >= 2 && t.line <= 3));
  });

  test('an edit re-decodes and re-publishes; unparseable text gets a diagnostic, not silence', async () => {
    const uri = await lsp.open(uriOf('edit.hexdump'), 'l2tp-hexdump', fixture('hexdump/sccrq.xxd.txt'));
    await lsp.diagnostics(uri);
    await lsp.change(uri, 2, 'this is not a hex dump at all\n');
    const d = await lsp.diagnostics(uri);
    assert.ok(d.some((x) => x.code === 'hexdump.no_frames' && x.severity === 1), JSON.stringify(d));
    await lsp.change(uri, 3, fixture('hexdump/multi.hexstream.txt'));
    await lsp.diagnostics(uri);
    const syms = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(syms.length, 5);
  });

  test('L2TP roles of a bare L2TP frame (xxd -p of the UDP payload)', async () => {
    const text = fixture('hexdump/sccrq-l2tp.xxd-p.txt');
    const uri = await lsp.open(uriOf('l2tp-roles.hexdump'), 'l2tp-hexdump', text);
    const roleOfByte = await byteRoles(uri, text);
    const want: [number, string][] = [[0, 'flags'], [1, 'flags'], [2, 'length'], [4, 'identifier'], [6, 'identifier'], [8, 'sequence'], [10, 'sequence'],
      [12, 'avpHeader'], [14, 'avpHeader'], [16, 'avpHeader'], [18, 'messageType'], [19, 'messageType']];
    for (const [i, role] of want) assert.equal(roleOfByte(i), role, `byte ${i}`);
    // Bytes of the Host Name AVP's value (an AVP value).
    const syms = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const host = syms[0]?.children?.[0]?.children?.find((c) => /Host Name/.test(c.name));
    assert.ok(host, 'Host Name AVP in the outline');
  });

  test('L2TP hover: path, value name, bytes, RFC', async () => {
    const text = fixture('hexdump/sccrq-l2tp.xxd-p.txt');
    const uri = await lsp.open(uriOf('l2tp-hover.hexdump'), 'l2tp-hexdump', text);
    const hf = parseHexDocument(text).frames[0];
    const sp = hf ? spanOfByte(hf, 19) : undefined; // the Message Type AVP's value
    assert.ok(sp);
    const t = hoverText(await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: sp.line, character: sp.start } }));
    assert.match(t, /^\*\*L2TP › .*Message Type\*\*/);
    assert.match(t, /\*\*Message Type\*\*: 1 — /);
    assert.match(t, /Bytes 18–19/);
    assert.match(t, /`00 01`/);
    assert.match(t, /RFC 2661/);
    assert.match(t, /`l2tp\.avp\.message_type`/);
    const syms = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.match(syms[0]?.name ?? '', /^#1 .*SCCRQ/);
  });

  test('whole-frame hover path (Ethernet › IPv4 › UDP › L2TP)', async () => {
    const text = fixture('hexdump/sccrq.xxd-g1.txt');
    const uri = await lsp.open(uriOf('eth-hover.hexdump'), 'l2tp-hexdump', text);
    const hf = parseHexDocument(text).frames[0];
    const sp = hf ? spanOfByte(hf, 61) : undefined;
    assert.ok(sp);
    const t = hoverText(await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: sp.line, character: sp.start } }));
    assert.match(t, /Ethernet › IPv4 › UDP › L2TP ›/);
    assert.match(t, /Bytes 60–61/);
  });
});
