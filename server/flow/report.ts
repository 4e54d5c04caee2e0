// The Markdown review report an engineer attaches to a ticket: capture facts, tunnels and sessions with
// outcomes, the problems with frame references, and each tunnel's sequence diagram in Mermaid.

import { buildLadder } from './ladder';
import type { LadderOptions } from './ladder';
import { toMermaid } from './export/mermaid';
import { sideLabel } from './finish';
import type { FlowModel, FlowProblem, FlowTunnel } from './types';

/** Table cells: pipes and line breaks would break the row. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function table(head: readonly string[], rows: readonly string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

const secs = (a: number, b: number): string => `${(b - a).toFixed(3)} s`;

export function flowReport(model: FlowModel, tunnels: readonly FlowTunnel[], opts: LadderOptions = {}): string {
  const c = model.capture;
  const o: string[] = [`# L2TP review${c.file ? `: \`${c.file}\`` : ''}`, ''];
  const sessions = tunnels.flatMap((t) => t.sessions);
  const count = (k: string): number => tunnels.filter((t) => t.outcome.kind === k).length;
  o.push(`${tunnels.length} tunnel${tunnels.length === 1 ? '' : 's'} (${count('established')} up at the end, ${count('closed')} closed, ${count('failed')} failed, ${count('incomplete')} incomplete), ${sessions.length} session${sessions.length === 1 ? '' : 's'}.`, '');
  for (const t of tunnels) o.push(`- **${t.id}**: ${t.outcome.text}`);
  for (const s of sessions) o.push(`- **${s.id}**: ${s.outcome.text}${s.ppp ? `; PPP: ${s.ppp.text}` : ''}`);
  o.push('', '## Capture', '');
  o.push(...table(['fact', 'value'], [
    ['file', c.file ?? '-'], ['format', c.format ?? '-'], ['first frame', c.start ?? '-'], ['duration', `${c.duration.toFixed(3)} s`],
    ['frames', String(c.frames)], ['L2TP frames', `${c.l2tpFrames} (${c.controlFrames} control, ${c.dataFrames} data)`],
    ['redacted', model.redacted.length ? model.redacted.join(', ') : 'nothing (--no-redact)'],
  ]));
  o.push('', '## Tunnels', '');
  if (!tunnels.length) o.push('No L2TP control connection in this capture.');
  else {
    o.push(...table(['tunnel', 'version', 'end A', 'end B', 'tunnel IDs A / B', 'final state', 'duration', 'outcome'], tunnels.map((t) => [
      t.id, `L2TPv${t.version}`, endText(t, 'a'), endText(t, 'b'), `${t.a.tunnelId ?? '?'} / ${t.b.tunnelId ?? '?'}`, t.state, secs(t.start, t.end), t.outcome.text,
    ])));
    o.push('', '### Reliable delivery', '');
    o.push(...table(['tunnel', 'from', 'messages', 'ZLBs', 'retransmissions', 'duplicates', 'gaps', 'unacknowledged', 'ack delay mean / max'], tunnels.flatMap((t) => (['a', 'b'] as const).map((s) => {
      const r = t.reliability[s];
      const delay = r.ackDelayMean !== undefined ? `${r.ackDelayMean.toFixed(3)} / ${(r.ackDelayMax ?? 0).toFixed(3)} s` : '-';
      return [t.id, sideLabel(t, s), String(r.messages), String(r.zlb), String(r.retransmissions), String(r.duplicates), String(r.gaps), String(r.unacked), delay];
    }))));
  }
  o.push('', '## Sessions', '');
  if (!sessions.length) o.push('No session.');
  else {
    o.push(...table(['session', 'tunnel', 'call', 'session IDs A / B', 'final state', 'duration', 'data A→B / B→A', 'PPP', 'outcome'], tunnels.flatMap((t) => t.sessions.map((s) => [
      s.id, t.id, s.call === 'unknown' ? 'unknown' : `${s.call} from ${s.initiator ? sideLabel(t, s.initiator) : '?'}`, `${s.ids.a ?? '?'} / ${s.ids.b ?? '?'}`,
      s.state, secs(s.start, s.end), `${s.data.ab} / ${s.data.ba}`, s.ppp?.text ?? '-', s.outcome.text,
    ]))));
  }
  const problems: FlowProblem[] = [...model.problems, ...tunnels.flatMap((t) => t.problems)].sort((x, y) => x.frame - y.frame);
  o.push('', '## Problems', '');
  if (!problems.length) o.push('None found.');
  else {
    o.push(...table(['frame', 'severity', 'where', 'problem', 'explanation'], problems.map((p) => [
      String(p.frame), p.severity, p.session ?? p.tunnel ?? '-', `\`${p.abbrev}\``, p.text,
    ])));
  }
  o.push('', '## Diagrams', '');
  for (const t of tunnels) {
    o.push(`### Tunnel ${t.id}`, '', '```mermaid', toMermaid(buildLadder(model, [t], opts)).trimEnd(), '```', '');
  }
  return o.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}

function endText(t: FlowTunnel, s: 'a' | 'b'): string {
  const e = t[s];
  return `${e.addr}${e.port >= 0 ? `:${e.port}` : ''} (${sideLabel(t, s)}${e.hostName ? `, ${e.hostName}` : ''})`;
}
