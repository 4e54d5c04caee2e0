// Mermaid `sequenceDiagram` of the ladder: one participant per endpoint, one arrow per message
// (ZLBs dotted, never-acknowledged ones crossed), tunnel headers and data counts as notes.

import type { Ladder } from '../ladder';

/** Mermaid treats `;` and `#` specially and markup inside labels: use its entity codes. */
export function mermaidText(s: string): string {
  return s.replace(/[#;<>"&]/g, (c) => `#${c.charCodeAt(0)};`).replace(/[\r\n]+/g, ' ');
}

export function toMermaid(l: Ladder): string {
  const out = ['sequenceDiagram'];
  for (const lane of l.lanes) out.push(`  participant ${lane.id} as ${lane.lines.map(mermaidText).join('<br/>')}`);
  const id = (i: number): string => l.lanes[i]?.id ?? 'L1';
  const over = (lo: number, hi: number): string => (lo === hi ? id(lo) : `${id(lo)},${id(hi)}`);
  for (const it of l.items) {
    if (it.kind === 'header') out.push(`  Note over ${over(...it.lanes)}: ${mermaidText(it.text)}`);
    else if (it.kind === 'note') out.push(`  Note over ${over(...it.lanes)}: ${mermaidText(`${it.text} (frames ${it.firstFrame}–${it.lastFrame})`)}`);
    else {
      const arrow = it.lost ? '-x' : it.style === 'zlb' ? '-->>' : it.style === 'ppp' ? '-)' : '->>';
      const head = [`#${it.frame} ${it.label}`, ...it.marks].join(' · ');
      const lines = [head];
      if (it.detail.length) lines.push(it.detail.join(' '));
      out.push(`  ${id(it.from)}${arrow}${id(it.to)}: ${lines.map(mermaidText).join('<br/>')}`);
      if (it.problems.length) out.push(`  Note right of ${id(it.to)}: ${mermaidText(`⚠ ${it.problems.join(', ')}`)}`);
    }
  }
  return out.join('\n') + '\n';
}
