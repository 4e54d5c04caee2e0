// Display filters: expressions × frames, errors with offsets, fields read, matching over hits and over a tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hf as frameHf } from '../../server/dissect/protocols/frame';
import { hf as dataHf } from '../../server/dissect/protocols/data';
import { fieldByAbbrev, registerField } from '../../server/dissect/fields';
import type { FieldDef, FieldValue } from '../../server/dissect/fields';
import { FieldsBuilder, TreeBuilder } from '../../server/dissect/builder';
import { Tvb } from '../../server/dissect/tvb';
import { compileFilter, formatFilterError, isFilterError, matchHits, matchTree } from '../../server/dissect/filter/index';
import type { CompiledFilter, FilterValue } from '../../server/dissect/filter/index';

const P = 'test.filter';
const defs: FieldDef[] = [
  { abbrev: `${P}.proto`, name: 'Test protocol', type: 'protocol' },
  { abbrev: `${P}.u8`, name: 'U8', type: 'uint8', base: 'dec' },
  { abbrev: `${P}.u16`, name: 'U16', type: 'uint16', base: 'hex' },
  { abbrev: `${P}.u32`, name: 'U32', type: 'uint32', base: 'dec' },
  { abbrev: `${P}.u64`, name: 'U64', type: 'uint64', base: 'dec' },
  { abbrev: `${P}.i16`, name: 'I16', type: 'int16', base: 'dec' },
  { abbrev: `${P}.port`, name: 'Port', type: 'uint16', base: 'dec' },
  {
    abbrev: `${P}.msg`, name: 'Message Type', type: 'uint16', base: 'dec',
    vals: { 1: 'Start_Control_Request (SCCRQ)', 2: 'Start_Control_Reply (SCCRP)', 6: 'Hello (HELLO)', 14: 'Call-Disconnect-Notify' },
  },
  { abbrev: `${P}.flag`, name: 'Flag', type: 'bool', bits: 16, mask: 0x8000, tfs: ['Set', 'Not set'] },
  { abbrev: `${P}.off`, name: 'Off flag', type: 'bool', bits: 16, mask: 0x4000 },
  { abbrev: `${P}.ip`, name: 'IPv4', type: 'ipv4' },
  { abbrev: `${P}.ip6`, name: 'IPv6', type: 'ipv6' },
  { abbrev: `${P}.mac`, name: 'MAC', type: 'ether' },
  { abbrev: `${P}.bytes`, name: 'Bytes', type: 'bytes' },
  { abbrev: `${P}.str`, name: 'String', type: 'string' },
  { abbrev: `${P}.time`, name: 'Relative time', type: 'time_rel' },
  { abbrev: `${P}.abs`, name: 'Absolute time', type: 'time_abs' },
  { abbrev: `${P}.dbl`, name: 'Double', type: 'double' },
  { abbrev: `${P}.label`, name: 'Label', type: 'none' },
  { abbrev: `${P}.absent`, name: 'Never present', type: 'uint32' },
];
for (const d of defs) registerField(d);

type Occ = FieldValue | Uint8Array | undefined;
type Frame = Readonly<Record<string, readonly Occ[]>>;

const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** A frame given as abbreviation → occurrences (Uint8Array for a bytes/protocol occurrence). */
function getter(frame: Frame): (abbrev: string) => readonly FilterValue[] {
  return (abbrev) => {
    const field = fieldByAbbrev(abbrev);
    if (!field) throw new Error(`filter asked for unknown field ${abbrev}`);
    return (frame[abbrev] ?? []).map((o) => (o instanceof Uint8Array ? { field, value: undefined, bytes: o } : { field, value: o }));
  };
}

const F: Frame = {
  [`${P}.proto`]: [ascii('GET /x')],
  [`${P}.u8`]: [3],
  [`${P}.u16`]: [0x1701],
  [`${P}.u32`]: [1000],
  [`${P}.u64`]: ['18446744073709551615'],
  [`${P}.i16`]: [-5],
  [`${P}.port`]: [5889, 1701],
  [`${P}.msg`]: [1, 6],
  [`${P}.flag`]: [true],
  [`${P}.off`]: [false],
  [`${P}.ip`]: ['192.0.2.1', '10.0.0.5'],
  [`${P}.ip6`]: ['2001:db8::1'],
  [`${P}.mac`]: ['02:00:5e:00:00:0a'],
  [`${P}.bytes`]: [hex('c80200ff')],
  [`${P}.str`]: ['Hello World', 'lns.example'],
  [`${P}.time`]: ['1.500000000'],
  [`${P}.abs`]: ['1700000000.250000000'],
  [`${P}.dbl`]: [2.5],
  [`${P}.label`]: [hex('0102')],
};
const EMPTY: Frame = {};

// [expression, frame, expected]
const cases: readonly [string, Frame, boolean][] = [
  // presence
  [`${P}.proto`, F, true],
  [`${P}.u8`, F, true],
  [`${P}.absent`, F, false],
  [`${P}.u8`, EMPTY, false],
  [`${P}.flag`, F, true],
  [`${P}.off`, F, true], // a false boolean is present (presence, not truth)
  [`${P}.label`, F, true],
  [`!${P}.absent`, F, true],
  [`not ${P}.u8`, EMPTY, true],
  ['', F, true],
  ['   ', EMPTY, true],
  // integer comparisons and literal forms
  [`${P}.u8 == 3`, F, true],
  [`${P}.u8 eq 3`, F, true],
  [`${P}.u8 any_eq 3`, F, true],
  [`${P}.u8 == 4`, F, false],
  [`${P}.u8==3`, F, true],
  [`${P}.u32 == 0x3e8`, F, true],
  [`${P}.u32 == 0X3E8`, F, true],
  [`${P}.u32 == 01750`, F, true],
  [`${P}.u32 == 0b1111101000`, F, true],
  [`${P}.u8 == '\\x03'`, F, true],
  [`${P}.u8 == '\\003'`, F, true],
  [`${P}.u32 > 999`, F, true],
  [`${P}.u32 gt 1000`, F, false],
  [`${P}.u32 >= 1000`, F, true],
  [`${P}.u32 ge 1001`, F, false],
  [`${P}.u32 < 1000`, F, false],
  [`${P}.u32 lt 1001`, F, true],
  [`${P}.u32 <= 1000`, F, true],
  [`${P}.u32 le 999`, F, false],
  [`${P}.u32 != 1000`, F, false],
  [`${P}.u32 ne 999`, F, true],
  [`${P}.u64 == 18446744073709551615`, F, true],
  [`${P}.u64 == 0xffffffffffffffff`, F, true],
  [`${P}.u64 > 18446744073709551614`, F, true],
  [`${P}.i16 == -5`, F, true],
  [`${P}.i16 < 0`, F, true],
  [`${P}.i16 > -6`, F, true],
  // multi-occurrence rules (Wireshark 4.0): == any, != all, === all, !== any
  [`${P}.port == 1701`, F, true],
  [`${P}.port != 1701`, F, false],
  [`${P}.port != 80`, F, true],
  [`${P}.port all_ne 80`, F, true],
  [`${P}.port === 1701`, F, false],
  [`${P}.port all_eq 1701`, F, false],
  [`${P}.port !== 1701`, F, true],
  [`${P}.port ~= 1701`, F, true],
  [`${P}.port any_ne 1701`, F, true],
  [`${P}.u8 === 3`, F, true],
  [`${P}.u8 !== 3`, F, false],
  [`${P}.port > 5000`, F, true],
  [`${P}.port < 1000`, F, false],
  // absent fields: every comparison carries an implicit presence test
  [`${P}.u8 == 3`, EMPTY, false],
  [`${P}.u8 != 3`, EMPTY, false],
  [`${P}.u8 === 3`, EMPTY, false],
  [`${P}.u8 !== 3`, EMPTY, false],
  [`!(${P}.u8 == 3)`, EMPTY, true],
  [`not ${P}.u8 == 3`, EMPTY, true],
  [`${P}.u8 in {3}`, EMPTY, false],
  [`${P}.u8 not in {3}`, EMPTY, true],
  // field against field
  [`${P}.u16 == ${P}.port`, F, true],
  [`${P}.u16 != ${P}.port`, F, false],
  [`${P}.u16 === ${P}.port`, F, false],
  [`${P}.u16 !== ${P}.port`, F, true],
  [`${P}.u32 < ${P}.port`, F, true],
  [`${P}.u8 == ${P}.absent`, F, false],
  // value names (vals, tfs)
  [`${P}.msg == SCCRQ`, F, true],
  [`${P}.msg == sccrq`, F, true],
  [`${P}.msg == "HELLO"`, F, true],
  [`${P}.msg == "Start_Control_Request"`, F, true],
  [`${P}.msg == "start_control_request (sccrq)"`, F, true],
  [`${P}.msg == SCCRP`, F, false],
  [`${P}.msg == Call-Disconnect-Notify`, F, false],
  [`${P}.msg in {SCCRP HELLO}`, F, true],
  [`${P}.msg == 6`, F, true],
  [`${P}.flag == 1`, F, true],
  [`${P}.flag == True`, F, true],
  [`${P}.flag == true`, F, true],
  [`${P}.flag == "Set"`, F, true],
  [`${P}.flag == 2`, F, true],
  [`${P}.flag == 0`, F, false],
  [`${P}.flag == False`, F, false],
  [`${P}.off == 0`, F, true],
  [`${P}.off == "False"`, F, true],
  [`${P}.flag == "not set"`, F, false],
  [`${P}.off == 1`, F, false],
  // logic and precedence (not > and > or)
  [`${P}.u8 == 3 and ${P}.u32 == 1000`, F, true],
  [`${P}.u8 == 3 && ${P}.u32 == 1`, F, false],
  [`${P}.u8 == 4 or ${P}.u32 == 1000`, F, true],
  [`${P}.u8 == 4 || ${P}.u32 == 1`, F, false],
  [`${P}.u8 == 4 || ${P}.u8 == 3 && ${P}.u32 == 1`, F, false],
  [`(${P}.u8 == 4 || ${P}.u8 == 3) && ${P}.u32 == 1000`, F, true],
  [`${P}.u8 == 3 or ${P}.u8 == 4 and ${P}.u32 == 1`, F, true],
  [`not ${P}.u8 == 3`, F, false],
  [`!(${P}.u8 == 4)`, F, true],
  [`! ! ${P}.u8`, F, true],
  [`not not not ${P}.u8`, F, false],
  [`${P}.u8 == 3 AND ${P}.u32 == 1000`, F, true],
  [`((((${P}.u8))))`, F, true],
  [`!${P}.absent && (${P}.u8 in {1 2 3} || ${P}.absent)`, F, true],
  // membership
  [`${P}.u8 in {1 2 3}`, F, true],
  [`${P}.u8 in {1, 2, 3}`, F, true],
  [`${P}.u8 in {1,2}`, F, false],
  [`${P}.u8 in {0..3}`, F, true],
  [`${P}.u8 in {4..10}`, F, false],
  [`${P}.u8 in {1 .. 2, 3..3}`, F, true],
  [`${P}.u8 in {10 0x1..0x3}`, F, true],
  [`${P}.u8 not in {1 2}`, F, true],
  [`${P}.u8 not in {3}`, F, false],
  [`${P}.port in {80 443}`, F, false],
  [`${P}.port in {1700..1702}`, F, true],
  [`${P}.ip in {10.0.0.1..10.0.0.9}`, F, true],
  [`${P}.ip in {10.0.0.6 .. 10.0.0.9}`, F, false],
  [`${P}.str in {"x" "lns.example"}`, F, true],
  [`${P}.time in {1..2}`, F, true],
  [`${P}.u8 in {${P}.u32 3}`, F, true],
  // bitwise and
  [`${P}.u16 & 0x0100`, F, true],
  [`${P}.u16 & 0x0800`, F, false],
  [`${P}.u16 bitwise_and 0x1000`, F, true],
  [`${P}.u16 & 0xff == 1`, F, true],
  [`${P}.u16 & 0xff00 == 0x1700`, F, true],
  [`${P}.u16 & 0xff00 != 0x1700`, F, false],
  [`!(${P}.u16 & 0x8000)`, F, true],
  [`${P}.bytes[0] & 80`, F, true],
  [`${P}.bytes[0:2] & 01:fd`, F, false],
  [`${P}.bytes[0:2] & 0f:0f == 08:02`, F, true],
  // IPv4
  [`${P}.ip == 192.0.2.1`, F, true],
  [`${P}.ip == 192.0.2.0/24`, F, true],
  [`${P}.ip == 192.0.3.0/24`, F, false],
  [`${P}.ip == 10.0.0.0/8`, F, true],
  [`${P}.ip != 192.0.2.1`, F, false],
  [`${P}.ip != 198.51.100.0/24`, F, true],
  [`${P}.ip !== 192.0.2.1`, F, true],
  [`${P}.ip === 192.0.2.1`, F, false],
  [`${P}.ip === 0.0.0.0/0`, F, true],
  [`${P}.ip > 192.0.2.0`, F, true],
  [`${P}.ip < 10.0.0.5`, F, false],
  [`${P}.ip[0] == c0`, F, true],
  [`${P}.ip == "10.0.0.5"`, F, true],
  // IPv6
  [`${P}.ip6 == 2001:db8::1`, F, true],
  [`${P}.ip6 == 2001:0db8:0:0:0:0:0:1`, F, true],
  [`${P}.ip6 == 2001:db8::/32`, F, true],
  [`${P}.ip6 == 2001:db9::/32`, F, false],
  [`${P}.ip6 == ::ffff:192.0.2.1`, F, false],
  [`${P}.ip6 > ::1`, F, true],
  [`${P}.ip6[0:2] == 20:01`, F, true],
  // MAC addresses and slices
  [`${P}.mac == 02:00:5e:00:00:0a`, F, true],
  [`${P}.mac == 02-00-5e-00-00-0a`, F, true],
  [`${P}.mac == 0200.5e00.000a`, F, true],
  [`${P}.mac == 02:00:5E:00:00:0A`, F, true],
  [`${P}.mac == 02:00:5e:00:00:0b`, F, false],
  [`${P}.mac[0:3] == 02:00:5e`, F, true],
  [`${P}.mac[0:3] == 02-00-5e`, F, true],
  [`${P}.mac[-1] == 0a`, F, true],
  [`${P}.mac[-2:] == 00:0a`, F, true],
  [`${P}.mac contains 5e:00`, F, true],
  [`${P}.mac contains 5e:01`, F, false],
  // byte strings and slices
  [`${P}.bytes == c8:02:00:ff`, F, true],
  [`${P}.bytes == c8.02.00.ff`, F, true],
  [`${P}.bytes == c80200ff`, F, true],
  [`${P}.bytes == c8:02:00`, F, false],
  [`${P}.bytes contains 02:00`, F, true],
  [`${P}.bytes contains c8-02`, F, true],
  [`${P}.bytes contains ff`, F, true],
  [`${P}.bytes contains 0xff`, F, true],
  [`${P}.bytes contains 00:c8`, F, false],
  [`${P}.bytes[0] == 0xc8`, F, true],
  [`${P}.bytes[0] == c8`, F, true],
  [`${P}.bytes[1:2] == 02:00`, F, true],
  [`${P}.bytes[1-2] == 02:00`, F, true],
  [`${P}.bytes[ 1 : 2 ] == 02:00`, F, true],
  [`${P}.bytes[2:] == 00:ff`, F, true],
  [`${P}.bytes[:2] == c8:02`, F, true],
  [`${P}.bytes[0,3] == c8:ff`, F, true],
  [`${P}.bytes[0:1,2-3] == c8:00:ff`, F, true],
  [`${P}.bytes[-4:4] == c8:02:00:ff`, F, true],
  [`${P}.bytes[3]`, F, true],
  [`${P}.bytes[4]`, F, false],
  [`${P}.bytes[2:3] == 00:ff`, F, false],
  [`${P}.bytes > c8:01`, F, true],
  [`${P}.bytes < c8:02`, F, false],
  [`${P}.label`, EMPTY, false],
  // strings
  [`${P}.str == "Hello World"`, F, true],
  [`${P}.str == "hello world"`, F, false],
  [`${P}.str == lns.example`, F, true],
  [`${P}.str == "Hello\\x20World"`, F, true],
  [`${P}.str == "\\110ello World"`, F, true],
  [`${P}.str == "Hello\\u0020World"`, F, true],
  [`${P}.str contains "World"`, F, true],
  [`${P}.str contains "world"`, F, false],
  [`${P}.str matches "^hello"`, F, true],
  [`${P}.str matches "(?-i)^hello"`, F, false],
  [`${P}.str matches "(?-i)^Hello"`, F, true],
  [`${P}.str ~ "example$"`, F, true],
  [`${P}.str matches "\\\\.example$"`, F, true],
  [`${P}.str matches r"^h\\w+o\\s"`, F, true],
  [`${P}.str matches "^xyz"`, F, false],
  [`${P}.str > "A"`, F, true],
  [`${P}.str < "A"`, F, false],
  [`${P}.str != "Hello World"`, F, false],
  [`${P}.str !== "Hello World"`, F, true],
  [`${P}.str[0:5] == "Hello"`, F, true],
  [`${P}.str[0:5] == 48:65:6c:6c:6f`, F, true],
  [`upper(${P}.str) == "HELLO WORLD"`, F, true],
  [`lower(${P}.str) contains "hello"`, F, true],
  [`len(${P}.str) == 11`, F, true],
  [`len(${P}.str) > 20`, F, false],
  // protocols (their bytes)
  [`${P}.proto contains "GET"`, F, true],
  [`${P}.proto contains 47:45:54`, F, true],
  [`${P}.proto contains "POST"`, F, false],
  [`${P}.proto[0:3] == "GET"`, F, true],
  [`${P}.proto == "GET /x"`, F, true],
  [`${P}.proto matches "^get /"`, F, true],
  [`len(${P}.proto) == 6`, F, true],
  // times and doubles
  [`${P}.time == 1.5`, F, true],
  [`${P}.time > 1.4`, F, true],
  [`${P}.time < 1`, F, false],
  [`${P}.time >= 1.500000001`, F, false],
  [`${P}.abs == 1700000000.25`, F, true],
  [`${P}.abs > "2023-11-14 22:13:20"`, F, true],
  [`${P}.abs < "2023-11-14T22:13:21Z"`, F, true],
  [`${P}.abs > "Nov 14, 2023 22:13:20.5"`, F, false],
  [`${P}.dbl == 2.5`, F, true],
  [`${P}.dbl >= 2.50`, F, true],
  [`${P}.dbl < 1e1`, F, true],
  [`${P}.dbl > 3`, F, false],
  // functions
  [`count(${P}.ip) == 2`, F, true],
  [`count(${P}.msg) > 1`, F, true],
  [`count(${P}.u8) == 1`, F, true],
  [`count(${P}.ip) == 0`, EMPTY, false],
  [`count(${P}.ip)`, F, true],
  [`string(${P}.u32) matches "^10+$"`, F, true],
  [`string(${P}.ip) == "10.0.0.5"`, F, true],
  [`string(${P}.ip6) == "2001:db8::1"`, F, true],
  [`string(${P}.mac) contains "5e:00"`, F, true],
  [`string(${P}.flag) == "1"`, F, true],
  [`len(${P}.bytes) == 4`, F, true],
  [`len(${P}.bytes[1:]) == 3`, F, true],
  [`len(${P}.mac) == 6`, F, true],
  [`len(${P}.bytes) == ${P}.u8 or len(${P}.bytes) > ${P}.u8`, F, true],
];

void test('expressions × frames', () => {
  const failures: string[] = [];
  for (const [expr, frame, want] of cases) {
    const f = compileFilter(expr);
    if (isFilterError(f)) {
      failures.push(`${expr}: unexpected error ${formatFilterError(expr, f)}`);
      continue;
    }
    const got = f.matches(getter(frame));
    if (got !== want) failures.push(`${expr}: expected ${want}, got ${got} (${frame === EMPTY ? 'empty frame' : 'frame F'})`);
  }
  assert.deepEqual(failures, []);
});

// [expression, offset, message (exact string, or a pattern)]
const errors: readonly [string, number, string | RegExp][] = [
  ['l2tp.tunel', 0, "'l2tp.tunel' is neither a field nor a protocol name."],
  [`${P}.u8 == 3 and l2tp.tunel`, 24, "'l2tp.tunel' is neither a field nor a protocol name."],
  [`l2tp.tunel == 3`, 0, "'l2tp.tunel' is neither a field nor a protocol name."],
  [`${P}.u8 == l2tp.tunel`, 18, "'l2tp.tunel' is neither a field nor a protocol name."],
  ['1 == 1', 0, "'1' is neither a field nor a protocol name."],
  [`${P}.u8 ==`, 17, "Unexpected end of filter: expected a value or a field after '=='."],
  [`${P}.u8 == 3 and`, 23, /^Unexpected end of filter: expected a field/],
  [`${P}.u8 == 3 and or ${P}.u8`, 24, /^Unexpected 'or': expected a field/],
  [`(${P}.u8`, 15, "Unexpected end of filter: expected ')' to close the '(' at offset 0."],
  [`${P}.u8)`, 14, "Unexpected ')': it has no matching '('."],
  [`${P}.u8 3`, 15, /^Unexpected '3': expected 'and', 'or', a comparison operator or the end of the filter\.$/],
  [`${P}.u8 = 3`, 15, "'=' is not an operator: use '==' (or 'eq') to compare."],
  [`${P}.u8 | 3`, 15, "'|' is not an operator: use '||' (or 'or')."],
  [`${P}.u8 $ 3`, 15, "Unexpected character '$'."],
  [`${P}.u8 == 1 == 2`, 20, "Comparisons cannot be chained: '==' follows '==' (use 'and')."],
  [`${P}.u8 == 256`, 18, "'256' is too big for 'test.filter.u8' (Unsigned integer (8 bits)), maximum 255."],
  [`${P}.u8 == -1`, 18, "'-1' is too small for 'test.filter.u8' (Unsigned integer (8 bits)), minimum 0."],
  [`${P}.i16 == -32769`, 19, "'-32769' is too small for 'test.filter.i16' (Signed integer (16 bits)), minimum -32768."],
  [`${P}.u8 == abc`, 18, "'abc' cannot be converted to Unsigned integer (8 bits)."],
  [`${P}.u8 == 08`, 18, "'08' cannot be converted to Unsigned integer (8 bits)."],
  [`${P}.u8 == 1.5`, 18, "'1.5' cannot be converted to Unsigned integer (8 bits)."],
  [`${P}.u8 == "3"`, 18, '"3" cannot be converted to Unsigned integer (8 bits).'],
  [`${P}.msg == FOO`, 19, "'FOO' is neither a number nor a value name of 'test.filter.msg' (Unsigned integer (16 bits))."],
  [`${P}.flag == maybe`, 20, "'maybe' is neither a number nor a value name of 'test.filter.flag' (Boolean)."],
  [`${P}.ip == 300.1.1.1`, 18, "'300.1.1.1' is not a valid IPv4 address."],
  [`${P}.ip == 10.0.0.0/33`, 18, "'10.0.0.0/33' is not a valid IPv4 address."],
  [`${P}.ip == myhost`, 18, "'myhost' is not a valid IPv4 address (host names are not resolved)."],
  [`${P}.ip6 == 2001:db8:::1`, 19, "'2001:db8:::1' is not a valid IPv6 address."],
  [`${P}.mac == 02:00:5e`, 19, /^'02:00:5e' is not a valid Ethernet address/],
  [`${P}.bytes == xyz`, 21, /^'xyz' is not a valid byte sequence/],
  [`${P}.time == soon`, 20, "'soon' is not a valid time offset in seconds."],
  [`${P}.dbl == 1.2.3`, 19, "'1.2.3' is not a valid number."],
  [`${P}.u32 contains 3`, 0, /^'test\.filter\.u32' \(Unsigned integer \(32 bits\)\) cannot be used with 'contains'/],
  [`${P}.ip contains 10.0.0.1`, 0, /cannot be used with 'contains'/],
  [`${P}.u32 matches "1"`, 0, /^'test\.filter\.u32' \(Unsigned integer \(32 bits\)\) cannot be used with 'matches': it is not text/],
  [`${P}.str matches foo`, 24, "'matches' needs a double-quoted regular expression on its right."],
  [`${P}.str matches "("`, 24, /^Invalid regular expression: /],
  [`${P}.str matches "(?x)a b"`, 24, "Regular expression option 'x' is not supported (only i, m and s)."],
  [`${P}.u32[0:2] == 00:01`, 0, /^'test\.filter\.u32' \(Unsigned integer \(32 bits\)\) cannot be sliced/],
  [`${P}.bytes[x] == 00`, 18, "'x' is not a valid slice range: expected i:j, i-j, i, :j or i:."],
  [`${P}.bytes[0 == 00`, 20, /^Unexpected '=='/],
  [`${P}.str == "abc`, 19, `The string starting here is not terminated: expected a closing '"'.`],
  [`${P}.str == "a\\qb"`, 21, /^'\\q' is not a valid escape sequence/],
  [`${P}.str == "\\x"`, 20, "'\\x' must be followed by one or two hex digits."],
  [`${P}.u8 == ''`, 18, /^Empty or unterminated character constant/],
  [`foo(${P}.u8)`, 0, "The function 'foo' does not exist (known: len, count, upper, lower, string)."],
  [`len(${P}.u8)`, 4, /^len\(\) needs a string, byte sequence, address or protocol/],
  [`len(${P}.u8, ${P}.u8) == 1`, 0, 'len() takes exactly one argument.'],
  [`upper(${P}.u8) == "A"`, 6, /^upper\(\) needs a string field/],
  [`string(${P}.str) == "A"`, 7, /^string\(\) converts non-string fields/],
  [`len("abc") == 3`, 4, 'The argument of len() must be a field.'],
  [`count(nope.nope) == 3`, 6, "'nope.nope' is neither a field nor a protocol name."],
  [`${P}.u8 in {}`, 18, 'A set needs at least one value.'],
  [`${P}.u8 in {1..}`, 20, "'..' needs a value after it."],
  [`${P}.u8 in {..3}`, 19, "'..' needs a value before it."],
  [`${P}.u8 in {1,}`, 21, "Unexpected '}': expected a value after ','."],
  [`${P}.u8 in {1 2`, 22, "Unexpected end of filter: expected '}' to close the '{' at offset 18."],
  [`${P}.u8 in 3`, 18, "Unexpected '3': expected '{' to start a set."],
  [`${P}.ip == ${P}.str`, 15, "'test.filter.ip' (IPv4 address) and 'test.filter.str' (Character string) cannot be compared."],
  [`${P}.u8 in {${P}.ip}`, 19, "'test.filter.ip' (IPv4 address) cannot be in a set of Unsigned integer (8 bits) values."],
  [`${P}.label == 1`, 0, "'test.filter.label' is a label without a value: it can only be tested for presence."],
  [`"abc"`, 0, 'A literal value is not a test: compare a field with it (e.g. "field == value").'],
  [`"abc" == "abc"`, 0, 'Both sides are literal values: one side of a comparison must be a field.'],
  [`${P}.ip & 0xff`, 15, /^'&' works on integers and byte sequences; 'test.filter.ip' is IPv4 address\.$/],
  ['==', 0, /^Unexpected '==': expected a field/],
  [')', 0, /^Unexpected '\)': expected a field/],
];

void test('errors name the position and what was expected', () => {
  const failures: string[] = [];
  for (const [expr, offset, msg] of errors) {
    const r = compileFilter(expr);
    if (!isFilterError(r)) {
      failures.push(`${expr}: compiled, expected an error`);
      continue;
    }
    const okMsg = typeof msg === 'string' ? r.error === msg : msg.test(r.error);
    if (!okMsg || r.offset !== offset) failures.push(`${expr}: got ${JSON.stringify(r)}, want offset ${offset} and ${String(msg)}`);
  }
  assert.deepEqual(failures, []);
});

void test('compileFilter never throws, even on pathological input', () => {
  const deep = `${'('.repeat(5000)}frame${')'.repeat(5000)}`;
  const r = compileFilter(deep);
  assert.ok(isFilterError(r));
  const nots = compileFilter(`${'!'.repeat(100)}frame`);
  assert.ok(!isFilterError(nots));
  for (const junk of ['"', "'", '\\', '{', '}', '[', ']', ',', '..', 'r"', '&', '&&', '!', '~', 'in', 'not in', '[0]', 'a[', 'frame[', 'frame[0', 'frame in {', '\u00e9']) {
    const x = compileFilter(junk);
    assert.ok(isFilterError(x), `${JSON.stringify(junk)} should be an error`);
    assert.equal(typeof x.offset, 'number');
  }
  // matches() swallows a throwing getter.
  const f = compileFilter(`${P}.u8 == 3`);
  assert.ok(!isFilterError(f));
  assert.equal(f.matches(() => { throw new Error('boom'); }), false);
  // values of the wrong shape are skipped, not fatal
  assert.equal(f.matches(getter({ [`${P}.u8`]: ['not a number', 3] })), true);
});

// [expression, the exact set of fields it reads]
const reads: readonly [string, string[]][] = [
  ['', []],
  ['frame', ['frame']],
  [`${P}.u8 == 3 and (frame.len > 10 or data)`, ['data', 'frame.len', `${P}.u8`]],
  [`count(${P}.ip) > 1 && len(data.data) == 4 && ${P}.str[0:1] == "H"`, ['data.data', `${P}.ip`, `${P}.str`]],
  [`${P}.u16 == ${P}.port`, [`${P}.port`, `${P}.u16`]],
  [`${P}.u8 in {1 ${P}.u32..5}`, [`${P}.u32`, `${P}.u8`]],
  [`${P}.str == lns.example`, [`${P}.str`]],
  [`${P}.msg == SCCRQ || !${P}.flag`, [`${P}.flag`, `${P}.msg`]],
  [`${P}.u16 & 0x10 && frame.number > 1`, ['frame.number', `${P}.u16`]],
];

void test('fields lists exactly the abbreviations a filter reads', () => {
  for (const [expr, want] of reads) {
    const f = compileFilter(expr);
    assert.ok(!isFilterError(f), expr);
    assert.deepEqual([...f.fields].sort(), [...want].sort(), expr);
    assert.equal(f.text, expr);
  }
});

function compiled(expr: string): CompiledFilter {
  const f = compileFilter(expr);
  if (isFilterError(f)) assert.fail(formatFilterError(expr, f));
  return f;
}

const payload = hex('c8020014000000000000000000000000');

function recordFrame(t: FieldsBuilder | TreeBuilder, number: number, bytes: Uint8Array): void {
  const tvb = Tvb.of(bytes);
  const top = t.add(null, tvb, frameHf.frame, 0, bytes.length);
  t.generated(top, frameHf.number, number);
  t.generated(top, frameHf.len, bytes.length);
  t.generated(top, frameHf.protocols, 'eth:data');
  const d = t.add(null, tvb, dataHf.data, 0, bytes.length);
  t.add(d, tvb, dataHf.data_data, 0, bytes.length);
  t.generated(d, dataHf.data_len, bytes.length);
}

const realCases: readonly [string, boolean][] = [
  ['frame', true],
  ['data', true],
  ['frame.number == 7', true],
  ['frame.number in {1..6}', false],
  ['frame.len == 16 && data.len == 16', true],
  ['data.data[0:2] == c8:02', true],
  ['data.data contains 00:14', true],
  ['data contains 00:14:00', true],
  ['data[0] == 0xc8', true],
  ['len(data.data) == 16', true],
  ['frame.protocols contains "data"', true],
  ['frame.protocols matches "^ETH:"', true],
  ['data.data == c8:02', false],
  ['frame[0:2] == c8:02', true],
  ['frame[-1] == 00 && frame[15] == 0 && !frame[16]', true],
  ['frame.len > 100 || !data', false],
];

void test('real fields over a FieldsBuilder\'s hits (matchHits)', () => {
  for (const [expr, want] of realCases) {
    const f = compiled(expr);
    const b = new FieldsBuilder(f.fields);
    recordFrame(b, 7, payload);
    assert.equal(matchHits(f, b.hits), want, expr);
  }
});

void test('real fields over a full tree (matchTree), bytes from the data sources', () => {
  const t = new TreeBuilder();
  recordFrame(t, 7, payload);
  for (const [expr, want] of realCases) assert.equal(matchTree(compiled(expr), t.roots, [{ bytes: payload }]), want, expr);
  // Without sources, presence still works; byte comparisons find no value.
  assert.equal(matchTree(compiled('data && frame.number == 7'), t.roots), true);
  assert.equal(matchTree(compiled('data.data contains 00:14'), t.roots), false);
});

void test('formatFilterError points at the offset', () => {
  const r = compileFilter('frame.len == xyz');
  assert.ok(isFilterError(r));
  assert.equal(formatFilterError('frame.len == xyz', r), "'xyz' cannot be converted to Unsigned integer (32 bits).\n  frame.len == xyz\n               ^");
});

void test('value names: L2TP message types by their short names too (SCCRQ) as well as Wireshark\'s', async () => {
  await import('../../server/dissect/engine'); // registers the protocol modules' fields
  const mt = fieldByAbbrev('l2tp.avp.message_type');
  assert.ok(mt);
  for (const [text, want] of [['l2tp.avp.message_type == "SCCRQ"', true], ['l2tp.avp.message_type == sccrp', false], ['l2tp.avp.message_type == Start_Control_Request', true]] as const) {
    const f = compileFilter(text);
    assert.ok(!isFilterError(f), text);
    if (isFilterError(f)) continue;
    assert.equal(f.matches(() => [{ field: mt, value: 1 }]), want, text);
  }
});
