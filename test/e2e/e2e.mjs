// Drives a real VS Code (code-server in Debian's Chromium, through playwright-core) with the packaged
// extension installed: opens the hex-dump and Markdown fixtures, reads hovers, the Outline view, the language
// mode and the TextMate/semantic scopes from the DOM, and takes screenshots. Started by run.sh, which passes
// CS_URL, WS (the workspace folder), SHOTS (screenshot folder) and RESULTS (a file collecting check lines).
import { appendFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const URL_ = process.env.CS_URL ?? 'http://127.0.0.1:8089/';
const SHOTS = process.env.SHOTS ?? 'shots';
const RESULTS = process.env.RESULTS;
const t0 = Date.now();
const log = (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
let failed = 0;
const check = (name, ok, detail) => {
  const line = `${ok ? 'ok' : 'FAIL'} - ${name}${detail ? ': ' + String(detail).replace(/\s+/g, ' ').slice(0, 300) : ''}`;
  console.log(line);
  if (RESULTS) appendFileSync(RESULTS, line + '\n');
  if (!ok) failed++;
};

// The positions checked (1-based line and character column, as VS Code's "Go to Line" takes them). They sit
// on the value of the Message Type AVP; the Neovim checks (nvim-checks.txt) use the same bytes.
const HEXDUMP = { file: 'negotiation.l2tpdump', line: 7, col: 43 };   // frame 1 (SCCRQ): `0001` at 0x3c
const MD_BARE = { file: 'negotiation.md', line: 23, col: 8 };          // 2nd ```l2tp block (bare L2TP, SCCRP): `02`
const MD_ETH = { file: 'negotiation.md', line: 9, col: 42 };           // 1st block (xxd, Ethernet, SCCRQ): `0001`

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });

async function shot(name) {
  await page.waitForTimeout(400); // let the command palette fade out
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
  log(`screenshot ${name}.png`);
}

/** Runs a command from the palette by (part of) its title. */
async function command(title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill('>' + title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

async function openFile(name) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 15000 });
  await page.locator('.editor-instance .monaco-editor .view-line').first().waitFor({ timeout: 15000 });
}

/**
 * Puts the cursor before character `col` (1-based) of line `line`: Quick Open's `:line:1`, then `col - 1`
 * presses of the right arrow (Quick Open's own columns are visual ones, which a tab would shift).
 */
async function goTo(line, col) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(`:${line}:1`);
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
  for (let i = 1; i < col; i++) await page.keyboard.press('ArrowRight');
}

/** Status bar's cursor position, "Ln 7, Col 42". */
const cursorText = async () => (await page.locator('#status\\.editor\\.selection').innerText().catch(() => '')).trim();

/** Shows the hover at the cursor (Ctrl+K Ctrl+I) until `want` matches (the server may still be starting). */
async function hoverText(pos, want, tries = 12) {
  let text = '';
  for (let i = 0; i < tries; i++) {
    await goTo(pos.line, pos.col);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    try {
      await page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first().waitFor({ timeout: 3000 });
      await page.waitForTimeout(300); // "Loading…" gives way to the answer
      text = (await page.locator('.monaco-hover:not(.hidden)').allInnerTexts()).join(' | ');
    } catch {
      text = '';
    }
    if (want.test(text)) return text;
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1000);
  }
  return text;
}

/**
 * The Outline view's rows (opened and focused through its command). With several symbol providers (Markdown's
 * own headings and ours) the Outline shows one collapsed group per provider: the "L2TP Lens" group is expanded.
 */
async function outlineRows(want) {
  await command('Explorer: Focus on Outline View');
  // Room for the Outline: fold the file tree's section of the Explorer away.
  const folders = page.locator('.pane:has(.explorer-folders-view) > .pane-header[aria-expanded="true"]');
  if (await folders.count()) await folders.first().click();
  const rows = page.locator('.outline-pane .monaco-list-row');
  let texts = [];
  for (let i = 0; i < 30; i++) {
    texts = (await rows.allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
    if (want.test(texts.join('\n'))) break;
    const group = page.locator('.outline-pane .monaco-list-row[aria-level="1"][aria-expanded="false"]', { hasText: /^(L2TP Lens|Markdown Language Features)$/ });
    if (await group.count()) await group.first().locator('.monaco-tl-twistie').click();
    await page.waitForTimeout(300);
  }
  return texts;
}

/** TextMate scopes and semantic token type at the cursor, from "Developer: Inspect Editor Tokens and Scopes". */
async function inspectTokens(line, col) {
  await goTo(line, col);
  await command('Developer: Inspect Editor Tokens and Scopes');
  const w = page.locator('.token-inspect-widget');
  try {
    await w.waitFor({ timeout: 10000 });
    await page.waitForTimeout(500);
    return (await w.innerText()).replace(/\s+/g, ' ');
  } catch {
    return '';
  }
}

async function closeInspector() {
  await page.keyboard.press('Escape');
  await page.locator('.token-inspect-widget').waitFor({ state: 'detached', timeout: 3000 }).catch(() => {});
}

try {
  await page.goto(URL_ + '?folder=' + encodeURIComponent(process.env.WS), { waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
  log('workbench up');

  // 1. The hex dump: language mode, grammar scopes, hover on the Message Type AVP, the Outline.
  await openFile(HEXDUMP.file);
  const mode = (await page.locator('#status\\.editor\\.mode').innerText().catch(() => '')).trim();
  check('hex dump opens in the contributed language mode', /L2TP Hex Dump/.test(mode), mode);
  let text = await hoverText(HEXDUMP, /l2tp\.avp\.message_type/);
  check('hex-dump hover names the field (l2tp.avp.message_type)', /l2tp\.avp\.message_type/.test(text), text);
  check('hex-dump hover decodes the message (SCCRQ / Start-Control-Connection-Request)', /SCCRQ|Start[-_ ]Control[-_ ](Connection[-_ ])?Request/.test(text), text);
  log(`cursor ${await cursorText()}`);
  await shot('1-hexdump-hover');
  await page.keyboard.press('Escape');

  let rows = await outlineRows(/#3\b.*SCCCN/);
  const joined = rows.join('\n');
  check('Outline lists the hex dump\'s frames (#1 …SCCRQ…, #2 …SCCRP…, #3 …SCCCN…)',
    /#1\b.*SCCRQ/.test(joined) && /#2\b.*SCCRP/.test(joined) && /#3\b.*SCCCN/.test(joined), rows.slice(0, 8).join(' / '));
  await shot('2-hexdump-outline');

  let scopes = await inspectTokens(4, 5); // "0x0000:" offset of frame 1 (after the tab)
  check('TextMate grammar: offset scope', /constant\.other\.offset\.l2tp-hexdump/.test(scopes), scopes);
  await shot('3-hexdump-token-inspect');
  await closeInspector();
  scopes = await inspectTokens(HEXDUMP.line, HEXDUMP.col);
  check('TextMate grammar: byte scope', /constant\.numeric\.hex\.byte\.l2tp-hexdump/.test(scopes), scopes);
  check('semantic token on the Message Type bytes', /messageType/.test(scopes), scopes);
  await closeInspector();
  scopes = await inspectTokens(4, 55); // ASCII gutter "..^....."
  check('TextMate grammar: ASCII gutter scope', /string\.unquoted\.ascii\.l2tp-hexdump/.test(scopes), scopes);
  await closeInspector();

  // 2. Markdown with ```l2tp blocks: hover in both blocks, the Outline, the injected grammar.
  await openFile(MD_BARE.file);
  text = await hoverText(MD_BARE, /l2tp\.avp\.message_type/);
  check('Markdown hover in a ```l2tp block names the field (l2tp.avp.message_type)', /l2tp\.avp\.message_type/.test(text), text);
  check('Markdown hover decodes the message (SCCRP)', /SCCRP|Start[-_ ]Control[-_ ](Connection[-_ ])?Reply/.test(text), text);
  await shot('4-markdown-hover');
  await page.keyboard.press('Escape');
  text = await hoverText(MD_ETH, /l2tp\.avp\.message_type/);
  check('Markdown hover on a whole Ethernet frame reaches the L2TP AVP (SCCRQ)', /l2tp\.avp\.message_type/.test(text) && /SCCRQ|Start[-_ ]Control[-_ ](Connection[-_ ])?Request/.test(text), text);
  await page.keyboard.press('Escape');

  rows = await outlineRows(/#3\b.*SCCCN[^]*Tunnel set-up seen on the LAC/);
  const mdJoined = rows.join('\n');
  check('Outline of the Markdown file lists its frames (#1 …SCCRQ…, #2 …SCCRP…)', /#1\b.*SCCRQ/.test(mdJoined) && /#2\b.*SCCRP/.test(mdJoined), rows.slice(0, 10).join(' / '));
  check('settings reach the server (l2tpLens.markdown.untaggedBlocks: the untagged block is frame #3 SCCCN)', /#3\b.*SCCCN/.test(mdJoined) && !/#4\b/.test(mdJoined), rows.slice(0, 10).join(' / '));
  check('…beside Markdown\'s own headings', /Tunnel set-up seen on the LAC/.test(mdJoined), rows.slice(0, 10).join(' / '));
  await shot('5-markdown-outline');
  scopes = await inspectTokens(MD_BARE.line, MD_BARE.col);
  check('Markdown ```l2tp block is highlighted by the injected grammar', /meta\.embedded\.block\.l2tp-hexdump/.test(scopes) && /constant\.numeric\.hex\.byte\.l2tp-hexdump/.test(scopes), scopes);
  await shot('6-markdown-token-inspect');
  await closeInspector();
} catch (e) {
  check('exception', false, e instanceof Error ? e.message : String(e));
  await page.screenshot({ path: `${SHOTS}/error.png` }).catch(() => {});
} finally {
  await browser.close();
}
log(`done, ${failed} failed`);
process.exit(failed ? 1 : 0);
