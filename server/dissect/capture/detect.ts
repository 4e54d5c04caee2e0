// Capture format sniffing and the single entry point that opens any supported capture from a ByteSource.

import type { ByteSource, CaptureReader } from './types';
import { openPcap, pcapMagic, readExact, type ReaderOptions } from './pcap';
import { openPcapng } from './pcapng';

export type SniffedFormat = 'pcap' | 'pcapng' | 'gzip' | 'text' | 'unknown';

/** How many leading bytes sniffFormat looks at (fewer is fine; the text heuristic just sees less). */
export const SNIFF_LENGTH = 512;

export function sniffFormat(head: Uint8Array): SniffedFormat {
  if (pcapMagic(head) !== null) return 'pcap';
  if (head.length >= 4 && head[0] === 0x0a && head[1] === 0x0d && head[2] === 0x0d && head[3] === 0x0a) return 'pcapng';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  return looksLikeText(head) ? 'text' : 'unknown';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Valid UTF-8 without control characters other than whitespace: what a pasted hex dump looks like. */
function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) return false;
  }
  // The sniffed head may end inside a multi-byte character: allow up to 3 bytes of it to be cut off.
  for (let cut = 0; cut < 4 && cut < head.length; cut++) {
    try {
      strictUtf8.decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      // not valid at this length; try a shorter prefix
    }
  }
  return false;
}

export interface OpenCaptureOptions extends ReaderOptions {
  /**
   * Opens text (hex-dump) input. The hex-dump reader lives in hexdump.ts; callers wire it in here so this
   * module stays independent of it until the lead decides otherwise.
   */
  openText?: (src: ByteSource) => CaptureReader | { error: string };
}

/** Opens a pcap, pcapng or (with opts.openText) hex-dump capture. gzip must be unwrapped by the caller. */
export function openCapture(src: ByteSource, opts: OpenCaptureOptions = {}): CaptureReader | { error: string } {
  const head = readExact(src, 0, SNIFF_LENGTH);
  if (head.length === 0) return { error: 'the file is empty' };
  const format = sniffFormat(head);
  switch (format) {
    case 'pcap':
      return openPcap(src, opts);
    case 'pcapng':
      return openPcapng(src, opts);
    case 'gzip':
      return { error: 'the capture is gzip-compressed; decompress it first (openCaptureFile does this)' };
    case 'text':
      if (opts.openText !== undefined) return opts.openText(src);
      return { error: 'this looks like text (a hex dump?), but no text reader is available' };
    case 'unknown':
      return { error: `not a capture file in a known format (first bytes: ${hexBytes(head, 8)})` };
  }
}

function hexBytes(b: Uint8Array, n: number): string {
  return Array.from(b.subarray(0, n), (x) => x.toString(16).padStart(2, '0')).join(' ');
}
