// Trees as text (tshark -V) and as JSON (--json): views over the one tree.

import { nodeBytes } from '../dissect/tree';
import type { DecodedFrame, TreeNode } from '../dissect/tree';
import { labelOf, presentedValue } from '../dissect/render';
import { HEX } from '../dissect/tvb';
import type { Problem } from '../dissect/expert';

const SEV: Record<Problem['severity'], string> = { error: 'Error', warning: 'Warning', note: 'Note', chat: 'Chat' };
const GROUP: Record<Problem['group'], string> = {
  malformed: 'Malformed', protocol: 'Protocol', sequence: 'Sequence', undecoded: 'Undecoded', reassemble: 'Reassemble',
  checksum: 'Checksum', security: 'Security', comment: 'Comment',
};

export function problemText(p: Problem): string {
  return `[Expert Info (${SEV[p.severity]}/${GROUP[p.group]}): ${p.message}] [${p.abbrev}]`;
}

/** tshark -V style: four spaces per level, expert info lines under the node that raised them. */
export function treeLines(f: DecodedFrame, out: (s: string) => void): void {
  const visit = (nodes: readonly TreeNode[], depth: number): void => {
    const pad = '    '.repeat(depth);
    for (const n of nodes) {
      const bytes = nodeBytes(f, n);
      out(pad + labelOf(n, bytes));
      // tshark -V (without -x) follows each undissected-data item with a blank line and its hex dump
      if (n.abbrev === 'data' && bytes.length > 0) {
        out('');
        hexDumpLines(bytes, out);
      }
      for (const p of n.problems ?? []) out(`${pad}    ${problemText(p)}`);
      if (n.children) visit(n.children, depth + 1);
    }
  };
  visit(f.layers, 0);
}

/** Wireshark's hex dump: "0010  71 72 … 69   qrstuvwabcdefghi", 16 bytes a line, offsets from the item. */
export function hexDumpLines(b: Uint8Array, out: (s: string) => void): void {
  const digits = b.length > 0x10000 ? (b.length > 0x1000000 ? 8 : 6) : 4;
  for (let at = 0; at < b.length; at += 16) {
    let hex = '';
    let ascii = '';
    for (let i = at; i < Math.min(at + 16, b.length); i++) {
      const c = b[i] ?? 0;
      hex += (i > at ? ' ' : '') + HEX[c];
      ascii += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
    }
    out(`${at.toString(16).padStart(digits, '0')}  ${hex.padEnd(47)}   ${ascii}`);
  }
}

export interface JsonNode {
  label: string;
  abbrev?: string;
  value?: string | number | boolean;
  offset: number;
  length: number;
  source?: number;
  generated?: boolean;
  problems?: Problem[];
  children?: JsonNode[];
}

export function toJson(f: DecodedFrame): object {
  const conv = (n: TreeNode): JsonNode => {
    const bytes = nodeBytes(f, n);
    const j: JsonNode = { label: labelOf(n, bytes), offset: n.offset, length: n.length };
    if (n.abbrev) j.abbrev = n.abbrev;
    const value = presentedValue(n, bytes);
    if (value !== undefined) j.value = value;
    if (n.source) j.source = n.source;
    if (n.generated) j.generated = true;
    if (n.problems?.length) j.problems = n.problems;
    if (n.children?.length) j.children = n.children.map(conv);
    return j;
  };
  return {
    frame: f.number,
    protocols: f.protocols.join(':'),
    summary: f.summary,
    sources: f.sources.map((s) => ({ name: s.name, length: s.bytes.length })),
    layers: f.layers.map(conv),
  };
}
