// Display-filter semantics: resolves words to fields or typed literals, type-checks operators, compiles to closures.

import { fieldByAbbrev } from '../fields';
import type { FieldDef, FieldType, FieldValue } from '../fields';
import { encodeText, formatIpv6, isLexError, latin1, literalValue, parseIpv4, parseIpv6, parseMac, parseTime, regexOf } from './lexer';
import type { Cls, Ip4, Ip6, Val } from './lexer';
import type { CmpOp, Expr, Operand, SetItem, SliceRange } from './parser';

/** One occurrence of a field in a frame, as the filter reads it (a FieldHit fits). */
export interface FilterValue {
  readonly value: FieldValue | undefined;
  readonly bytes?: Uint8Array;
  readonly field: FieldDef;
}

export type Getter = (abbrev: string) => readonly FilterValue[];

interface Ctx {
  readonly get: Getter;
  readonly cache: Map<string, readonly Val[]>;
}

export type Test = (ctx: Ctx) => boolean;

/** An operand whose type is known: a field, a slice, a function result, a mask, or a resolved literal. */
interface Typed {
  readonly cls: Cls;
  /** Source text, for messages. */
  readonly label: string;
  readonly typeName: string;
  /** Set when the operand is exactly one field (value names, range checks, MAC literals). */
  readonly field?: FieldDef;
  readonly literal?: boolean;
  eval(ctx: Ctx): readonly Val[];
}

export class CompileError {
  constructor(readonly error: string, readonly offset: number) {}
}

const TYPE_NAMES: Readonly<Record<FieldType, string>> = {
  protocol: 'Protocol', none: 'Label', bool: 'Boolean',
  uint8: 'Unsigned integer (8 bits)', uint16: 'Unsigned integer (16 bits)', uint24: 'Unsigned integer (24 bits)',
  uint32: 'Unsigned integer (32 bits)', uint64: 'Unsigned integer (64 bits)',
  int8: 'Signed integer (8 bits)', int16: 'Signed integer (16 bits)', int32: 'Signed integer (32 bits)',
  framenum: 'Frame number', ipv4: 'IPv4 address', ipv6: 'IPv6 address', ether: 'Ethernet or other MAC address',
  bytes: 'Byte sequence', string: 'Character string', time_abs: 'Date and time', time_rel: 'Time offset',
  double: 'Floating point (double-precision)',
};

const CLS_NAMES: Readonly<Record<Cls, string>> = {
  int: 'Integer', ipv4: 'IPv4 address', ipv6: 'IPv6 address', bytes: 'Byte sequence', str: 'Character string',
  time: 'Time', double: 'Floating point',
};

export function typeName(t: FieldType): string {
  return TYPE_NAMES[t];
}

function clsOf(t: FieldType): Cls | undefined {
  switch (t) {
    case 'protocol': case 'bytes': case 'ether': return 'bytes';
    case 'none': return undefined;
    case 'ipv4': return 'ipv4';
    case 'ipv6': return 'ipv6';
    case 'string': return 'str';
    case 'time_abs': case 'time_rel': return 'time';
    case 'double': return 'double';
    default: return 'int';
  }
}

/** A frame's value of field `f` in the filter's terms; undefined when it cannot be read. */
function toVal(f: FieldDef, fv: FilterValue): Val | undefined {
  const v = fv.value;
  switch (f.type) {
    case 'protocol': case 'bytes': case 'none':
      return fv.bytes;
    case 'ether':
      return typeof v === 'string' ? parseMac(v) : fv.bytes;
    case 'ipv4':
      if (typeof v === 'number') return { a: v >>> 0, p: 32 };
      return typeof v === 'string' ? parseIpv4(v) : undefined;
    case 'ipv6':
      return typeof v === 'string' ? parseIpv6(v) : undefined;
    case 'string':
      return v === undefined ? (fv.bytes ? latin1(fv.bytes) : undefined) : String(v);
    case 'time_abs': case 'time_rel':
      return v === undefined ? undefined : parseTime(String(v));
    case 'double':
      return typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
    default:
      if (typeof v === 'boolean') return v ? 1n : 0n;
      if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : undefined;
      if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
      return undefined;
  }
}

/** Compiles a syntax tree; throws CompileError (caught by the caller). Records the fields read. */
export class Compiler {
  readonly fields = new Set<string>();

  compile(e: Expr): Test {
    switch (e.t) {
      case 'or': {
        const a = this.compile(e.a), b = this.compile(e.b);
        return (c) => a(c) || b(c);
      }
      case 'and': {
        const a = this.compile(e.a), b = this.compile(e.b);
        return (c) => a(c) && b(c);
      }
      case 'not': {
        const a = this.compile(e.e);
        return (c) => !a(c);
      }
      case 'test': return this.test(e.e);
      case 'cmp': return this.cmp(e.op, e.opText, e.a, e.b, e.offset);
      case 'in': return this.member(e.a, e.items, e.negate);
    }
  }

  /** A lone operand: a field or protocol is present; a slice, function or mask yields a (non-zero) value. */
  private test(o: Operand): Test {
    if (o.t === 'word') {
      const f = this.fieldOf(o);
      if (!f) throw unknownName(o);
      return (c) => c.get(f.abbrev).length > 0;
    }
    if (o.t === 'string' || o.t === 'char') throw new CompileError('A literal value is not a test: compare a field with it (e.g. "field == value").', o.offset);
    const t = this.typed(o);
    if (o.t === 'bitand') return (c) => t.eval(c).some(nonZero);
    return (c) => t.eval(c).length > 0;
  }

  private fieldOf(o: Operand): FieldDef | undefined {
    if (o.t !== 'word') return undefined;
    const f = fieldByAbbrev(o.text) ?? (o.text.startsWith('.') ? fieldByAbbrev(o.text.slice(1)) : undefined);
    if (f) this.fields.add(f.abbrev);
    return f;
  }

  /** Compiles an operand that must have a type of its own (not a bare literal). */
  private typed(o: Operand): Typed {
    switch (o.t) {
      case 'word': {
        const f = this.fieldOf(o);
        if (!f) throw unknownName(o);
        return this.fieldOperand(f, o);
      }
      case 'string': case 'char':
        throw new CompileError('A literal value cannot be used here: expected a field.', o.offset);
      case 'slice': return this.slice(o.of, o.ranges, o);
      case 'call': return this.call(o.name, o.args, o);
      case 'bitand': return this.bitand(o.a, o.b, o.opOffset);
    }
  }

  private fieldOperand(f: FieldDef, o: Operand): Typed {
    const cls = clsOf(f.type);
    if (!cls) throw new CompileError(`'${f.abbrev}' is a label without a value: it can only be tested for presence.`, o.offset);
    const abbrev = f.abbrev;
    return {
      cls, field: f, label: abbrev, typeName: TYPE_NAMES[f.type],
      eval(c: Ctx): readonly Val[] {
        const hit = c.cache.get(abbrev);
        if (hit) return hit;
        const out: Val[] = [];
        for (const fv of c.get(abbrev)) {
          const v = toVal(f, fv);
          if (v !== undefined) out.push(v);
        }
        c.cache.set(abbrev, out);
        return out;
      },
    };
  }

  /** Either side of a comparison: typed, or undefined for a literal to resolve against the other side. */
  private side(o: Operand): Typed | undefined {
    if (o.t === 'string' || o.t === 'char') return undefined;
    if (o.t === 'word') {
      const f = this.fieldOf(o);
      return f ? this.fieldOperand(f, o) : undefined;
    }
    return this.typed(o);
  }

  private cmp(op: CmpOp, opText: string, ao: Operand, bo: Operand, offset: number): Test {
    let a = this.side(ao);
    let b = op === 'matches' && bo.t === 'string' ? undefined : this.side(bo);
    if (!a && !b) {
      if (ao.t === 'word') throw unknownName(ao);
      if (bo.t === 'word') throw unknownName(bo);
      throw new CompileError('Both sides are literal values: one side of a comparison must be a field.', ao.offset);
    }
    if (op === 'matches') {
      const lhs = a ?? this.typed(ao);
      if (bo.t !== 'string') throw new CompileError(`'${opText}' needs a double-quoted regular expression on its right.`, bo.offset);
      if (lhs.cls !== 'str' && lhs.cls !== 'bytes') throw new CompileError(`'${lhs.label}' (${lhs.typeName}) cannot be used with '${opText}': it is not text (use string(${lhs.label})).`, ao.offset);
      const re = regexOf(bo.value);
      if (typeof re === 'string') throw new CompileError(re, bo.offset);
      return (c) => lhs.eval(c).some((v) => re.test(typeof v === 'string' ? v : v instanceof Uint8Array ? latin1(v) : ''));
    }
    if (!a && b) a = this.resolve(ao, b, op);
    else if (a && !b) b = this.resolve(bo, a, op);
    if (!a || !b) throw new CompileError('Internal error: unresolved operand.', offset);
    if (a.cls !== b.cls) {
      if (a.cls === 'bytes' && b.cls === 'str') b = asBytes(b);
      else if (a.cls === 'str' && b.cls === 'bytes') a = asBytes(a);
      else throw new CompileError(`'${a.label}' (${a.typeName}) and '${b.label}' (${b.typeName}) cannot be compared.`, offset);
    }
    if (op === 'contains' && a.cls !== 'str' && a.cls !== 'bytes') {
      throw new CompileError(`'${a.label}' (${a.typeName}) cannot be used with '${opText}': only strings, byte sequences and protocols can contain a value.`, ao.offset);
    }
    return relation(op, a, b);
  }

  /** A literal operand converted to the type of `to` (its field's value names, MAC format, ranges…). */
  private resolve(o: Operand, to: Typed, op: CmpOp | 'in'): Typed {
    if (o.t !== 'word' && o.t !== 'string' && o.t !== 'char') throw new CompileError('Expected a value here.', o.offset);
    const cls = to.cls;
    const v = literalValue(o, cls, op === 'contains' && to.field?.type === 'ether' ? undefined : to.field, to.label, to.typeName);
    if (isLexError(v)) throw new CompileError(v.error, v.offset);
    const one: readonly Val[] = [v];
    const label = o.t === 'word' ? o.text : o.t === 'string' ? `"${o.value}"` : `'${String.fromCodePoint(o.code)}'`;
    return { cls, label, typeName: CLS_NAMES[cls], literal: true, eval: () => one };
  }

  private member(ao: Operand, items: readonly SetItem[], negate: boolean): Test {
    const a = this.typed(ao);
    const parts = items.map((it) => {
      const lo = this.sideOrResolve(it.lo, a);
      const hi = it.hi ? this.sideOrResolve(it.hi, a) : undefined;
      return { lo, hi };
    });
    const test: Test = (c) => {
      const vals = a.eval(c);
      if (vals.length === 0) return false;
      for (const p of parts) {
        const los = p.lo.eval(c);
        if (!p.hi) {
          if (vals.some((v) => los.some((l) => compare(v, l) === 0))) return true;
          continue;
        }
        const his = p.hi.eval(c);
        for (const v of vals) {
          if (los.some((l) => (compare(v, l) ?? -1) >= 0) && his.some((h) => (compare(v, h) ?? 1) <= 0)) return true;
        }
      }
      return false;
    };
    return negate ? (c) => !test(c) : test;
  }

  private sideOrResolve(o: Operand, to: Typed): Typed {
    const t = this.side(o);
    if (!t) return this.resolve(o, to, 'in');
    if (t.cls !== to.cls) throw new CompileError(`'${t.label}' (${t.typeName}) cannot be in a set of ${to.typeName} values.`, o.offset);
    return t;
  }

  private slice(of: Operand, ranges: readonly SliceRange[], o: Operand): Typed {
    const base = this.typed(of);
    if (base.cls === 'int' || base.cls === 'time' || base.cls === 'double') {
      throw new CompileError(`'${base.label}' (${base.typeName}) cannot be sliced: only strings, byte sequences, addresses and protocols can.`, o.offset);
    }
    const label = `${base.label}[…]`;
    return {
      cls: 'bytes', label, typeName: 'Byte sequence',
      eval(c: Ctx): readonly Val[] {
        const out: Val[] = [];
        for (const v of base.eval(c)) {
          const b = bytesOf(v);
          if (!b) continue;
          const s = sliceBytes(b, ranges);
          if (s) out.push(s);
        }
        return out;
      },
    };
  }

  private call(name: string, args: readonly Operand[], o: Operand): Typed {
    const fn = name.toLowerCase();
    if (!['len', 'count', 'upper', 'lower', 'string'].includes(fn)) {
      throw new CompileError(`The function '${name}' does not exist (known: len, count, upper, lower, string).`, o.offset);
    }
    const arg = args[0];
    if (args.length !== 1 || !arg) throw new CompileError(`${fn}() takes exactly one argument.`, o.offset);
    if (arg.t === 'string' || arg.t === 'char' || (arg.t === 'word' && !fieldByAbbrev(arg.text))) {
      if (arg.t === 'word') throw unknownName(arg);
      throw new CompileError(`The argument of ${fn}() must be a field.`, arg.offset);
    }
    const label = `${fn}(…)`;
    if (fn === 'count') {
      const f = this.fieldOf(arg);
      if (!f) throw new CompileError('The argument of count() must be a field or protocol.', arg.offset);
      return {
        cls: 'int', label, typeName: 'Unsigned integer (32 bits)',
        eval: (c) => {
          const n = c.get(f.abbrev).length;
          return n > 0 ? [BigInt(n)] : [];
        },
      };
    }
    const t = this.typed(arg);
    switch (fn) {
      case 'len':
        if (t.cls === 'int' || t.cls === 'time' || t.cls === 'double') throw new CompileError(`len() needs a string, byte sequence, address or protocol, not '${t.label}' (${t.typeName}).`, arg.offset);
        return {
          cls: 'int', label, typeName: 'Unsigned integer (32 bits)',
          eval: (c) => t.eval(c).map((v) => BigInt(typeof v === 'string' ? encodeText(v).length : (bytesOf(v)?.length ?? 0))),
        };
      case 'upper': case 'lower':
        if (t.cls !== 'str') throw new CompileError(`${fn}() needs a string field, not '${t.label}' (${t.typeName}).`, arg.offset);
        return {
          cls: 'str', label, typeName: 'Character string',
          eval: (c) => t.eval(c).map((v) => (typeof v === 'string' ? (fn === 'upper' ? v.toUpperCase() : v.toLowerCase()) : '')),
        };
      default:
        if (t.cls === 'str' || (t.cls === 'bytes' && t.field?.type !== 'ether')) throw new CompileError(`string() converts non-string fields; '${t.label}' (${t.typeName}) cannot be converted.`, arg.offset);
        return { cls: 'str', label, typeName: 'Character string', eval: (c) => t.eval(c).map(textOf) };
    }
  }

  private bitand(ao: Operand, bo: Operand, offset: number): Typed {
    const a0 = this.side(ao);
    const b0 = this.side(bo);
    if (!a0 && !b0) {
      if (ao.t === 'word') throw unknownName(ao);
      throw new CompileError("'&' needs a field on one side.", ao.offset);
    }
    for (const t of [a0, b0]) {
      if (t && t.cls !== 'int' && t.cls !== 'bytes') throw new CompileError(`'&' works on integers and byte sequences; '${t.label}' is ${t.typeName}.`, offset);
    }
    const a = a0 ?? (b0 ? this.resolve(ao, b0, 'any_eq') : undefined);
    const b = b0 ?? (a0 ? this.resolve(bo, a0, 'any_eq') : undefined);
    if (!a || !b) throw new CompileError('Internal error: unresolved operand.', offset);
    if ((a.cls !== 'int' && a.cls !== 'bytes') || a.cls !== b.cls) {
      const bad = a.cls !== 'int' && a.cls !== 'bytes' ? a : b;
      throw new CompileError(`'&' works on integers and byte sequences; '${bad.label}' is ${bad.typeName}.`, offset);
    }
    return {
      cls: a.cls, label: `${a.label} & ${b.label}`, typeName: a.typeName,
      eval(c: Ctx): readonly Val[] {
        const out: Val[] = [];
        for (const x of a.eval(c)) {
          for (const y of b.eval(c)) {
            if (typeof x === 'bigint' && typeof y === 'bigint') out.push(x & y);
            else if (x instanceof Uint8Array && y instanceof Uint8Array && x.length === y.length) out.push(x.map((v, i) => v & (y[i] ?? 0)));
          }
        }
        return out;
      },
    };
  }
}

function unknownName(o: Operand & { t: 'word' }): CompileError {
  return new CompileError(`'${o.text}' is neither a field nor a protocol name.`, o.offset);
}

function asBytes(t: Typed): Typed {
  return { ...t, cls: 'bytes', eval: (c) => t.eval(c).map((v) => (typeof v === 'string' ? encodeText(v) : v)) };
}

function nonZero(v: Val): boolean {
  if (typeof v === 'bigint') return v !== 0n;
  if (v instanceof Uint8Array) return v.some((b) => b !== 0);
  return true;
}

function isIp4(v: Val): v is Ip4 {
  return typeof v === 'object' && !(v instanceof Uint8Array) && 'a' in v;
}

function isIp6(v: Val): v is Ip6 {
  return typeof v === 'object' && !(v instanceof Uint8Array) && 'b' in v;
}

/** Bytes of a sliceable value (strings as UTF-8, addresses in network order). */
function bytesOf(v: Val): Uint8Array | undefined {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return encodeText(v);
  if (isIp4(v)) return Uint8Array.of(v.a >>> 24, (v.a >>> 16) & 255, (v.a >>> 8) & 255, v.a & 255);
  if (isIp6(v)) return v.b;
  return undefined;
}

/** Wireshark's drange: every range must lie inside the value, else the occurrence has no slice. */
function sliceBytes(b: Uint8Array, ranges: readonly SliceRange[]): Uint8Array | undefined {
  const parts: Uint8Array[] = [];
  for (const r of ranges) {
    const start = r.start < 0 ? b.length + r.start : r.start;
    let end: number; // exclusive
    if (r.kind === 'len') end = start + r.len;
    else if (r.kind === 'toEnd') end = b.length;
    else end = (r.last < 0 ? b.length + r.last : r.last) + 1;
    if (start < 0 || start > b.length || end > b.length || end < start || (r.kind !== 'toEnd' && end === start)) return undefined;
    parts.push(b.subarray(start, end));
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** string(): a value's text, as Wireshark prints it in filters. */
function textOf(v: Val): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Array.from(v, (x) => x.toString(16).padStart(2, '0')).join(':');
  if (isIp4(v)) return `${v.a >>> 24}.${(v.a >>> 16) & 255}.${(v.a >>> 8) & 255}.${v.a & 255}`;
  return formatIpv6(v.b);
}

/** -1/0/1, or undefined when the two values are of different kinds. Address prefixes (CIDR) mask both. */
export function compare(a: Val, b: Val): number | undefined {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : a === b ? 0 : undefined;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const d = (a[i] ?? 0) - (b[i] ?? 0);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }
  if (isIp4(a) && isIp4(b)) {
    const p = Math.min(a.p, b.p);
    const m = p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0;
    const x = (a.a & m) >>> 0, y = (b.a & m) >>> 0;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (isIp6(a) && isIp6(b)) {
    const p = Math.min(a.p, b.p);
    for (let i = 0; i < 16; i++) {
      const bits = Math.max(0, Math.min(8, p - i * 8));
      const m = bits === 0 ? 0 : (0xff << (8 - bits)) & 0xff;
      const d = ((a.b[i] ?? 0) & m) - ((b.b[i] ?? 0) & m);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    return 0;
  }
  return undefined;
}

function containsVal(a: Val, b: Val): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.includes(b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    if (b.length === 0) return true;
    outer: for (let i = 0; i + b.length <= a.length; i++) {
      for (let j = 0; j < b.length; j++) if (a[i + j] !== b[j]) continue outer;
      return true;
    }
  }
  return false;
}

/** Wireshark 4.0 multi-occurrence rules: == any, != all-not, === all, !== any-not; others any pair. */
function relation(op: CmpOp, a: Typed, b: Typed): Test {
  const pairs = (c: Ctx, ok: (x: Val, y: Val) => boolean): boolean => {
    const bs = b.eval(c);
    for (const x of a.eval(c)) for (const y of bs) if (ok(x, y)) return true;
    return false;
  };
  const all = (c: Ctx, ok: (x: Val, y: Val) => boolean): boolean => {
    const as = a.eval(c), bs = b.eval(c);
    if (as.length === 0 || bs.length === 0) return false;
    for (const x of as) for (const y of bs) if (!ok(x, y)) return false;
    return true;
  };
  switch (op) {
    case 'any_eq': return (c) => pairs(c, (x, y) => compare(x, y) === 0);
    case 'all_ne': return (c) => all(c, (x, y) => compare(x, y) !== 0);
    case 'all_eq': return (c) => all(c, (x, y) => compare(x, y) === 0);
    case 'any_ne': return (c) => pairs(c, (x, y) => { const d = compare(x, y); return d !== undefined && d !== 0; });
    case 'gt': return (c) => pairs(c, (x, y) => (compare(x, y) ?? 0) > 0);
    case 'lt': return (c) => pairs(c, (x, y) => (compare(x, y) ?? 0) < 0);
    case 'ge': return (c) => pairs(c, (x, y) => { const d = compare(x, y); return d !== undefined && d >= 0; });
    case 'le': return (c) => pairs(c, (x, y) => { const d = compare(x, y); return d !== undefined && d <= 0; });
    case 'contains': return (c) => pairs(c, containsVal);
    case 'matches': return () => false; // compiled separately (needs the pattern)
  }
}

/** Runs a compiled test against one frame's values; never throws (a failure is "no match"). */
export function run(test: Test, get: Getter): boolean {
  try {
    return test({ get, cache: new Map() });
  } catch {
    return false;
  }
}
