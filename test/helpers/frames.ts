// Frames of a fixture capture for tests, read with the project's own readers (themselves checked against
// tshark's JSON and pcap-parser in test/unit/pcap*.test.ts), bytes copied out of the reader's buffer.
import assert from 'node:assert/strict';
import { openCapture } from '../../server/dissect/capture/detect';
import type { CaptureReader, FrameMeta } from '../../server/dissect/capture/types';
import { bufferSource, openCaptureFile } from '../../server/io/fileSource';

export interface Frame {
  meta: FrameMeta;
  bytes: Uint8Array;
}

/** Every complete frame of a pcap, pcapng or gzip'd capture (a record cut by the end of the file is not one). */
export function readFrames(path: string): Frame[] {
  const o = openCaptureFile(path);
  if ('error' in o) throw new Error(o.error);
  try {
    return [...o.reader.frames()].map(({ bytes, ...meta }) => ({ meta, bytes: bytes.slice() }));
  } finally {
    o.source.close();
  }
}

/** A reader over capture bytes built in the test (fails the test when the header is unusable). */
export function openBuf(buf: Uint8Array, opts = {}): CaptureReader {
  const r = openCapture(bufferSource(buf), opts);
  if ('error' in r) assert.fail(r.error);
  return r;
}

/** A timestamp as tshark's frame.time_epoch prints it (nanosecond digits). */
export const epoch = (f: { tsSec: number; tsNs: number }): string => `${f.tsSec}.${String(f.tsNs).padStart(9, '0')}`;

/**
 * The link type editcap writes for a frame of link type `lt`: wiretap reads LINKTYPE_PPP_HDLC (50) as the
 * same encapsulation as LINKTYPE_PPP (9), and writes that back as 9.
 */
export function asEditcapWrites(lt: number): number {
  return lt === 50 ? 9 : lt;
}
