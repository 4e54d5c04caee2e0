// Opens what a user names — a capture (pcap, pcapng, gzip'd) or hex-dump text, told apart by content.
import { openCaptureFile } from './fileSource';
import type { OpenedCapture } from './fileSource';
import { openTextCapture } from '../dissect/capture/textReader';

export function openInput(path: string): OpenedCapture | { error: string } {
  return openCaptureFile(path, { openText: openTextCapture });
}
