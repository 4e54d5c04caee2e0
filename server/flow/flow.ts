// The flow pass over an opened capture: the compact index places every data message; only control
// messages (and the few data messages that carry PPP control packets, or cannot be placed by their IDs)
// are decoded by the engine. Nothing keeps a tree once its facts are read.

import type { Capture } from '../dissect/capture/capture';
import type { DecodedFrame } from '../dissect/tree';
import { FlowBuilder } from './builder';
import { addressesOf, extractControl } from './extract';
import { extractPpp } from './extractPpp';
import type { Addrs } from './extract';
import type { PppMsg } from './extractPpp';
import { round } from './reliability';
import type { FlowModel } from './types';

export interface FlowOptions {
  /** Summarise PPP negotiation per session (decodes the data messages that carry PPP control packets). Default true. */
  ppp?: boolean;
  /** Shown in the capture facts. */
  file?: string;
}

const NO_ADDRS: Addrs = { src: '?', dst: '?', sport: -1, dport: -1 };

export function buildFlow(capture: Capture, opts: FlowOptions = {}): FlowModel {
  const b = new FlowBuilder();
  const n = capture.count;
  const first = n ? capture.meta(0) : undefined;
  const rel = (sec: number, ns: number): number => (first ? round(sec - first.tsSec + (ns - first.tsNs) / 1e9) : 0);
  let l2tpFrames = 0;
  let controlFrames = 0;
  for (let i = 0; i < n; i++) {
    const l2 = capture.index.l2tp(i);
    if (!l2) continue;
    l2tpFrames++;
    const meta = capture.meta(i);
    const time = rel(meta.tsSec, meta.tsNs);
    if (l2.control) {
      controlFrames++;
      const f = capture.decode(i);
      b.control(extractControl(f, l2, time, addressesOf(f) ?? NO_ADDRS));
      continue;
    }
    let tree: DecodedFrame | undefined;
    let ppp: PppMsg | undefined;
    if (opts.ppp !== false && l2.version === 2) {
      // PPP control protocols (0x8000–0xffff, RFC 1661 §2) are the ones the summary needs; the index
      // pass recorded each frame's PPP protocol, so data traffic is never decoded here.
      const proto = capture.index.pppProtocol(i);
      if (proto >= 0x8000) {
        tree = capture.decode(i);
        ppp = extractPpp(tree, time);
      }
    }
    const evt = { frame: i + 1, time, version: l2.version, tunnel: l2.tunnel, session: l2.session };
    b.data(evt, () => addressesOf(tree ??= capture.decode(i)), ppp);
  }
  const tunnels = b.finish();
  const last = n ? capture.meta(n - 1) : undefined;
  const model: FlowModel = {
    format: 'l2tp-lens.flow', version: 1,
    capture: {
      format: capture.info.format, frames: n, l2tpFrames, controlFrames, dataFrames: l2tpFrames - controlFrames,
      duration: first && last ? rel(last.tsSec, last.tsNs) : 0,
    },
    tunnels, problems: b.problems, redacted: [],
  };
  if (opts.file !== undefined) model.capture.file = opts.file;
  if (first) model.capture.start = new Date(first.tsSec * 1000 + Math.floor(first.tsNs / 1e6)).toISOString();
  return model;
}
