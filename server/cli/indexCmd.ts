// `l2tp-lens index`: the first pass alone (state + compact index), with a one-screen L2TP summary of it.
import { Capture } from '../dissect/capture/capture';
import type { CliArgs } from './args';
import { openInput } from '../io/input';
import { reportCaptureProblems, engineFor } from './common';
import { CaptureIndex } from '../dissect/capture/captureIndex';

export function runIndex(a: CliArgs): number {
  const file = a.files[0];
  if (!file) { process.stderr.write('l2tp-lens index: no capture file given\n'); return 2; }
  const opened = openInput(file);
  if ('error' in opened) { process.stderr.write(`l2tp-lens: ${opened.error}\n`); return 2; }
  const cap = Capture.open(opened.reader, engineFor(a), { trees: false });
  let l2tp = 0, control = 0, zlb = 0;
  const tunnels = new Set<string>();
  for (let i = 0; i < cap.count; i++) {
    const l = cap.index.l2tp(i);
    if (!l) continue;
    l2tp++;
    if (l.control) {
      control++;
      if (l.msgType === -1) zlb++;
      tunnels.add(`${l.version}:${l.tunnel}`);
    }
  }
  process.stdout.write(`${file}: ${cap.count} frames (${cap.info.format}), ${l2tp} L2TP, ${control} control (${zlb} ZLB), ${tunnels.size} tunnel IDs in control headers; index ${CaptureIndex.bytesPerFrame()} bytes/frame\n`);
  opened.source.close();
  return reportCaptureProblems(file, cap.problems);
}
