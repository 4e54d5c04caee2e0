// The TextMate grammars in syntaxes/: the real tool outputs of test/fixtures/hexdump/ tokenised with
// vscode-textmate + vscode-oniguruma (the engine VS Code itself uses), checking the scopes of offsets, bytes,
// ASCII gutters, summary lines, directives and comments, and the injection into Markdown ```l2tp blocks.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { classifyLine } from '../../server/dissect/capture/hexdump/classify';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HEX = join(ROOT, 'test/fixtures/hexdump');
const E2E = join(ROOT, 'test/e2e/fixtures');
const S = 'l2tp-hexdump';
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: {
    grammars: { scopeName: string; path: string; language?: string; injectTo?: string[] }[];
    languages: { id: string; firstLine?: string; extensions?: string[] }[];
  };
};

/** A stand-in for VS Code's Markdown grammar: just generic fenced blocks (the injection must win over them). */
const MARKDOWN_STUB = {
  scopeName: 'text.html.markdown',
  patterns: [{
    begin: '(^|\\G)(\\s*)(`{3,}|~{3,})\\s*([^`\\s]*)[^`]*$',
    end: '(^|\\G)(\\2|\\s{0,3})(\\3)\\s*$',
    name: 'markup.fenced_code.block.markdown',
    patterns: [{ match: '.+', name: 'markup.raw.block.markdown' }],
  }],
};

interface Tok {
  text: string;
  start: number;
  scopes: string[];
}

let registry: vsctm.Registry;

before(async () => {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(join(require.resolve('vscode-oniguruma'), '../onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const paths = new Map(pkg.contributes.grammars.map((g) => [g.scopeName, join(ROOT, g.path)]));
  registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => {
      if (scope === 'text.html.markdown') return vsctm.parseRawGrammar(JSON.stringify(MARKDOWN_STUB), 'markdown.json');
      const p = paths.get(scope);
      return p ? vsctm.parseRawGrammar(readFileSync(p, 'utf8'), p) : null;
    },
    getInjections: (scope) =>
      pkg.contributes.grammars.filter((g) => g.injectTo?.includes(scope)).map((g) => g.scopeName),
  });
});

async function tokenize(scope: string, text: string): Promise<Tok[][]> {
  const g = await registry.loadGrammar(scope);
  assert.ok(g, `grammar ${scope} loads`);
  let state = vsctm.INITIAL;
  const out: Tok[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const r = g.tokenizeLine(line, state);
    out.push(r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, scopes: t.scopes })));
    state = r.ruleStack;
  }
  return out;
}

const dump = (scope: string, text: string): Promise<Tok[][]> => tokenize(scope, text);
const hexdump = (text: string): Promise<Tok[][]> => dump(`source.${S}`, text);

/** Scopes of the token holding the first occurrence of `needle` on `line` (at or after column `from`). */
function scopesAt(lines: Tok[][], line: number, needle: string, from = 0): string[] {
  const toks = lines[line];
  assert.ok(toks, `line ${line} exists`);
  const text = toks.map((t) => t.text).join('');
  const col = text.indexOf(needle, from);
  assert.ok(col >= 0, `'${needle}' on line ${line}: ${JSON.stringify(text)}`);
  const t = toks.find((x) => x.start <= col && col < x.start + x.text.length);
  assert.ok(t);
  return t.scopes;
}

function has(lines: Tok[][], line: number, needle: string, scope: string, from = 0): void {
  const sc = scopesAt(lines, line, needle, from);
  assert.ok(sc.some((s) => s.startsWith(scope)), `'${needle}' (line ${line}) has ${scope}: got ${sc.join(' ')}`);
}

function lacks(lines: Tok[][], line: number, needle: string, scope: string, from = 0): void {
  const sc = scopesAt(lines, line, needle, from);
  assert.ok(!sc.some((s) => s.startsWith(scope)), `'${needle}' (line ${line}) lacks ${scope}: got ${sc.join(' ')}`);
}

const OFFSET = `constant.other.offset.${S}`;
const BYTE = `constant.numeric.hex.byte.${S}`;
const ASCII = `string.unquoted.ascii.${S}`;
const fixture = (name: string): string => readFileSync(join(HEX, name), 'utf8');

describe('package.json contributions', () => {
  test('language, grammar and Markdown injection are declared', () => {
    assert.ok(pkg.contributes.languages.some((l) => l.id === S));
    const main = pkg.contributes.grammars.find((g) => g.language === S);
    assert.equal(main?.scopeName, `source.${S}`);
    assert.ok(pkg.contributes.grammars.some((g) => g.injectTo?.includes('text.html.markdown')));
  });

  test('first-line pattern: a directive or a tcpdump summary of L2TP, not any text', () => {
    const lang = pkg.contributes.languages.find((l) => l.id === S);
    const re = new RegExp(lang?.firstLine ?? '$^');
    for (const yes of ['# l2tp-lens: layer=l2tp', '// l2tp-lens: layer=eth', '<!-- l2tp-lens: layer=ppp -->',
      fixture('frames1-3.tcpdump-XX.txt').split('\n')[0] ?? '', fixture('frames1-3.tcpdump-tttt-xx.txt').split('\n')[0] ?? '']) {
      assert.ok(re.test(yes), yes);
    }
    for (const no of ['# Notes', fixture('sccrq.xxd.txt').split('\n')[0] ?? '', '22:13:20.010000 IP 10.0.0.1.53 > 10.0.0.2.53: 1+ A? example.com.']) {
      assert.ok(!re.test(no), no);
    }
  });
});

describe('hex-dump grammar on real tool output', () => {
  test('xxd: offset with colon, 16-bit groups as byte pairs, ASCII gutter', async () => {
    const l = await hexdump(fixture('sccrq.xxd.txt'));
    has(l, 0, '00000000', OFFSET);
    has(l, 0, ':', `punctuation.separator.offset.${S}`);
    has(l, 0, '02', BYTE, 9);
    has(l, 0, '00', BYTE, 12); // second byte of the group "0200" is its own token
    has(l, 0, '..^.....^.....E.', ASCII);
    has(l, 6, 'lac.exam', ASCII);
    has(l, 9, '........', ASCII); // short last row: the gutter after the padding
    lacks(l, 9, '........', BYTE);
  });

  test('hexdump -C: double gap in the middle, |gutter|, final length line', async () => {
    const l = await hexdump(fixture('sccrq.hexdump-C.txt'));
    has(l, 0, '00000000', OFFSET);
    has(l, 0, '5e', BYTE, 30); // after the 8-byte gap
    has(l, 0, '|', `punctuation.definition.ascii.begin.${S}`);
    has(l, 0, '..^.....^.....E.', ASCII);
    has(l, 10, '00000098', OFFSET);
  });

  test('tcpdump -XX: summary line with timestamp and message type, 0x offsets', async () => {
    const l = await hexdump(fixture('frames1-3.tcpdump-XX.txt'));
    has(l, 0, '22:13:20.010000', `constant.numeric.timestamp.${S}`);
    has(l, 0, 'IP 203.0.113.10', `markup.heading.summary.${S}`);
    has(l, 0, 'SCCRQ', `entity.name.function.message-type.${S}`);
    has(l, 1, '0x', `punctuation.definition.offset.${S}`);
    has(l, 1, '0000', OFFSET);
    has(l, 1, '5e', BYTE);
    has(l, 1, '..^.....^.....E.', ASCII);
    has(l, 11, 'SCCRP', `entity.name.function.message-type.${S}`);
  });

  test('tcpdump -x / -tttt: no gutter, dated summaries', async () => {
    const x = await hexdump(fixture('frames1-3.tcpdump-x.txt'));
    has(x, 1, '4500', BYTE);
    const t = await hexdump(fixture('frames1-3.tcpdump-tttt-xx.txt'));
    has(t, 0, '2023-11-14 22:13:20.010000', `constant.numeric.timestamp.${S}`);
    has(t, 1, '0x0000', `meta.line.offset.${S}`);
  });

  test('tshark -x -P and Wireshark "Copy as Hex Dump"', async () => {
    const p = await hexdump(fixture('multi.tshark-xP.txt'));
    has(p, 0, '1', `constant.numeric.frame-number.${S}`);
    has(p, 0, '0.000000', `constant.numeric.timestamp.${S}`);
    has(p, 0, 'SCCRQ', `entity.name.function.message-type.${S}`);
    has(p, 2, '0000', OFFSET);
    has(p, 2, '..^.....^.....E.', ASCII);
    const w = await hexdump(fixture('sccrq.wireshark-copy.txt'));
    has(w, 0, '0000', OFFSET);
    has(w, 0, '02', BYTE, 4);
    has(w, 9, '........', ASCII);
  });

  test('od, hexdump (16-bit words), text2pcap with # comments', async () => {
    const od = await hexdump(fixture('sccrq.od.txt'));
    has(od, 0, '000000', OFFSET);
    has(od, 0, '5e', BYTE);
    has(od, 10, '000098', OFFSET);
    const hd = await hexdump(fixture('sccrq.hexdump.txt'));
    has(hd, 0, '0000000', OFFSET);
    has(hd, 0, '005e', BYTE);
    const t2p = await hexdump(fixture('frames1-3.text2pcap.txt'));
    has(t2p, 0, 'frames 1-3', `comment.line.number-sign.${S}`);
    has(t2p, 1, '# frame 1', `comment.line.number-sign.${S}`);
    has(t2p, 2, '000000', OFFSET);
  });

  test('xxd -p streams and plain byte rows', async () => {
    const l = await hexdump(fixture('sccrq-l2tp.xxd-p.txt'));
    has(l, 0, 'c8', BYTE);
    has(l, 0, '6e', BYTE);
    assert.ok(l[0]?.every((t) => t.scopes.some((s) => s.startsWith(BYTE))), 'every token of a stream line is a byte');
    const rows = await hexdump('c8 02 00 14 00 00 00 00\nc802 006e 0000 0000\n0x c8');
    has(rows, 0, '14', BYTE);
    has(rows, 1, '6e', BYTE);
    lacks(rows, 1, '0000', OFFSET); // a 4-digit group followed by one blank is a byte group, not an offset
  });

  test('C arrays and byte strings', async () => {
    const i = await hexdump(fixture('sccrq.xxd-i.h'));
    has(i, 0, 'unsigned', `storage.modifier.${S}`);
    has(i, 0, 'char', `storage.type.${S}`);
    has(i, 1, '0x02', BYTE);
    const c = await hexdump(fixture('frames1-2.wireshark-carrays.c'));
    has(c, 0, '// Frame (152 bytes)', `comment.line.double-slash.${S}`);
    has(c, 1, '152', `constant.numeric.decimal.${S}`);
    has(c, 2, '0x5e', BYTE);
    has(c, 2, '|..^.....|', `comment.line.double-slash.${S}`);
    const py = await hexdump(fixture('frames1-2.python.txt'));
    has(py, 0, "b'", `string.quoted.single.${S}`);
    has(py, 0, '\\x02', `constant.character.escape.hex.${S}`);
    const esc = await hexdump(fixture('sccrq.escaped.txt'));
    has(esc, 0, '\\x5e', `constant.character.escape.hex.${S}`);
  });

  test('directives and comments', async () => {
    const l = await hexdump([
      '# l2tp-lens: layer=l2tp time=1700000000.010000',
      '// l2tp-lens: layer=eth',
      '<!-- l2tp-lens: layer=ppp -->',
      '# l2tp-lens: layer=bogus',
      '# just a note about c8 02',
      '/* a block',
      '   comment 00 11 */',
    ].join('\n'));
    has(l, 0, 'l2tp-lens', `keyword.control.directive.${S}`);
    has(l, 0, 'layer', `variable.parameter.directive.key.${S}`);
    has(l, 0, 'l2tp', `constant.language.layer.${S}`, 12);
    has(l, 0, '1700000000.010000', `constant.numeric.time.${S}`);
    has(l, 1, 'eth', `constant.language.layer.${S}`);
    has(l, 2, 'ppp', `constant.language.layer.${S}`);
    has(l, 3, 'layer=bogus', `invalid.illegal.directive.${S}`);
    has(l, 4, 'c8 02', `comment.line.number-sign.${S}`);
    lacks(l, 4, 'c8', BYTE);
    has(l, 6, '00 11', `comment.block.${S}`);
  });

  test('prose is left alone', async () => {
    const l = await hexdump('The tunnel came up at last.\n0000 is the reserved id here\nSee frame 3 below');
    lacks(l, 0, 'The', BYTE);
    lacks(l, 1, '0000', OFFSET);
    lacks(l, 2, 'frame', BYTE);
  });

  test('every offset line the hex-dump reader sees has its offset scoped as one', async () => {
    let checked = 0;
    for (const name of readdirSync(HEX).filter((n) => !n.endsWith('.sh')).sort()) {
      const text = fixture(name);
      const toks = await hexdump(text);
      text.split(/\r?\n/).forEach((line, i) => {
        const rec = classifyLine(line);
        if (rec.kind !== 'offset' || rec.area.toks.length === 0) return;
        const t = toks[i]?.find((x) => x.start <= rec.offStart && rec.offStart < x.start + x.text.length);
        assert.ok(t?.scopes.includes(OFFSET), `${name}:${i + 1} offset ${rec.offText}: ${t?.scopes.join(' ')}`);
        checked++;
      });
    }
    assert.ok(checked > 100, `checked ${checked} offset lines`);
  });
});

describe('Markdown injection', () => {
  const md = [
    '# Notes',
    '',
    '```l2tp',
    '# l2tp-lens: layer=l2tp',
    'c8 02 00 14 00 00 00 00',
    '00000000: 0200 5e00  ..^.',
    '```',
    '',
    '```text',
    'c8 02 00 14',
    '```',
    '',
    '  ~~~L2TP title="x"',
    '  c8 02',
    '  ~~~',
  ].join('\n');

  test('```l2tp blocks embed the hex-dump grammar, other blocks do not', async () => {
    const l = await dump('text.html.markdown', md);
    has(l, 2, 'l2tp', 'fenced_code.block.language.markdown');
    has(l, 3, 'l2tp-lens', `keyword.control.directive.${S}`);
    has(l, 4, '14', BYTE);
    has(l, 4, '14', `meta.embedded.block.${S}`);
    has(l, 5, '00000000', OFFSET);
    has(l, 5, '..^.', ASCII);
    lacks(l, 6, '```', `meta.embedded.block.${S}`);
    lacks(l, 9, '14', BYTE);
    has(l, 13, '02', BYTE);
    lacks(l, 14, '~~~', BYTE);
  });

  test('the e2e Markdown fixture highlights its ```l2tp block', async () => {
    const text = readFileSync(join(E2E, 'negotiation.md'), 'utf8');
    const l = await dump('text.html.markdown', text);
    const lines = text.split('\n');
    const open = lines.findIndex((s) => /^```l2tp\s*$/.test(s));
    assert.ok(open >= 0);
    const byteLine = lines.findIndex((s, i) => i > open && /^\s*(0x)?[0-9a-f]{4}/.test(s));
    assert.ok(l[byteLine]?.some((t) => t.scopes.includes(BYTE)), `bytes on line ${byteLine + 1}`);
  });
});
