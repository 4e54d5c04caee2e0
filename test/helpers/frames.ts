// Frames of a fixture capture for tests, read with the project's own readers (themselves checked against
// tshark's JSON and pcap-parser in test/unit/pcap*.test.ts), bytes copied out of the reader's buffer.
import type { FrameMeta } from '../../server/dissect/capture/types';
import { openCaptureFile } from '../../server/io/fileSource';

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
