// textDocument/hover: on a byte of a frame, the field under it (path, value, bytes, meaning, RFC, problems,
// place in the negotiation); on a frame's other lines, the frame; on a hex run in other text, what it decodes to.

import type { Hover, Position } from 'vscode-languageserver';
import { parseHexDocument, hexFramesToRawFrames } from '../../dissect/capture/hexdump';
import { CaptureState } from '../../dissect/packet';
import type { Problem } from '../../dissect/expert';
import type { DecodedFrame } from '../../dissect/tree';
import { walk } from '../../dissect/tree';
import type { DocAnalysis, DocFrame } from '../analysis';
import type { ServerContext } from '../context';
import type { FlowIndex } from '../flowBridge';
import { hexRunAt } from '../hexRun';
import { byteAt, byteRangeHull } from '../positions';
import type { FrameText } from '../positions';
import { label, nodesAt } from '../treeQuery';
import { describeNode, problemLines } from './describe';

function problemsAtByte(tree: DecodedFrame, byte: number): Problem[] {
  const out: Problem[] = [];
  walk(tree.layers, (n) => {
    for (const p of n.problems ?? []) {
      if (p.source) continue;
      const hit = p.length > 0 ? byte >= p.offset && byte < p.offset + p.length : byte === p.offset;
      if (hit && !out.includes(p)) out.push(p);
    }
  });
  return out;
}

function frameLine(ctx: ServerContext, f: DecodedFrame): string {
  const s = f.summary;
  const route = s.src || s.dst ? ` · ${s.src} → ${s.dst}` : '';
  return `${ctx.l10n.t('hover.frame', f.number)}${route} · ${s.protocol} · ${s.info}`.trim();
}

/** Hover over byte `byte` of a decoded frame whose text is `ft`. */
export function hoverOnByte(ctx: ServerContext, ft: FrameText, tree: DecodedFrame, byte: number, flows: FlowIndex | undefined, frameNumber: number): Hover | null {
  const chain = nodesAt(tree, byte);
  const node = chain[chain.length - 1];
  if (!node) return null;
  const md = describeNode(tree, chain, ctx.l10n, {
    problems: problemsAtByte(tree, byte),
    negotiation: flows?.negotiation(frameNumber, ctx.l10n),
    frameLine: frameLine(ctx, tree),
  });
  const range = byteRangeHull(ft, node.offset, node.length);
  return range ? { contents: { kind: 'markdown', value: md }, range } : { contents: { kind: 'markdown', value: md } };
}

function hoverOnFrame(ctx: ServerContext, a: DocAnalysis, f: DocFrame, flows: FlowIndex | undefined): Hover {
  const tree = a.tree(f.index);
  const lines = [`**${ctx.l10n.t('hover.frame', f.number)}** · ${f.summary.protocol} · ${f.summary.info}`];
  if (tree) {
    lines.push('');
    for (const n of tree.layers) lines.push(`- ${label(tree, n)}`);
  }
  const neg = flows?.negotiation(f.number, ctx.l10n);
  if (neg) lines.push('', `**${ctx.l10n.t('hover.negotiation')}**: ${neg}`);
  if (f.problems.length) lines.push('', `**${ctx.l10n.t('hover.problems')}**`, ...problemLines(f.problems, ctx.l10n));
  return { contents: { kind: 'markdown', value: lines.join('\n') } };
}

/** A hex run inside other text: decoded as a one-line dump, the field under the cursor described. */
function hoverOnRun(ctx: ServerContext, lineText: string, pos: Position): Hover | null {
  const run = hexRunAt(lineText, pos.line, pos.character);
  if (!run) return null;
  const doc = parseHexDocument(run.segment.text);
  const hex = doc.frames[0];
  const raw = hexFramesToRawFrames(doc)[0];
  if (!hex || !raw) return null;
  const ft: FrameText = { hex, lineOffset: run.segment.lineOffset };
  const tree = ctx.engine.decode({ ...raw, number: 1 }, raw.bytes, new CaptureState(), { firstPass: true, columns: true });
  const intro = ctx.l10n.t('hover.hexRun', run.bytes, hex.startAt);
  let byte = byteAt(ft, pos);
  if (byte < 0) byte = 0;
  const h = hoverOnByte(ctx, ft, tree, byte, undefined, 1);
  if (!h) return { contents: { kind: 'markdown', value: ctx.l10n.t('hover.hexRunNothing', run.bytes) } };
  const value = typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  return { ...h, contents: { kind: 'markdown', value: `${intro}\n\n${value}` } };
}

export function hover(ctx: ServerContext, a: DocAnalysis, pos: Position, flows: FlowIndex | undefined): Hover | null {
  const f = a.frameAtLine(pos.line);
  if (f) {
    const byte = byteAt(f, pos);
    if (byte >= 0) {
      const tree = a.tree(f.index);
      return tree ? hoverOnByte(ctx, f, tree, byte, flows, f.number) : null;
    }
    return pos.line === f.hex.startLine + f.lineOffset ? hoverOnFrame(ctx, a, f, flows) : null;
  }
  if (!ctx.settings.hoverHexRuns) return null;
  return hoverOnRun(ctx, a.lines[pos.line] ?? '', pos);
}
