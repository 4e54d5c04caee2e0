// `l2tp-lens flow FILE`: the negotiation flow as a text ladder and summary (default), or as Mermaid,
// PlantUML, SVG or JSON (`--format`), for all tunnels or those selected with --tunnel / --session.

import { writeFileSync } from 'node:fs';
import { Capture } from '../dissect/capture/capture';
import { buildFlow } from '../flow/flow';
import { buildLadder } from '../flow/ladder';
import type { LadderOptions } from '../flow/ladder';
import { parseRedact, redact } from '../flow/redact';
import { selectFlow } from '../flow/select';
import { flowText } from '../flow/export/text';
import { toMermaid } from '../flow/export/mermaid';
import { toPlantUml } from '../flow/export/plantuml';
import { toSvg } from '../flow/export/svg';
import { toJson } from '../flow/export/json';
import type { FlowModel, FlowTunnel } from '../flow/types';
import { openInput } from '../io/input';
import type { CliArgs } from './args';
import { reportCaptureProblems, engineFor } from './common';
import { Out } from './output';

export const FLOW_FORMATS = ['text', 'mermaid', 'plantuml', 'svg', 'json'] as const;

export interface PreparedFlow {
  model: FlowModel;
  tunnels: FlowTunnel[];
  view: LadderOptions;
  file: string;
  /** Exit status so far (2 when the capture was cut short). */
  status: number;
}

const opt = (a: CliArgs, name: string): string[] => a.options.get(name) ?? [];

/** Opens FILE, runs the index and flow passes, redacts and selects. A number is an exit status (error printed). */
export function prepareFlow(a: CliArgs, cmd: string): PreparedFlow | number {
  const file = a.files[0];
  if (!file) { process.stderr.write(`l2tp-lens ${cmd}: no capture file given\n`); return 2; }
  const red = parseRedact(opt(a, '--redact'), a.options.has('--no-redact'));
  if (red.errors.length) { for (const e of red.errors) process.stderr.write(`l2tp-lens: ${e}\n`); return 2; }
  const opened = openInput(file);
  if ('error' in opened) { process.stderr.write(`l2tp-lens: ${opened.error}\n`); return 2; }
  try {
    const capture = Capture.open(opened.reader, engineFor(a));
    const status = reportCaptureProblems(file, opened.reader.problems);
    const raw = buildFlow(capture, { file });
    const model = redact(raw, red.categories);
    const sel = selectFlow(model, opt(a, '--tunnel'), opt(a, '--session'));
    if (sel.errors.length) { for (const e of sel.errors) process.stderr.write(`l2tp-lens: ${e}\n`); return 2; }
    return { model, tunnels: sel.tunnels, view: { data: a.options.has('--data') }, file, status };
  } finally {
    opened.source.close();
  }
}

/** Writes `text` to --out, or to stdout. */
export function emit(a: CliArgs, text: string): number {
  const out = opt(a, '--out').at(-1);
  if (out !== undefined && out !== '-') {
    try {
      writeFileSync(out, text);
    } catch (e) {
      process.stderr.write(`l2tp-lens: ${out}: ${(e as Error).message}\n`);
      return 2;
    }
    return 0;
  }
  const o = new Out();
  o.line(text.replace(/\n$/, ''));
  o.flush();
  return 0;
}

export function runFlow(a: CliArgs): number {
  const format = (opt(a, '--format').at(-1) ?? (a.json ? 'json' : 'text')).toLowerCase();
  if (!(FLOW_FORMATS as readonly string[]).includes(format)) {
    process.stderr.write(`l2tp-lens flow: --format ${format}: expected ${FLOW_FORMATS.join(', ')}\n`);
    return 2;
  }
  const p = prepareFlow(a, 'flow');
  if (typeof p === 'number') return p;
  const { model, tunnels, view } = p;
  let text: string;
  switch (format) {
    case 'mermaid': text = toMermaid(buildLadder(model, tunnels, view)); break;
    case 'plantuml': text = toPlantUml(buildLadder(model, tunnels, view)); break;
    case 'svg': text = toSvg(buildLadder(model, tunnels, view)); break;
    case 'json': text = toJson(model, tunnels, view.data ?? false); break;
    default: text = flowText(model, tunnels, view);
  }
  return Math.max(emit(a, text), p.status);
}
