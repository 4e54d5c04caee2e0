// Splits a document into the text segments that hold hex dumps: the whole text of a hex-dump document, or
// the fenced ```l2tp blocks of a Markdown document (and, when allowed, untagged blocks that look like dumps).

import { MARKDOWN_FENCE_TAG } from '../protocol';

export interface Segment {
  /** Document line of the segment's first line (frames' lines are offset by this). */
  lineOffset: number;
  /** The segment's text (lines joined with '\n'; columns unchanged). */
  text: string;
  /** For fenced blocks: the fence lines (opening, closing; closing = last line when unclosed). */
  fence?: { open: number; close: number; tagged: boolean };
}

const DIRECTIVE = /^\s*(?:#|\/\/|<!--)\s*l2tp-lens\s*:/i;
const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;

/** All fenced code blocks of a Markdown text, CommonMark style (an unclosed fence runs to the end). */
export function markdownFences(lines: readonly string[]): { open: number; close: number; info: string }[] {
  const out: { open: number; close: number; info: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE_OPEN.exec(lines[i] ?? '');
    if (!m) continue;
    const marker = m[2] ?? '```';
    const info = (m[3] ?? '').toLowerCase();
    const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j] ?? '')) j++;
    out.push({ open: i, close: Math.min(j, lines.length), info });
    i = j;
  }
  return out;
}

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/**
 * The hex-dump segments of a Markdown document: ```l2tp blocks, plus untagged blocks for which
 * `looksLikeDump` says yes when `untagged` is set.
 */
export function markdownSegments(text: string, untagged: boolean, looksLikeDump: (s: string) => boolean): Segment[] {
  const lines = splitLines(text);
  const segs: Segment[] = [];
  for (const f of markdownFences(lines)) {
    const tagged = f.info === MARKDOWN_FENCE_TAG;
    if (!tagged && !(untagged && f.info === '')) continue;
    const body = lines.slice(f.open + 1, f.close).join('\n');
    if (!tagged && !looksLikeDump(body)) continue;
    const fence = { open: f.open, close: Math.min(f.close, lines.length - 1), tagged };
    // A `<!-- l2tp-lens: layer=… -->` directive just above the fence governs the block: it is read as the
    // segment's first line, placed on the fence line so the block's own lines keep their numbers.
    let d = f.open - 1;
    while (d >= 0 && (lines[d] ?? '').trim() === '') d--;
    const directive = d >= 0 && DIRECTIVE.test(lines[d] ?? '') ? lines[d] ?? '' : undefined;
    if (directive !== undefined) segs.push({ lineOffset: f.open, text: `${directive}\n${body}`, fence });
    else segs.push({ lineOffset: f.open + 1, text: body, fence });
  }
  return segs;
}
