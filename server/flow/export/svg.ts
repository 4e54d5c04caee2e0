// A standalone SVG sequence diagram of the ladder, drawn by hand (no browser library at run time):
// lane heads and lifelines, one arrow per message with its label, marks and problems, data counts as
// dotted boxes. Every arrow group carries data-frame so a viewer can lead back to its packet.

import type { ArrowItem, Ladder } from '../ladder';

const FONT = 12;
const CHAR = 7.3; // advance of the monospace font at 12 px
const ROW = 34;
const LEFT = 130; // frame + time columns
const HEAD_LINE = 15;

// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'))
    // Characters XML 1.0 forbids (C0 controls but tab/newline) would make the document unreadable.
    .replace(XML_FORBIDDEN, '\ufffd');
}

const COLORS = { ctl: '#1f4e79', zlb: '#8a8a8a', ppp: '#2e7d32', retx: '#e65100', lost: '#c62828', problem: '#c62828', note: '#555555' };

export function toSvg(l: Ladder): string {
  const laneText = Math.max(20, ...l.lanes.flatMap((x) => x.lines.map((s) => s.length)));
  const arrowText = Math.max(30, ...l.items.map((it) => (it.kind === 'msg' ? Math.max(it.label.length + 8, 0) : 0)));
  const gap = Math.ceil(Math.max(laneText * CHAR + 30, Math.min(arrowText, 60) * CHAR + 40));
  const laneX = (i: number): number => LEFT + gap / 2 + i * gap;
  const notesX = laneX(l.lanes.length - 1) + gap / 2;
  const notesWidth = Math.min(160, Math.max(20, ...l.items.map((it) => (it.kind === 'msg' ? notesText(it).length : 0)))) * CHAR;
  const headH = Math.max(...l.lanes.map((x) => x.lines.length)) * HEAD_LINE + 16;
  const top = 40 + headH + 10;
  const width = Math.ceil(notesX + notesWidth + 20);
  const height = top + l.items.length * ROW + 30;
  const o: string[] = [];
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="${FONT}">`);
  o.push(`<title>${xml(l.title)}</title>`);
  o.push('<defs>');
  for (const [k, c] of Object.entries(COLORS)) {
    o.push(`<marker id="head-${k}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`);
  }
  o.push('</defs>');
  o.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  o.push(`<text x="12" y="24" font-size="15" font-weight="bold" fill="#222">${xml(l.title)}</text>`);
  o.push(`<text x="12" y="${top - 8}" fill="#666">frame</text><text x="64" y="${top - 8}" fill="#666">time (s)</text>`);
  l.lanes.forEach((lane, i) => {
    const x = laneX(i);
    const w = laneText * CHAR + 16;
    o.push(`<g class="lane" data-lane="${lane.id}"><rect x="${x - w / 2}" y="40" width="${w}" height="${headH}" rx="6" fill="#eef3f8" stroke="#1f4e79"/>`);
    lane.lines.forEach((s, k) => o.push(`<text x="${x}" y="${40 + 18 + k * HEAD_LINE}" text-anchor="middle" fill="#1f2d3d"${k === 0 ? ' font-weight="bold"' : ''}>${xml(s)}</text>`));
    o.push(`<line x1="${x}" y1="${40 + headH}" x2="${x}" y2="${height - 20}" stroke="#9fb3c8" stroke-dasharray="4 3"/></g>`);
  });
  l.items.forEach((it, k) => {
    const y = top + k * ROW + 22;
    if (it.kind === 'header') {
      const x1 = laneX(it.lanes[0]) - gap / 2 + 10;
      const x2 = laneX(it.lanes[1]) + gap / 2 - 10;
      o.push(`<g class="tunnel" data-tunnel="${xml(it.tunnel)}"><rect x="${x1}" y="${y - 15}" width="${x2 - x1}" height="22" fill="#fff7d6" stroke="#c9a227"/>`);
      o.push(`<text x="${(x1 + x2) / 2}" y="${y}" text-anchor="middle" font-weight="bold" fill="#5c4a00">${xml(it.text)}</text></g>`);
    } else if (it.kind === 'note') {
      const x1 = laneX(it.lanes[0]) + 12;
      const x2 = laneX(it.lanes[1]) - 12;
      o.push(`<g class="data" data-tunnel="${xml(it.tunnel)}" data-first-frame="${it.firstFrame}" data-last-frame="${it.lastFrame}"><rect x="${x1}" y="${y - 14}" width="${Math.max(10, x2 - x1)}" height="20" fill="#f4f4f4" stroke="#999" stroke-dasharray="3 3"/>`);
      o.push(`<text x="${(x1 + x2) / 2}" y="${y}" text-anchor="middle" font-style="italic" fill="${COLORS.note}">${xml(`${it.text} (frames ${it.firstFrame}–${it.lastFrame})`)}</text></g>`);
    } else o.push(arrowSvg(it, y, laneX(it.from), laneX(it.to), notesX));
  });
  o.push('</svg>');
  return o.join('\n') + '\n';
}

function notesText(a: ArrowItem): string {
  return [...a.detail, ...a.marks].join('  ');
}

function arrowSvg(a: ArrowItem, y: number, x1: number, x2: number, notesX: number): string {
  const key = a.lost ? 'lost' : a.retransmit ? 'retx' : a.style;
  const color = COLORS[key];
  const dash = a.style === 'zlb' || a.lost ? ' stroke-dasharray="6 4"' : '';
  const dir = x2 > x1 ? 1 : -1;
  const end = x2 - dir * 2;
  const title = [`frame ${a.frame}`, `t=${a.time.toFixed(6)} s`, a.label, ...a.detail, ...a.marks, ...a.problems.map((p) => `problem: ${p}`)].join('\n');
  const o = [`<g class="msg ${a.style}" data-frame="${a.frame}" data-tunnel="${xml(a.tunnel)}"${a.session ? ` data-session="${xml(a.session)}"` : ''}>`];
  o.push(`<title>${xml(title)}</title>`);
  o.push(`<text x="12" y="${y + 4}" fill="#444">${a.frame}</text><text x="64" y="${y + 4}" fill="#444">${a.time.toFixed(3)}</text>`);
  o.push(`<line x1="${x1}" y1="${y + 6}" x2="${end}" y2="${y + 6}" stroke="${color}" stroke-width="${a.style === 'zlb' ? 1.2 : 1.8}"${dash}${a.lost ? '' : ` marker-end="url(#head-${key})"`}/>`);
  if (a.lost) o.push(`<path d="M${end - 5},${y + 1} L${end + 5},${y + 11} M${end - 5},${y + 11} L${end + 5},${y + 1}" stroke="${color}" stroke-width="2"/>`);
  o.push(`<text x="${(x1 + x2) / 2}" y="${y}" text-anchor="middle" fill="${color}"${a.style === 'ctl' ? ' font-weight="bold"' : ''}>${xml(a.label)}</text>`);
  const notes = notesText(a);
  if (notes) o.push(`<text x="${notesX + 8}" y="${y + 4}" fill="#333">${xml(notes)}</text>`);
  if (a.problems.length) o.push(`<text x="${notesX + 8}" y="${y + 17}" fill="${COLORS.problem}" font-size="11">${xml(`⚠ ${a.problems.join(', ')}`)}</text>`);
  o.push('</g>');
  return o.join('');
}
