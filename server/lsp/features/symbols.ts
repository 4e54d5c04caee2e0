// textDocument/documentSymbol: frames named like Wireshark's Info column, then protocol layers, then fields
// and AVPs (layers only above the outline field limit), each ranged over the bytes it decodes.

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

function nodeSymbol(f: DocFrame, tree: DecodedFrame, n: TreeNode, depth: number, deep: boolean): DocumentSymbol | undefined {
  if (n.source || n.generated || n.length === 0) return undefined;
  const range = byteRangeHull(f, n.offset, n.length);
  if (!range) return undefined;
  const sym: DocumentSymbol = { name: label(tree, n) || (n.abbrev ?? '?'), kind: kindOf(n, depth), range, selectionRange: range };
  if (n.abbrev) sym.detail = n.abbrev;
  if (deep && n.children?.length) {
    const kids: DocumentSymbol[] = [];
    for (const c of n.children) {
      const s = nodeSymbol(f, tree, c, depth + 1, deep);
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

export function documentSymbols(ctx: ServerContext, a: DocAnalysis): DocumentSymbol[] {
  const deep = a.frames.length <= ctx.settings.outlineFieldLimit;
  const out: DocumentSymbol[] = [];
  for (const f of a.frames) {
    const tree = a.tree(f.index);
    let range = frameRange(f, (l) => a.lineLength(l));
    const sel = byteRangeHull(f, 0, f.bytes.length) ?? range;
    const kids: DocumentSymbol[] = [];
    for (const n of tree?.layers ?? []) {
      if (n.abbrev === 'frame' || !tree) continue;
      const s = nodeSymbol(f, tree, n, 0, deep);
      if (s) kids.push(s);
    }
    for (const k of kids) range = union(range, k.range);
    const s = f.summary;
    out.push({
      name: frameName(ctx, f),
      detail: [s.src || s.dst ? `${s.src} → ${s.dst}` : '', s.protocol].filter(Boolean).join(' '),
      kind: SymbolKind.Event,
      range,
      selectionRange: union(sel, sel),
      children: kids,
    });
  }
  return out;
}
