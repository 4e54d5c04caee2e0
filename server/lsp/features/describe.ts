// The hover text of one tree node (shared by document hovers and the capture view's tree): its path, value
// with value name, raw bytes and offsets, explanation and RFC reference, problems — from render.ts labels
// and the field's declaration only.

import { fieldByAbbrev, maskShift, typeBits } from '../../dissect/fields';
import type { Problem } from '../../dissect/expert';
import { bitPicture } from '../../dissect/render';
import type { DecodedFrame, TreeNode } from '../../dissect/tree';
import type { L10n } from '../../l10n/index';
import { label, nodeBytes, pathText } from '../treeQuery';

const MAX_HEX = 32;

function hexOf(b: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < Math.min(b.length, MAX_HEX); i++) parts.push((b[i] ?? 0).toString(16).padStart(2, '0'));
  return parts.join(' ') + (b.length > MAX_HEX ? ' …' : '');
}

const hexOff = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;

/** "Bytes 42–43 (2 bytes) · 0x002a–0x002b: `00 01`" */
export function bytesLine(f: DecodedFrame, n: TreeNode, l: L10n): string {
  const b = nodeBytes(f, n);
  const where = n.length === 1
    ? `${l.t('hover.byte', n.offset)} · ${hexOff(n.offset)}`
    : `${l.t('hover.bytes', n.offset, n.offset + n.length - 1, n.length)} · ${hexOff(n.offset)}–${hexOff(n.offset + n.length - 1)}`;
  const src = n.source ? ` (${l.t('hover.source', f.sources[n.source]?.name ?? String(n.source))})` : '';
  return `${where}${src}: \`${hexOf(b)}\``;
}

function valueLine(f: DecodedFrame, n: TreeNode): string {
  const def = n.abbrev ? fieldByAbbrev(n.abbrev) : undefined;
  const text = label(f, n);
  if (def && typeof n.value === 'number' && def.vals) {
    const name = def.vals[n.value];
    if (name !== undefined) return `**${def.name}**: ${n.value} — ${name}`;
  }
  return `\`${text.replace(/`/g, "'")}\``;
}

export function severityWord(l: L10n, s: Problem['severity']): string {
  return l.t(`severity.${s}`);
}

export function problemLines(problems: readonly Problem[], l: L10n): string[] {
  return problems.map((p) => `- **${severityWord(l, p.severity)}**: ${l.problem(p.abbrev, p.message)} \`[${p.abbrev}]\``);
}

export interface DescribeExtra {
  /** Problems concerning the node (shown under a heading). */
  problems?: readonly Problem[];
  /** The message's place in the negotiation (flow model). */
  negotiation?: string;
  /** A closing line naming the frame. */
  frameLine?: string;
}

/** Markdown for the last node of `chain` in frame `f`. */
export function describeNode(f: DecodedFrame, chain: readonly TreeNode[], l: L10n, extra: DescribeExtra = {}): string {
  const n = chain[chain.length - 1];
  if (!n) return '';
  const def = n.abbrev ? fieldByAbbrev(n.abbrev) : undefined;
  const out: string[] = [`**${pathText(f, chain)}**`, ''];
  out.push(valueLine(f, n));
  if (def?.mask !== undefined && (typeof n.value === 'number' || typeof n.value === 'boolean')) {
    const width = def.type === 'bool' ? (def.bits ?? 8) : typeBits(def.type);
    if (width > 0 && width <= 32) out.push('', `\`${bitPicture(def.mask, width, Number(n.value))}\` (mask 0x${(def.mask >>> 0).toString(16)}, shift ${maskShift(def.mask)})`);
  }
  out.push('', n.generated || n.length === 0 ? l.t('hover.generated') : bytesLine(f, n, l));
  const blurb = n.abbrev ? l.blurb(n.abbrev, def?.blurb) : undefined;
  if (blurb) out.push('', blurb);
  if (def?.ref) out.push('', l.t('hover.definedIn', def.ref));
  if (n.abbrev) out.push('', `\`${n.abbrev}\``);
  if (extra.problems?.length) out.push('', '---', `**${l.t('hover.problems')}**`, ...problemLines(extra.problems, l));
  if (extra.negotiation) out.push('', '---', `**${l.t('hover.negotiation')}**: ${extra.negotiation}`);
  if (extra.frameLine) out.push('', '---', extra.frameLine);
  return out.join('\n');
}
