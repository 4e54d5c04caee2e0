// Node-side ByteSources (file, buffer, stdin) and openCaptureFile, which also unwraps gzip transparently.

import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { constants as zconst, gunzipSync } from 'node:zlib';
import type { ByteSource, CaptureReader } from '../dissect/capture/types';
import { openCapture, sniffFormat, SNIFF_LENGTH, type OpenCaptureOptions } from '../dissect/capture/detect';

export interface NodeByteSource extends ByteSource {
  /** What to call it in messages (a path, '<stdin>', ...). */
  readonly name: string;
  /** First I/O error met while reading (reads then report end of data), for diagnostics. */
  readonly error: Error | undefined;
  close(): void;
}

/**
 * A seekable source over a file descriptor: reads at explicit positions, nothing cached here (the readers
 * keep their own window). Throws the fs error if the file cannot be opened; openCaptureFile turns that into text.
 */
export function fileSource(path: string): NodeByteSource {
  const fd = openSync(path, 'r');
  let size: number;
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read`), { code: 'EISDIR' });
    size = st.size;
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  let closed = false;
  const src = {
    name: path,
    size,
    error: undefined as Error | undefined,
    read(pos: number, len: number, into: Uint8Array, intoOff: number): number {
      if (closed || len <= 0 || pos < 0) return 0;
      const n = Math.min(len, into.length - intoOff);
      if (n <= 0) return 0;
      try {
        return readSync(fd, into, intoOff, n, pos);
      } catch (e) {
        src.error ??= e instanceof Error ? e : new Error(String(e));
        return 0;
      }
    },
    close(): void {
      if (!closed) {
        closed = true;
        closeSync(fd);
      }
    },
  };
  return src;
}

export function bufferSource(buf: Uint8Array, name = '<buffer>'): NodeByteSource {
  return {
    name,
    size: buf.length,
    error: undefined,
    read(pos: number, len: number, into: Uint8Array, intoOff: number): number {
      if (pos < 0 || pos >= buf.length || len <= 0) return 0;
      const n = Math.min(len, buf.length - pos, into.length - intoOff);
      if (n <= 0) return 0;
      into.set(buf.subarray(pos, pos + n), intoOff);
      return n;
    },
    close(): void {},
  };
}

/**
 * gzip captures are decompressed whole into memory (they are small in practice); beyond this many
 * decompressed bytes openCaptureFile refuses rather than exhausting memory — decompress such files first.
 */
export const MAX_GUNZIP_BYTES = 512 * 1024 * 1024;

export interface OpenedCapture {
  reader: CaptureReader;
  source: NodeByteSource;
  /** True when the file was gzip-compressed and is now served from memory. */
  gunzipped: boolean;
}

/**
 * Opens a capture by path ('-' = stdin), unwrapping gzip. Never throws: failures come back as one line
 * naming the file and the reason. The caller closes `source` when done (readAt needs it until then).
 */
export function openCaptureFile(path: string, opts: OpenCaptureOptions = {}): OpenedCapture | { error: string } {
  const label = path === '-' ? '<stdin>' : path;
  let source: NodeByteSource;
  try {
    source = path === '-' ? bufferSource(readFileSync(0), label) : fileSource(path);
  } catch (e) {
    return { error: `${label}: ${describeFsError(e)}` };
  }
  const head = new Uint8Array(SNIFF_LENGTH);
  const n = source.read(0, SNIFF_LENGTH, head, 0);
  if (n <= 0) {
    source.close();
    return { error: `${label}: ${source.error !== undefined ? describeFsError(source.error) : 'the file is empty'}` };
  }
  let gunzipped = false;
  if (sniffFormat(head.subarray(0, n)) === 'gzip') {
    const unzipped = gunzip(source, label);
    source.close();
    if ('error' in unzipped) return unzipped;
    source = bufferSource(unzipped.data, label);
    gunzipped = true;
  }
  const reader = openCapture(source, opts);
  if ('error' in reader) {
    source.close();
    return { error: `${label}: ${gunzipped ? '(after gunzip) ' : ''}${reader.error}` };
  }
  return { reader, source, gunzipped };
}

function gunzip(src: NodeByteSource, label: string): { data: Uint8Array } | { error: string } {
  const size = src.size ?? 0;
  if (size > MAX_GUNZIP_BYTES) return { error: `${label}: gzip file too large to decompress in memory (${size} bytes); gunzip it first` };
  const packed = new Uint8Array(size);
  let got = 0;
  while (got < size) {
    const r = src.read(got, size - got, packed, got);
    if (r <= 0) break;
    got += r;
  }
  try {
    // Z_SYNC_FLUSH keeps what a cut-short .gz still holds; the capture reader then reports the truncation.
    const data = gunzipSync(packed.subarray(0, got), { finishFlush: zconst.Z_SYNC_FLUSH, maxOutputLength: MAX_GUNZIP_BYTES });
    return { data };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      return { error: `${label}: decompresses to more than ${MAX_GUNZIP_BYTES} bytes; gunzip it first` };
    }
    return { error: `${label}: not a valid gzip file (${e instanceof Error ? e.message : String(e)})` };
  }
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory, not a capture file',
  ENOTDIR: 'a component of the path is not a directory',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
};

function describeFsError(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  const reason = FS_REASONS[code];
  if (reason !== undefined) return `${reason} (${code})`;
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0] ?? msg;
}
