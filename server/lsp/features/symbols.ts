// textDocument/documentSymbol: frames named like Wireshark's Info column, then protocol layers, then fields
// and AVPs, each ranged over the bytes it decodes. Large documents get a shallower outline (outlineDepth).

import { SymbolKind } from 'vscode-languageserver';
import type { DocumentSymbol, Range } from 'vscode-languageserver';
import { fieldByAbbrev } from '../../dissect/fields';
import type { DecodedFrame, TreeNode } from '../../dissect/tree';
import type { DocAnalysis, DocFrame } from '../analysis';
import type { ServerContext } from '../context';
import { byteRangeHull, frameRange } from '../positions';
import { label } from '../treeQuery';

function union(a: Range, b: Range): Range {
  const lt = (x: Range['start'], y: Range['start']): boolean => x.line < y.line || (x.line === y.line && x.character < y.character);
  return { start: lt(b.start, a.start) ? b.start : a.start, end: lt(a.end, b.end) ? b.end : a.end };
}

function kindOf(n: TreeNode, depth: number): SymbolKind {
  const def = n.abbrev ? fieldByAbbrev(n.abbrev) : undefined;
  if (depth === 0 || def?.type === 'protocol') return SymbolKind.Module;
  if (!n.abbrev) return SymbolKind.Struct;
  if (n.children?.length) return SymbolKind.Object;
  return SymbolKind.Field;
}

function nodeSymbol(f: DocFrame, tree: DecodedFrame, n: TreeNode, depth: number): DocumentSymbol | undefined {
  if (n.source || n.generated || n.length === 0) return undefined;
  const range = byteRangeHull(f, n.offset, n.length);
  if (!range) return undefined;
  const sym: DocumentSymbol = { name: label(tree, n) || (n.abbrev ?? '?'), kind: kindOf(n, depth), range, selectionRange: range };
  if (n.abbrev) sym.detail = n.abbrev;
  if (n.children?.length) {
    const kids: DocumentSymbol[] = [];
    for (const c of n.children) {
      const s = nodeSymbol(f, tree, c, depth + 1);
      if (s) kids.push(s);
    }
    if (kids.length) {
      sym.children = kids;
      for (const k of kids) sym.range = union(sym.range, k.range);
    }
  }
  return sym;
}

export function frameName(ctx: ServerContext, f: DocFrame): string {
  return f.summary.info ? ctx.l10n.t('outline.frame', f.number, f.summary.info) : ctx.l10n.t('outline.frameNoInfo', f.number, f.bytes.length);
}

/** Every layer with its fields (documents up to the field limit). */
function deepLayers(a: DocAnalysis, f: DocFrame): DocumentSymbol[] {
  const tree = a.tree(f.index);
  const kids: DocumentSymbol[] = [];
  for (const n of tree?.layers ?? []) {
    if (n.abbrev === 'frame' || !tree) continue;
    const s = nodeSymbol(f, tree, n, 0);
    if (s) kids.push(s);
  }
  return kids;
}

/** The layers alone, from the document's cached layer list (no tree needed once it is known). */
function shallowLayers(a: DocAnalysis, f: DocFrame): DocumentSymbol[] {
  const kids: DocumentSymbol[] = [];
  for (const e of a.layers(f.index)) {
    const range = byteRangeHull(f, e.offset, e.length);
    if (!range) continue;
    const sym: DocumentSymbol = { name: e.name, kind: SymbolKind.Module, range, selectionRange: range };
    if (e.abbrev) sym.detail = e.abbrev;
    kids.push(sym);
  }
  return kids;
}

/** Above this many times the field limit, the outline lists frames alone. */
export const LAYER_LIMIT_FACTOR = 2;

export type OutlineDepth = 'fields' | 'layers' | 'frames';

/**
 * How deep the outline of a document of `frames` frames goes: every field up to the field limit, protocol
 * layers up to LAYER_LIMIT_FACTOR times it, frames alone above that. Why the last tier: a frame with its
 * layers is about 2 kB of JSON, so 10 000 frames make a 21 MB answer that takes ~300 ms to serialise, send
 * and parse however fast the server builds it; the frames alone (their Info text, from the first pass,
 * no tree needed) are a seventh of that.
 */
export function outlineDepth(frames: number, fieldLimit: number): OutlineDepth {
  if (frames <= fieldLimit) return 'fields';
  return frames <= fieldLimit * LAYER_LIMIT_FACTOR ? 'layers' : 'frames';
}

export function documentSymbols(ctx: ServerContext, a: DocAnalysis): DocumentSymbol[] {
  const depth = outlineDepth(a.frames.length, ctx.settings.outlineFieldLimit);
  const out: DocumentSymbol[] = [];
  for (const f of a.frames) {
    let range = frameRange(f, (l) => a.lineLength(l));
    const sel = byteRangeHull(f, 0, f.bytes.length) ?? range;
    const s = f.summary;
    const sym: DocumentSymbol = {
      name: frameName(ctx, f),
      detail: [s.src || s.dst ? `${s.src} → ${s.dst}` : '', s.protocol].filter(Boolean).join(' '),
      kind: SymbolKind.Event,
      range,
      selectionRange: union(sel, sel),
    };
    if (depth !== 'frames') {
      const kids = depth === 'fields' ? deepLayers(a, f) : shallowLayers(a, f);
      for (const k of kids) range = union(range, k.range);
      sym.range = range;
      sym.children = kids;
    }
    out.push(sym);
  }
  return out;
}
