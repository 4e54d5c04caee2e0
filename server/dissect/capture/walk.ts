// One way for hot loops to step through any reader: the file readers' allocation-free cursor when there
// is one, otherwise (hex-dump text, already in memory) their frames adapted to the same shape; and the
// time references (first and previous frame) such a walk in file order keeps for frame.time_*.

import type { CaptureReader, FrameMeta, FrameWalk, RawFrame } from './types';
import { FrameCursor } from './pcap';
import type { TimeRef } from '../packet';

export function walkFrames(reader: CaptureReader): FrameWalk {
  return reader.cursor ? reader.cursor() : new IteratorWalk(reader.frames()[Symbol.iterator]());
}

class IteratorWalk extends FrameCursor {
  constructor(private readonly it: Iterator<RawFrame>) {
    super();
  }

  advance(): boolean {
    const r = this.it.next();
    if (r.done) return false;
    const f = r.value;
    this.number = f.number;
    this.tsSec = f.tsSec;
    this.tsNs = f.tsNs;
    this.linkType = f.linkType;
    this.capturedLength = f.capturedLength;
    this.originalLength = f.originalLength;
    this.fileOffset = f.fileOffset;
    this.dataOffset = f.dataOffset;
    this.interfaceId = f.interfaceId;
    this.section = f.section;
    this.interfaceName = f.interfaceName;
    this.interfaceDescription = f.interfaceDescription;
    this.comments = f.comments;
    this.startAt = f.startAt;
    this.direction = f.direction;
    this.buf = f.bytes;
    this.start = 0;
    return true;
  }
}

/**
 * The TimeRef of a walk in file order: call step() once per frame, before dissecting it. With a display
 * filter (`filtered`), also call shown() for each frame it lets through: frame.time_delta_displayed then
 * counts from the last frame shown (0 until there is one).
 */
export class WalkTimes {
  readonly ref: TimeRef = { firstSec: 0, firstNs: 0, prevSec: 0, prevNs: 0 };
  private seen = false;
  private lastSec = 0;
  private lastNs = 0;
  private anyShown = false;

  constructor(private readonly filtered = false) {}

  step(m: FrameMeta): void {
    const r = this.ref;
    if (this.seen) {
      r.prevSec = this.lastSec;
      r.prevNs = this.lastNs;
    } else {
      // the first frame is its own previous one (delta 0)
      this.seen = true;
      r.firstSec = r.prevSec = m.tsSec;
      r.firstNs = r.prevNs = m.tsNs;
    }
    this.lastSec = m.tsSec;
    this.lastNs = m.tsNs;
    if (this.filtered && !this.anyShown) this.setShown(m);
  }

  /** The frame `m` (the one just stepped to) passed the display filter. */
  shown(m: FrameMeta): void {
    this.anyShown = true;
    if (this.filtered) this.setShown(m);
  }

  private setShown(m: FrameMeta): void {
    this.ref.shownSec = m.tsSec;
    this.ref.shownNs = m.tsNs;
  }
}
