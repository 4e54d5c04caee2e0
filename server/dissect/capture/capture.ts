// An opened capture: indexed once (first pass: state + compact index), then any frame decoded on demand
// with that state — identical whatever order frames are asked in.

import { CaptureIndex } from './captureIndex';
import { walkFrames } from './walk';
import type { CaptureInfo, CaptureProblem, CaptureReader, FrameMeta } from './types';
import { NullBuilder } from '../builder';
import type { Engine } from '../engine';
import { CaptureState } from '../packet';
import type { TimeRef } from '../packet';
import type { DecodedFrame, FrameSummary } from '../tree';

export class Capture {
  readonly index = new CaptureIndex();
  readonly state = new CaptureState();
  /** Frame bytes kept in memory only when the reader cannot re-read them (hex-dump text). */
  private readonly kept: Uint8Array[] = [];

  private constructor(
    readonly engine: Engine,
    private readonly reader: CaptureReader,
  ) {}

  /**
   * Runs the index pass over the whole reader. `trees` false: no frame's tree will be asked for (a summary
   * of the index alone), so the pass skips what only trees show in a later pass (the frames of each UDP
   * conversation, for udp.time_delta).
   */
  static open(reader: CaptureReader, engine: Engine, opts: { trees?: boolean } = {}): Capture {
    const c = new Capture(engine, reader);
    c.state.randomAccess = opts.trees ?? true;
    const keep = !reader.readAt;
    // The reader's allocation-free walk: this loop runs once per frame of captures of millions.
    const w = walkFrames(reader);
    while (w.advance()) {
      const bytes = w.bytes();
      const pinfo = engine.index(w, bytes, c.state);
      c.index.push(w, pinfo.l2tp, pinfo.pppProtocol);
      if (keep) c.kept.push(bytes.slice());
    }
    return c;
  }

  get count(): number {
    return this.index.count;
  }
  get info(): CaptureInfo {
    return this.reader.info;
  }
  get problems(): CaptureProblem[] {
    return this.reader.problems;
  }

  meta(i: number): FrameMeta {
    return this.index.meta(i);
  }

  bytes(i: number): Uint8Array {
    const k = this.kept[i];
    if (k) return k;
    return this.reader.readAt ? this.reader.readAt(this.meta(i)) : new Uint8Array(0);
  }

  timeRef(i: number): TimeRef {
    const f = this.index.meta(0);
    const p = this.index.meta(Math.max(0, i - 1));
    return { firstSec: f.tsSec, firstNs: f.tsNs, prevSec: p.tsSec, prevNs: p.tsNs, timeOf: (n) => this.index.meta(n - 1) };
  }

  /** The full tree of frame `i` (0-based). */
  decode(i: number): DecodedFrame {
    return this.engine.decode(this.meta(i), this.bytes(i), this.state, { firstPass: false, columns: true, timeRef: this.timeRef(i) });
  }

  /** The list columns of frame `i`, without building a tree. */
  summary(i: number): FrameSummary {
    const pinfo = this.engine.dissect(this.meta(i), this.bytes(i), this.state, new NullBuilder(), { firstPass: false, columns: true, timeRef: this.timeRef(i) });
    return { src: pinfo.src, dst: pinfo.dst, protocol: pinfo.protocol, info: pinfo.info };
  }
}
