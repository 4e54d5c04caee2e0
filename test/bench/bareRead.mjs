// The floor: stream a classic pcap with a reused 1 MiB buffer and walk its records, nothing else.
import { openSync, readSync, closeSync } from 'node:fs';
const fd = openSync(process.argv[2], 'r');
const buf = Buffer.alloc(1 << 20);
let pos = 24, have = 0, start = 0, frames = 0, bytes = 0;
readSync(fd, buf, 0, 24, 0);
for (;;) {
  if (have - start < 16) {
    buf.copy(buf, 0, start, have); have -= start; start = 0;
    const n = readSync(fd, buf, have, buf.length - have, pos); pos += n; have += n;
    if (have - start < 16) break;
  }
  const len = buf.readUInt32LE(start + 8);
  if (have - start < 16 + len) {
    buf.copy(buf, 0, start, have); have -= start; start = 0;
    const n = readSync(fd, buf, have, buf.length - have, pos); pos += n; have += n;
    if (have - start < 16 + len) break;
  }
  bytes += buf[start + 16 + 42] ?? 0; // touch the L2TP flags byte
  frames++; start += 16 + len;
}
closeSync(fd);
console.log(`${frames} frames`);
