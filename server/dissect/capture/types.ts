// What every capture reader yields. Readers never throw on bad input: they yield what they can and
// report the rest as CaptureProblems.

/** Random access to a capture's bytes (a file, a buffer). dissect/ never touches fs: callers wrap it. */
export interface ByteSource {
  /** Total size in bytes, when known (undefined for streams such as stdin or gzip). */
  readonly size: number | undefined;
  /**
   * Reads up to `len` bytes at absolute position `pos` into `into` at `intoOff`; returns the count read
   * (0 at the end). Sources that cannot seek only support non-decreasing positions.
   */
  read(pos: number, len: number, into: Uint8Array, intoOff: number): number;
}

export interface FrameMeta {
  /** 1-based frame number, as Wireshark counts. */
  number: number;
  /** Seconds since the epoch and nanoseconds within that second: exact at any resolution. */
  tsSec: number;
  tsNs: number;
  /** pcap LINKTYPE_* value of the frame's interface. */
  linkType: number;
  capturedLength: number;
  originalLength: number;
  /** Where the frame's record starts in the file (pcap record header / pcapng block); -1 for text. */
  fileOffset: number;
  /** Where the frame's bytes start in the file (-1 for text). */
  dataOffset: number;
  interfaceId?: number;
  /** pcapng: the 1-based section the frame is in (Wireshark's frame.section_number). */
  section?: number;
  /**
   * pcapng: its interface's if_name (or, lacking one, if_description, as Wireshark names it) and
   * if_description, shared by every frame of that interface.
   */
  interfaceName?: string;
  interfaceDescription?: string;
  comments?: string[];
  /**
   * Wireshark's p2p_dir (0 sent, 1 received) from a link type's one-octet direction pseudo-header (LINKTYPE_*_WITH_DIR,
   * 204–207), which the readers strip as wiretap does: the lengths and the data offset are then the frame's own.
   */
  direction?: number;
  /** For hex-dump frames: the dissector to start at (overrides linkType), e.g. 'eth', 'ip', 'l2tp', 'ppp'. */
  startAt?: string;
}

export interface RawFrame extends FrameMeta {
  /**
   * The captured bytes. For streaming readers this may be a view into a reused buffer, valid only until
   * the next frame is read: copy it to keep it.
   */
  bytes: Uint8Array;
}

export type CaptureFormat = 'pcap' | 'pcapng' | 'hexdump';

export interface CaptureProblem {
  /** Stable code, e.g. 'capture.truncated', 'capture.bad_record_length', 'capture.unknown_block'. */
  code: string;
  severity: 'error' | 'warning' | 'note';
  message: string;
  /** File offset the problem concerns (-1 when not applicable). */
  fileOffset: number;
  /** Frame number it concerns, if any. */
  frame?: number;
}

export interface CaptureInfo {
  format: CaptureFormat;
  /** Link types seen (pcap: the one in the header; pcapng: one per interface). */
  linkTypes: number[];
  /** Nanosecond or microsecond resolution, for display. */
  tsResolution: 'us' | 'ns' | 'other';
  snapLen?: number;
  /** Section/file comments (pcapng shb_comment). */
  comments: string[];
}

/**
 * A walk over a capture that allocates nothing per frame: after `advance()` returns true the walk itself is
 * the current frame's metadata (overwritten by the next step, so copy what must outlive it) and `bytes()`
 * views the frame's bytes in the reader's reused buffer.
 */
export interface FrameWalk extends FrameMeta {
  advance(): boolean;
  bytes(): Uint8Array;
}

/** A reader walks a capture once, yielding frames in file order. */
export interface CaptureReader {
  readonly info: CaptureInfo;
  readonly problems: CaptureProblem[];
  /** Yields frames in order. Bytes may be views into a reused buffer (see RawFrame.bytes). */
  frames(): Iterable<RawFrame>;
  /** The allocation-free walk (file readers); hot loops use it through `walkFrames`. */
  cursor?(): FrameWalk;
  /** Re-reads one frame's bytes given its metadata (random access; needs a seekable source). */
  readAt?(meta: FrameMeta): Uint8Array;
}

/** pcap LINKTYPE_* values the engine knows. */
export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  PPP: 9,
  RAW_12: 12,
  RAW_14: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
  PPP_WITH_DIR: 204,
} as const;
