// The one protocol tree every view reads. Plain data (JSON-serialisable): it crosses into the CLI's
// --json, the language server and webviews unchanged.

import type { FieldValue } from './fields';
import type { Problem } from './expert';

export interface TreeNode {
  /** Field abbreviation (absent for a text-only line). */
  abbrev?: string;
  /** Custom label; when absent the label is rendered from the field and value (see render.ts). */
  text?: string;
  value?: FieldValue;
  /** Absolute byte offset and length in data source `source` (0 = the frame's bytes). */
  offset: number;
  length: number;
  source?: number;
  /** A field computed by the dissector (no bytes of its own: length 0), shown in [brackets]. */
  generated?: boolean;
  children?: TreeNode[];
  problems?: Problem[];
}

/** A decoded frame: top-level layers in order, plus the data sources they refer to. */
export interface DecodedFrame {
  number: number;
  layers: TreeNode[];
  /** sources[0] is the frame's captured bytes; later ones are reassembled or decrypted buffers. */
  sources: DataSource[];
  /** Protocol stack as tshark's frame.protocols, e.g. "eth:ethertype:ip:udp:l2tp". */
  protocols: string[];
  summary: FrameSummary;
}

export interface DataSource {
  name: string;
  bytes: Uint8Array;
}

/** What a frame list shows (Wireshark's columns). */
export interface FrameSummary {
  src: string;
  dst: string;
  protocol: string;
  info: string;
}

/** The captured bytes a node covers, from its data source. */
export function nodeBytes(f: DecodedFrame, n: TreeNode): Uint8Array {
  const src = f.sources[n.source ?? 0]?.bytes;
  return src ? src.subarray(n.offset, n.offset + n.length) : new Uint8Array(0);
}

/** Depth-first walk; return false from `visit` to skip a node's children. */
export function walk(nodes: readonly TreeNode[], visit: (n: TreeNode, depth: number, parent: TreeNode | undefined) => boolean | void, depth = 0, parent?: TreeNode): void {
  for (const n of nodes) {
    if (visit(n, depth, parent) === false) continue;
    if (n.children) walk(n.children, visit, depth + 1, n);
  }
}

/** All nodes with abbreviation `abbrev`, in tree order. */
export function findAll(nodes: readonly TreeNode[], abbrev: string): TreeNode[] {
  const out: TreeNode[] = [];
  walk(nodes, (n) => {
    if (n.abbrev === abbrev) out.push(n);
  });
  return out;
}

export function findFirst(nodes: readonly TreeNode[], abbrev: string): TreeNode | undefined {
  let hit: TreeNode | undefined;
  walk(nodes, (n) => {
    if (hit) return false;
    if (n.abbrev === abbrev) hit = n;
    return true;
  });
  return hit;
}

/** All problems in a tree, in tree order. */
export function allProblems(nodes: readonly TreeNode[]): Problem[] {
  const out: Problem[] = [];
  walk(nodes, (n) => {
    if (n.problems) out.push(...n.problems);
  });
  return out;
}
