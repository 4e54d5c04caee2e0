// `l2tp-lens decode`: every frame's tree as tshark -V prints it, or as JSON, or one summary line a frame.
import { setFlagsFromString } from 'node:v8';

import { CaptureState } from '../dissect/packet';
import { Capture } from '../dissect/capture/capture';
import { walkFrames, WalkTimes } from '../dissect/capture/walk';
import type { DecodedFrame } from '../dissect/tree';
import { timeDiff } from '../dissect/protocols/frame';
import type { CliArgs } from './args';
import { Out } from './output';
import { openInput } from '../io/input';
import { toJson, treeLines } from './treeText';
import { compileCliFilter, reportCaptureProblems, engineFor } from './common';
import { matchTree } from '../dissect/filter/index';

/** One line a frame, in tshark's default columns: No., Time, Source → Destination, Protocol, Length, Info. */
export function summaryLine(f: DecodedFrame, rel: string, len: number): string {
  const s = f.summary;
  const time = rel.slice(0, rel.indexOf('.') + 7); // tshark shows microseconds
  const ends = s.src || s.dst ? `${s.src} → ${s.dst} ` : '';
  return `${String(f.number).padStart(5)} ${time.padStart(11)} ${ends}${s.protocol} ${len} ${s.info}`;
}

export function runDecode(a: CliArgs): number {
  const file = a.files[0];
  if (!file) { process.stderr.write('l2tp-lens decode: no capture file given\n'); return 2; }
  const filter = compileCliFilter(a.filter);
  if (filter === null) return 2;
  const opened = openInput(file);
  if ('error' in opened) { process.stderr.write(`l2tp-lens: ${opened.error}\n`); return 2; }
  const engine = engineFor(a);
  const out = new Out();
  // --json streams the array a frame at a time (a capture of millions of frames is never held in memory),
  // byte for byte what JSON.stringify(frames, null, 1) prints.
  let jsonFrames = 0;
  // --quiet decodes every tree and prints nothing (what `tshark -V > /dev/null` costs, for benchmarks).
  const quiet = a.options.has('--quiet');
  /** Prints the frame unless the filter drops it; true when it is shown. */
  const emit = (f: DecodedFrame, rel: string, len: number): boolean => {
    if (filter && !matchTree(filter, f.layers, f.sources)) return false;
    if (quiet) return true;
    if (a.json) {
      out.text(`${jsonFrames++ === 0 ? '[' : ','}\n ${JSON.stringify(toJson(f), null, 1).replace(/\n/g, '\n ')}`);
    }
    else if (a.summary) out.line(summaryLine(f, rel, len));
    else {
      treeLines(f, (s) => out.line(s));
      out.line('');
    }
    return true;
  };
  if (a.frame !== undefined) {
    // One frame: index the capture (state for that frame), then decode it alone.
    const cap = Capture.open(opened.reader, engine);
    const i = a.frame - 1;
    if (!Number.isInteger(i) || i < 0 || i >= cap.count) {
      process.stderr.write(`l2tp-lens: ${file}: no frame ${a.frame} (the capture has ${cap.count} frames)\n`);
      opened.source.close();
      return 2;
    }
    const m = cap.meta(i);
    const first = cap.meta(0);
    emit(cap.decode(i), timeDiff(m.tsSec, m.tsNs, first.tsSec, first.tsNs), m.originalLength);
  } else {
    // Each frame's tree dies as soon as it is printed: the live heap stays small, but V8 lets old space grow
    // to about three times it (promoted trees) before collecting. A 10 % growing factor keeps peak RSS ~25 MB
    // lower at no measured cost here (not for commands that keep a large live heap, e.g. flow: twice as slow).
    setFlagsFromString('--heap-growing-percent=10');
    const state = new CaptureState();
    const times = new WalkTimes(filter !== undefined);
    const ref = times.ref;
    const dopts = { firstPass: true, columns: true, timeRef: ref };
    const w = walkFrames(opened.reader);
    while (w.advance()) {
      times.step(w);
      const d = engine.decode(w, w.bytes(), state, dopts);
      if (emit(d, timeDiff(w.tsSec, w.tsNs, ref.firstSec, ref.firstNs), w.originalLength)) times.shown(w);
    }
  }
  if (a.json) out.line(jsonFrames === 0 ? '[]' : '\n]');
  out.flush();
  opened.source.close();
  return reportCaptureProblems(file, opened.reader.problems);
}
