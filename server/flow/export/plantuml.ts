// PlantUML sequence diagram of the ladder: participants per endpoint, `==` separators per tunnel,
// `...` delays carrying the data counts, ZLBs dashed, never-acknowledged messages lost (`->x`).

import type { Ladder } from '../ladder';

function puml(s: string): string {
  // Quotes end a participant name and a trailing backslash escapes the line end: neutralise both.
  return s.replace(/"/g, "'").replace(/\\/g, '/').replace(/[\r\n]+/g, ' ');
}

export function toPlantUml(l: Ladder): string {
  const out = ['@startuml', `title ${puml(l.title)}`, 'skinparam sequenceMessageAlign center', 'skinparam responseMessageBelowArrow true'];
  for (const lane of l.lanes) out.push(`participant "${lane.lines.map(puml).join('\\n')}" as ${lane.id}`);
  const id = (i: number): string => l.lanes[i]?.id ?? 'L1';
  for (const it of l.items) {
    if (it.kind === 'header') out.push(`== ${puml(it.text)} ==`);
    else if (it.kind === 'note') out.push(`...${puml(`${it.text} (frames ${it.firstFrame}–${it.lastFrame})`)}...`);
    else {
      const arrow = it.lost ? '->x' : it.style === 'zlb' ? '-->' : it.style === 'ppp' ? '->>' : '->';
      const color = it.lost ? '[#C62828]' : it.retransmit ? '[#E65100]' : it.style === 'ppp' ? '[#2E7D32]' : '';
      const head = [`[${it.frame}] ${it.label}`, ...it.marks].join(' · ');
      const lines = [head, ...(it.detail.length ? [it.detail.join(' ')] : [])].map(puml).join('\\n');
      const a = color ? arrow.replace(/^-/, `-${color}`) : arrow;
      out.push(`${id(it.from)} ${a} ${id(it.to)} : ${lines}`);
      if (it.problems.length) out.push(`note right #FFEBEE : ${puml(`⚠ ${it.problems.join(', ')}`)}`);
    }
  }
  out.push('@enduml');
  return out.join('\n') + '\n';
}
