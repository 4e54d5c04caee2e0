// `l2tp-lens report FILE`: the Markdown review report (capture facts, tunnels, sessions, problems,
// Mermaid diagrams), redacted by default, to stdout or --out.

import { flowReport } from '../flow/report';
import type { CliArgs } from './args';
import { emit, prepareFlow } from './flowCmd';

export function runReport(a: CliArgs): number {
  const p = prepareFlow(a, 'report');
  if (typeof p === 'number') return p;
  return Math.max(emit(a, flowReport(p.model, p.tunnels, p.view)), p.status);
}
