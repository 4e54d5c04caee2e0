#!/usr/bin/env bash
# Differential test: `l2tp-lens fields` against `tshark -T fields` with the parity field set, on every capture
# in test/fuzz/.out (made by gen_parity.py). Prints per capture the frames compared, the frames and cells that
# differ, and the first differing cells (frame, field, ours, tshark's). Run from anywhere; builds the CLI first.
# Each shown cell is tagged: [hidden] when it is only tshark 4.0 dropping hidden AVPs' Vendor ID / Type items
# (a reviewed defect, see test/fixtures/tshark-exceptions.tsv), [malformed] when tshark gave up on the frame
# (_ws.malformed or _ws.short), [icmp-quote] when the frame is an ICMP/ICMPv6 error and tshark's value is a
# prefix of ours (tshark gave up inside the quoted datagram: in an error packet it swallows the bounds exception
# instead of marking the frame, so the L2TP layer it had started vanishes or stops early; see the report of
# the second differential round), [ext-vendor] when tshark's Vendor ID list holds a value 0x003aXXXX (3801088 and
# up: it reads the Extended Vendor ID AVP's vendor two bytes early, type 58 and the vendor's high half, the notes'
# defect list, and misaligns what follows), [no-length] for the AVPs of a
# control message without the L bit (tshark skips them; a reviewed deviation); untagged cells are the ones to look at first. Counts are given for all and
# for untagged.
#   test/fuzz/compare.sh [MAX_CELLS_SHOWN_PER_CAPTURE]   (default 12)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
show=${1:-12}
node esbuild.mjs >/dev/null || { echo "build failed"; exit 1; }
args=(); for f in $(cat test/fixtures/parity-fields.txt); do args+=(-e "$f"); done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
total_frames=0; total_cells=0; total_untagged=0
for cap in test/fuzz/.out/*.pcap test/fuzz/.out/*.pcapng; do
  [ -e "$cap" ] || continue
  tshark -r "$cap" -T fields "${args[@]}" -e _ws.malformed -e _ws.short -e frame.protocols > "$tmp/theirs" 2>/dev/null
  node dist/cli.js fields "$cap" "${args[@]}" > "$tmp/ours" 2>/dev/null
  read -r frames cells untagged < <(/usr/bin/python3 - "$tmp/ours" "$tmp/theirs" "$show" "$(basename "$cap")" test/fixtures/parity-fields.txt <<'EOF'
import sys
ours, theirs, show, name, fields_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
fields = open(fields_path).read().split()
a = open(ours).read().split('\n')[:-1]
b = open(theirs).read().split('\n')[:-1]
diffs, frames_diff = [], set()
col = {f: j for j, f in enumerate(fields)}
for i in range(max(len(a), len(b))):
    x = (a[i] if i < len(a) else '').split('\t')
    y = (b[i] if i < len(b) else '').split('\t')
    malformed = any(c != '' for c in y[len(fields):len(fields) + 2])
    in_icmp = any(p in ('icmp', 'icmpv6') for p in (y[len(fields) + 2] if len(y) > len(fields) + 2 else '').split(':'))
    cell = lambda row, f: row[col[f]] if col[f] < len(row) else ''
    hidden = cell(x, 'l2tp.avp.hidden').split(',')
    for j, f in enumerate(fields):
        u = x[j] if j < len(x) else ''
        v = y[j] if j < len(y) else ''
        if u == v: continue
        tag = ''
        if f in ('l2tp.avp.vendor_id', 'l2tp.avp.type') and hidden.count('1') == len(u.split(',')) - len(v.split(',')):
            # tshark's list is ours less as many entries as there are hidden AVPs (a subsequence check: the
            # type list has no entry for some vendor AVPs, so positions do not line up with the hidden list)
            it = iter(u.split(','))
            if all(any(w == t for t in it) for w in v.split(',')): tag = 'hidden'
        if not tag and f.startswith('l2tp.avp.') and any(v.isdigit() and int(v) >> 16 == 0x3a for v in cell(y, 'l2tp.avp.vendor_id').split(',')):
            tag = 'ext-vendor'  # tshark read the Extended Vendor ID AVP (58) two bytes early (0x003a0000); AVPs after it misaligned
        if not tag and f.startswith('l2tp.avp.') and '1' in cell(y, 'l2tp.type').split(',') and v == '' and '0' in cell(y, 'l2tp.length_bit').split(','):
            tag = 'no-length'  # a control message without the L bit: tshark skips its AVPs (a reviewed deviation)
        if not tag and malformed: tag = 'malformed'
        if not tag and in_icmp and (v == '' or u.split(',')[:len(v.split(','))] == v.split(',')): tag = 'icmp-quote'
        if not tag and in_icmp and f in ('l2tp.avp.vendor_id', 'l2tp.avp.type') and '1' in hidden:
            it = iter(u.split(','))  # both at once: tshark stopped inside the quote and dropped hidden AVPs' items
            if all(any(w == t for t in it) for w in v.split(',')): tag = 'icmp-quote'
        diffs.append((i + 1, f, u, v, tag)); frames_diff.add(i + 1)
plain = [d for d in diffs if not d[4]]
print(f'{name}: {len(b)} frames (ours {len(a)}), {len(frames_diff)} frames differ, {len(diffs)} cells differ'
      f' ({len(plain)} untagged)', file=sys.stderr)
for d in (plain + [d for d in diffs if d[4]])[:show]:
    print(f'  frame {d[0]} {d[1]}: ours={d[2]!r} tshark={d[3]!r}' + (f' [{d[4]}]' if d[4] else ''), file=sys.stderr)
print(len(b), len(diffs), len(plain))
EOF
)
  total_frames=$((total_frames + frames)); total_cells=$((total_cells + cells)); total_untagged=$((total_untagged + untagged))
done
echo "TOTAL: $total_frames frames compared, $total_cells cells differ ($total_untagged untagged)"
