// Questions views ask of a decoded tree: the chain of nodes over a byte, a node by index path, a node's
// bytes, and the readable path of names (Ethernet › IPv4 › UDP › L2TP › …).

import { fieldByAbbrev } from '../dissect/fields';
import { labelOf } from '../dissect/render';
import { nodeBytes } from '../dissect/tree';
import type { DecodedFrame, TreeNode } from '../dissect/tree';
import { layerShortName } from './roles';

const covers = (n: TreeNode, byte: number): boolean => !n.source && n.length > 0 && byte >= n.offset && byte < n.offset + n.length;

/** Nodes from the top layer down to the smallest node that holds frame byte `byte` (empty if none). */
export function nodesAt(f: DecodedFrame, byte: number): TreeNode[] {
  const path: TreeNode[] = [];
  // The 'frame' pseudo-layer spans every byte; prefer the real layer that holds the byte.
  let level: readonly TreeNode[] = f.layers.filter((n) => n.abbrev !== 'frame');
  if (!level.some((n) => covers(n, byte))) level = f.layers;
  for (;;) {
    let best: TreeNode | undefined;
    for (const n of level) {
      if (covers(n, byte) && (!best || n.length < best.length)) best = n;
    }
    if (!best) break;
    path.push(best);
    if (!best.children) break;
    level = best.children;
  }
  return path;
}

/** The node at child-index path `path` (top-level index first), with the chain leading to it. */
export function nodesByIndex(f: DecodedFrame, path: readonly number[]): TreeNode[] {
  const out: TreeNode[] = [];
  let level: readonly TreeNode[] | undefined = f.layers;
  for (const i of path) {
    const n: TreeNode | undefined = level?.[i];
    if (!n) return [];
    out.push(n);
    level = n.children;
  }
  return out;
}

export { nodeBytes };

export function label(f: DecodedFrame, n: TreeNode): string {
  return labelOf(n, nodeBytes(f, n));
}

/** A node's name in a path: short layer names, field names, or a text line's label up to its colon. */
export function nameOf(f: DecodedFrame, n: TreeNode): string {
  const def = n.abbrev ? fieldByAbbrev(n.abbrev) : undefined;
  if (def?.type === 'protocol' && n.abbrev) return layerShortName(n.abbrev);
  if (def) return def.name;
  const text = label(f, n);
  const colon = text.indexOf(':');
  return (colon > 0 ? text.slice(0, colon) : text).trim();
}

/**
 * The readable path of a chain. Layers are siblings in the tree (they tile the frame), so the layers that
 * carry the chain's top layer are put in front: Ethernet › IPv4 › UDP › L2TP › AVP … .
 */
export function pathText(f: DecodedFrame, chain: readonly TreeNode[]): string {
  return [...carriers(f, chain[0]), ...chain].map((n) => nameOf(f, n)).join(' › ');
}

/** The top-level layers before `layer` that carry it (the frame pseudo-layer and trailers excluded). */
export function carriers(f: DecodedFrame, layer: TreeNode | undefined): TreeNode[] {
  const i = layer ? f.layers.indexOf(layer) : -1;
  if (i <= 0) return [];
  return f.layers.slice(0, i).filter((n) => n.abbrev !== 'frame' && n.abbrev !== 'data' && !n.abbrev?.endsWith('.trailer') && !n.abbrev?.endsWith('.padding'));
}

/** Every node with a value, in tree order (for ID searches), with its frame-relative position. */
export function* fieldNodes(layers: readonly TreeNode[]): Generator<TreeNode> {
  const stack: TreeNode[] = [...layers].reverse();
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.abbrev) yield n;
    if (n.children) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as TreeNode);
  }
}
