// Go to definition (a tunnel or session ID → the AVP that assigned it) and find references (every header
// or AVP that carries the same ID) within a document; which fields carry IDs comes from roles.ts.

import type { Location, Position } from 'vscode-languageserver';
import type { TreeNode } from '../../dissect/tree';
import type { DocAnalysis, DocFrame } from '../analysis';
import { byteAt, byteRangeHull } from '../positions';
import { ID_FIELDS, idKindOf } from '../roles';
import type { IdKind } from '../roles';
import { fieldNodes, nodesAt } from '../treeQuery';

interface IdHit {
  frame: DocFrame;
  node: TreeNode;
  assigns: boolean;
}

/** The ID field under a position, if any. */
function idAt(a: DocAnalysis, pos: Position): { kind: IdKind; value: number; frame: DocFrame; node: TreeNode } | undefined {
  const f = a.frameAtLine(pos.line);
  if (!f) return undefined;
  const byte = byteAt(f, pos);
  const tree = byte >= 0 ? a.tree(f.index) : undefined;
  if (!tree) return undefined;
  const chain = nodesAt(tree, byte);
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i];
    const k = n?.abbrev ? idKindOf(n.abbrev) : undefined;
    if (n && k && typeof n.value === 'number') return { kind: k.kind, value: n.value, frame: f, node: n };
  }
  return undefined;
}

function allIds(a: DocAnalysis, kind: IdKind, value: number): IdHit[] {
  const wanted = new Set([...ID_FIELDS[kind].uses, ...ID_FIELDS[kind].assigns]);
  const out: IdHit[] = [];
  for (const f of a.frames) {
    if (!f.l2tp) continue;
    const tree = a.tree(f.index);
    if (!tree) continue;
    for (const n of fieldNodes(tree.layers)) {
      if (n.source || !n.abbrev || !wanted.has(n.abbrev) || n.value !== value) continue;
      out.push({ frame: f, node: n, assigns: ID_FIELDS[kind].assigns.includes(n.abbrev) });
    }
  }
  return out;
}

function loc(a: DocAnalysis, h: IdHit): Location | undefined {
  const r = byteRangeHull(h.frame, h.node.offset, h.node.length);
  return r ? { uri: a.uri, range: r } : undefined;
}

export function definition(a: DocAnalysis, pos: Position): Location[] {
  const id = idAt(a, pos);
  if (!id || id.value === 0) return [];
  const defs = allIds(a, id.kind, id.value).filter((h) => h.assigns);
  if (!defs.length) return [];
  // The assignment in force: the last one at or before the use, else the first after it.
  const before = defs.filter((h) => h.frame.index <= id.frame.index);
  const pick = before[before.length - 1] ?? defs[0];
  const l = pick ? loc(a, pick) : undefined;
  return l ? [l] : [];
}

export function references(a: DocAnalysis, pos: Position, includeDeclaration: boolean): Location[] {
  const id = idAt(a, pos);
  if (!id || id.value === 0) return [];
  const out: Location[] = [];
  for (const h of allIds(a, id.kind, id.value)) {
    if (!includeDeclaration && h.assigns) continue;
    const l = loc(a, h);
    if (l) out.push(l);
  }
  return out;
}
