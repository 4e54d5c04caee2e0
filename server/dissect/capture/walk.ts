// One way for hot loops to step through any reader: the file readers' allocation-free cursor when there
// is one, otherwise (hex-dump text, already in memory) their frames adapted to the same shape.

import type { CaptureReader, FrameWalk, RawFrame } from './types';

export function walkFrames(reader: CaptureReader): FrameWalk {
  return reader.cursor ? reader.cursor() : new IteratorWalk(reader.frames()[Symbol.iterator]());
}

class IteratorWalk implements FrameWalk {
  number = 0;
  tsSec = 0;
  tsNs = 0;
  linkType = 0;
  capturedLength = 0;
  originalLength = 0;
  fileOffset = -1;
  dataOffset = -1;
  interfaceId: number | undefined = undefined;
  comments: string[] | undefined = undefined;
  startAt: string | undefined = undefined;
  private current: Uint8Array = new Uint8Array(0);

  constructor(private readonly it: Iterator<RawFrame>) {}

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
    this.comments = f.comments;
    this.startAt = f.startAt;
    this.current = f.bytes;
    return true;
  }

  bytes(): Uint8Array {
    return this.current;
  }
}
