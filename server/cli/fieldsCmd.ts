// `l2tp-lens fields`: tshark -T fields, from the one tree (a FieldsBuilder records only the fields asked for).

import { FieldsBuilder } from '../dissect/builder';
import { CaptureState } from '../dissect/packet';
import { defaultFieldsOptions, FieldsFormatter } from '../dissect/format';
import type { FieldsOptions, Occurrence } from '../dissect/format';
import type { CliArgs } from './args';
import { Out } from './output';
import { openInput } from '../io/input';
import { walkFrames, WalkTimes } from '../dissect/capture/walk';
import { compileCliFilter, reportCaptureProblems, engineFor } from './common';
import { matchHits } from '../dissect/filter/index';

export function fieldsOptions(a: CliArgs): FieldsOptions | string {
  const o: FieldsOptions = { ...defaultFieldsOptions };
  for (const [k, v] of a.fieldOpts) {
    switch (k) {
      case 'header': o.header = v === 'y'; break;
      case 'separator': o.separator = v === '/t' ? '\t' : v === '/s' ? ' ' : v; break;
      case 'aggregator': o.aggregator = v === '/s' ? ' ' : v; break;
      case 'occurrence': o.occurrence = (v === 'a' || v === 'f' || v === 'l' ? v : Number(v)) as Occurrence; break;
      case 'quote': o.quote = v === 'd' ? '"' : v === 's' ? "'" : ''; break;
      default: return `-E ${k}: unknown option (header, separator, aggregator, occurrence, quote)`;
    }
  }
  return o;
}

export function runFields(a: CliArgs): number {
  const file = a.files[0];
  if (!file) { process.stderr.write('l2tp-lens fields: no capture file given\n'); return 2; }
  if (a.fields.length === 0) { process.stderr.write('l2tp-lens fields: give at least one -e FIELD\n'); return 2; }
  const opts = fieldsOptions(a);
  if (typeof opts === 'string') { process.stderr.write(`l2tp-lens fields: ${opts}\n`); return 2; }
  const filter = compileCliFilter(a.filter);
  if (filter === null) return 2;
  const opened = openInput(file);
  if ('error' in opened) { process.stderr.write(`l2tp-lens: ${opened.error}\n`); return 2; }
  const engine = engineFor(a);
  const wanted = new Set(a.fields);
  for (const f of filter?.fields ?? []) wanted.add(f);
  const fb = new FieldsBuilder(wanted);
  const state = new CaptureState();
  const out = new Out();
  if (opts.header) out.line(a.fields.join(opts.separator));
  const fmt = new FieldsFormatter(a.fields, opts);
  // One options object for the whole pass (its TimeRef updated in place).
  const times = new WalkTimes(filter !== undefined);
  times.ref.digits = opened.reader.info.tsResolution === 'us' ? 6 : 9;
  const dopts = { firstPass: true, timeRef: times.ref };
  // One streaming pass, as tshark does without -2: state is learnt as frames go, which is exactly the
  // state a two-pass decode records for each frame.
  const w = walkFrames(opened.reader);
  while (w.advance()) {
    times.step(w);
    engine.fields(w, w.bytes(), state, fb, dopts);
    const hits = fb.hits;
    if (filter && !matchHits(filter, hits)) continue;
    times.shown(w);
    fmt.write(hits, out.sink);
    out.endLine();
  }
  out.flush();
  opened.source.close();
  return reportCaptureProblems(file, opened.reader.problems);
}
