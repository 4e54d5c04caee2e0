// Localisation: with `locale: zh-cn` from initialize, the server's own strings are Simplified Chinese
// (field names stay Wireshark's), and any other locale gets English.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { langOf } from '../../server/l10n/index';
import { fixture, hoverText, startServer, uriOf } from './client';
import type { Lsp } from './client';

test('locale choice', () => {
  for (const l of ['zh-cn', 'zh-CN', 'zh', 'zh-Hans', 'zh-hans-cn']) assert.equal(langOf(l), 'zh-cn', l);
  for (const l of ['en', 'en-US', 'de', 'zh-tw', '', undefined]) assert.equal(langOf(l), 'en', String(l));
});

describe('Simplified Chinese', () => {
  let lsp: Lsp;
  before(async () => { lsp = await startServer({ locale: 'zh-cn' }); });
  after(async () => { await lsp.close(); });

  test('hover, diagnostics and code lenses in Chinese', async () => {
    const uri = await lsp.open(uriOf('zh.hexdump'), 'l2tp-hexdump', fixture('hexdump/sccrq-l2tp.xxd-p.txt'));
    await lsp.diagnostics(uri);
    const t = hoverText(await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 9 } }));
    assert.match(t, /字节 4–5（共 2 字节）/);
    assert.match(t, /第 1 帧/);
    assert.match(t, /Tunnel ID/, 'field names stay Wireshark’s');
    assert.match(t, /隧道 ID/, 'the explanation is translated');
    assert.match(t, /定义见 RFC 2661/);
    const lenses = await lsp.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.match(lenses[0]?.command?.title ?? '', /显示流程/);
    assert.equal(lenses[1]?.command?.title, '复制为 Mermaid');
    await lsp.change(uri, 2, '这不是十六进制\n');
    const d = await lsp.diagnostics(uri);
    assert.match(String(d[0]?.message ?? ''), /没有找到十六进制转储/);
  });

  test('capture errors in Chinese', async () => {
    await assert.rejects(lsp.request('l2tpLens/captureFrames', { captureId: 'x', start: 0, count: 1 }), /没有 ID 为 x 的已打开抓包/);
  });
});
