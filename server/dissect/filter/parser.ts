// Display-filter syntax tree from tokens: or < and < not < relation; operands are fields/literals, slices, calls, '&'.

import { tokenize } from './lexer';
import type { LexError, Token } from './lexer';

export type CmpOp = 'any_eq' | 'all_ne' | 'all_eq' | 'any_ne' | 'gt' | 'lt' | 'ge' | 'le' | 'contains' | 'matches';

export type SliceRange =
  | { readonly kind: 'len'; readonly start: number; readonly len: number } // [i:j]
  | { readonly kind: 'end'; readonly start: number; readonly last: number } // [i-j], inclusive
  | { readonly kind: 'toEnd'; readonly start: number }; // [i:]

interface Span {
  readonly offset: number;
  readonly end: number;
}

export type Operand =
  | (Span & { readonly t: 'word'; readonly text: string })
  | (Span & { readonly t: 'string'; readonly value: string; readonly bytes: Uint8Array; readonly raw: boolean })
  | (Span & { readonly t: 'char'; readonly code: number })
  | (Span & { readonly t: 'slice'; readonly of: Operand; readonly ranges: readonly SliceRange[] })
  | (Span & { readonly t: 'call'; readonly name: string; readonly args: readonly Operand[] })
  | (Span & { readonly t: 'bitand'; readonly a: Operand; readonly b: Operand; readonly opOffset: number });

export interface SetItem {
  readonly lo: Operand;
  readonly hi?: Operand;
}

export type Expr =
  | { readonly t: 'or' | 'and'; readonly a: Expr; readonly b: Expr; readonly offset: number }
  | { readonly t: 'not'; readonly e: Expr; readonly offset: number }
  | { readonly t: 'test'; readonly e: Operand; readonly offset: number }
  | { readonly t: 'cmp'; readonly op: CmpOp; readonly opText: string; readonly a: Operand; readonly b: Operand; readonly offset: number }
  | { readonly t: 'in'; readonly a: Operand; readonly items: readonly SetItem[]; readonly negate: boolean; readonly offset: number };

export interface ParseError {
  error: string;
  offset: number;
}

const CMP: Readonly<Record<string, CmpOp>> = {
  '==': 'any_eq', eq: 'any_eq', any_eq: 'any_eq',
  '!=': 'all_ne', ne: 'all_ne', all_ne: 'all_ne',
  '===': 'all_eq', all_eq: 'all_eq',
  '!==': 'any_ne', '~=': 'any_ne', any_ne: 'any_ne',
  '>': 'gt', gt: 'gt', '<': 'lt', lt: 'lt', '>=': 'ge', ge: 'ge', '<=': 'le', le: 'le',
  contains: 'contains', matches: 'matches', '~': 'matches',
};

const KEYWORDS = new Set([
  'and', 'or', 'not', 'in', 'contains', 'matches', 'bitwise_and',
  'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'any_eq', 'all_ne', 'all_eq', 'any_ne',
]);

const MAX_DEPTH = 200;

class Fail {
  constructor(readonly error: string, readonly offset: number) {}
}

/** Parses a whole filter; `null` for an empty (match-everything) filter. */
export function parseFilter(text: string): Expr | null | ParseError {
  const toks = tokenize(text);
  if (!Array.isArray(toks)) return toks as LexError;
  const p = new Parser(toks);
  try {
    if (p.peek().kind === 'eof') return null;
    const e = p.orExpr();
    const t = p.peek();
    if (t.kind !== 'eof') {
      if (t.text === ')') throw new Fail("Unexpected ')': it has no matching '('.", t.offset);
      throw new Fail(`Unexpected ${show(t)}: expected 'and', 'or', a comparison operator or the end of the filter.`, t.offset);
    }
    return e;
  } catch (e) {
    if (e instanceof Fail) return { error: e.error, offset: e.offset };
    if (e instanceof RangeError) return { error: 'The filter is nested too deeply.', offset: 0 };
    return { error: `Internal filter parser error: ${String(e)}`, offset: 0 };
  }
}

function show(t: Token): string {
  return t.kind === 'eof' ? 'end of filter' : `'${t.text}'`;
}

/** Lower-cased keyword of a word token ('AND' and 'and' alike), or undefined. */
function keyword(t: Token): string | undefined {
  if (t.kind !== 'word') return undefined;
  const k = t.text.toLowerCase();
  return KEYWORDS.has(k) && (t.text === k || t.text === t.text.toUpperCase()) ? k : undefined;
}

class Parser {
  private i = 0;
  private depth = 0;

  constructor(private readonly toks: readonly Token[]) {}

  peek(k = 0): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)] ?? { kind: 'eof', text: '', offset: 0, end: 0 };
  }

  private next(): Token {
    const t = this.peek();
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }

  private expected(what: string): Fail {
    const t = this.peek();
    if (t.kind === 'eof') return new Fail(`Unexpected end of filter: expected ${what}.`, t.offset);
    return new Fail(`Unexpected ${show(t)}: expected ${what}.`, t.offset);
  }

  private isOp(t: Token, ...ops: string[]): boolean {
    return t.kind === 'op' && ops.includes(t.text);
  }

  orExpr(): Expr {
    let a = this.andExpr();
    for (;;) {
      const t = this.peek();
      if (keyword(t) !== 'or' && !this.isOp(t, '||')) return a;
      this.next();
      a = { t: 'or', a, b: this.andExpr(), offset: t.offset };
    }
  }

  private andExpr(): Expr {
    let a = this.notExpr();
    for (;;) {
      const t = this.peek();
      if (keyword(t) !== 'and' && !this.isOp(t, '&&')) return a;
      this.next();
      a = { t: 'and', a, b: this.notExpr(), offset: t.offset };
    }
  }

  private notExpr(): Expr {
    const t = this.peek();
    if (keyword(t) === 'not' || this.isOp(t, '!')) {
      this.next();
      if (++this.depth > MAX_DEPTH) throw new Fail('The filter is nested too deeply.', t.offset);
      const e = this.notExpr();
      this.depth--;
      return { t: 'not', e, offset: t.offset };
    }
    return this.relation();
  }

  private relation(): Expr {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '(') {
      this.next();
      if (++this.depth > MAX_DEPTH) throw new Fail('The filter is nested too deeply.', t.offset);
      const e = this.orExpr();
      this.depth--;
      const c = this.peek();
      if (c.kind !== 'punct' || c.text !== ')') throw this.expected(`')' to close the '(' at offset ${t.offset}`);
      this.next();
      return e;
    }
    const a = this.arith("a field, a protocol, a function or '('");
    const o = this.peek();
    const kw = keyword(o);
    if (kw === 'in' || (kw === 'not' && keyword(this.peek(1)) === 'in')) {
      this.next();
      if (kw === 'not') this.next();
      return { t: 'in', a, items: this.set(), negate: kw === 'not', offset: o.offset };
    }
    const op = o.kind === 'op' ? CMP[o.text] : kw !== undefined ? CMP[kw] : undefined;
    if (op !== undefined) {
      this.next();
      const b = this.arith(`a value or a field after '${o.text}'`);
      const after = this.peek();
      const chained = after.kind === 'op' ? CMP[after.text] : keyword(after) !== undefined ? CMP[keyword(after) ?? ''] : undefined;
      if (chained !== undefined) throw new Fail(`Comparisons cannot be chained: '${after.text}' follows '${o.text}' (use 'and').`, after.offset);
      return { t: 'cmp', op, opText: o.text, a, b, offset: o.offset };
    }
    return { t: 'test', e: a, offset: a.offset };
  }

  /** entity ('&' entity)* */
  private arith(what: string): Operand {
    let a = this.entity(what);
    for (;;) {
      const t = this.peek();
      if (!this.isOp(t, '&') && keyword(t) !== 'bitwise_and') return a;
      this.next();
      const b = this.entity(`a value or a field after '${t.text}'`);
      a = { t: 'bitand', a, b, opOffset: t.offset, offset: a.offset, end: b.end };
    }
  }

  private entity(what: string): Operand {
    const t = this.peek();
    let e: Operand;
    if (t.kind === 'word' && keyword(t) === undefined) {
      this.next();
      const n = this.peek();
      if (n.kind === 'punct' && n.text === '(' && n.offset === t.end) e = this.call(t);
      else e = { t: 'word', text: t.text, offset: t.offset, end: t.end };
    } else if (t.kind === 'string') {
      this.next();
      e = { t: 'string', value: t.value ?? '', bytes: t.bytes ?? new Uint8Array(), raw: t.raw === true, offset: t.offset, end: t.end };
    } else if (t.kind === 'char') {
      this.next();
      e = { t: 'char', code: Number(t.value ?? '0'), offset: t.offset, end: t.end };
    } else throw this.expected(what);
    for (;;) {
      const b = this.peek();
      if (b.kind !== 'punct' || b.text !== '[') return e;
      this.next();
      const ranges = this.sliceRanges(b);
      e = { t: 'slice', of: e, ranges, offset: e.offset, end: this.peek(-1).end };
    }
  }

  private call(name: Token): Operand {
    this.next(); // '('
    const args: Operand[] = [];
    const first = this.peek();
    if (!(first.kind === 'punct' && first.text === ')')) {
      for (;;) {
        args.push(this.arith(`an argument of ${name.text}()`));
        const s = this.peek();
        if (s.kind === 'punct' && s.text === ',') {
          this.next();
          continue;
        }
        break;
      }
    }
    const c = this.peek();
    if (c.kind !== 'punct' || c.text !== ')') throw this.expected(`',' or ')' to close ${name.text}(`);
    this.next();
    return { t: 'call', name: name.text, args, offset: name.offset, end: c.end };
  }

  /** After '[': ranges separated by ',' up to ']'. Words inside are glued (so "[ 0 : 3 ]" works). */
  private sliceRanges(open: Token): SliceRange[] {
    const out: SliceRange[] = [];
    for (;;) {
      let text = '';
      const start = this.peek().offset;
      while (this.peek().kind === 'word') text += this.next().text;
      if (text === '') throw this.expected("a slice range (i:j, i-j, i, :j or i:)");
      const r = sliceRange(text);
      if (!r) throw new Fail(`'${text}' is not a valid slice range: expected i:j, i-j, i, :j or i:.`, start);
      out.push(r);
      const s = this.peek();
      if (s.kind === 'punct' && (s.text === ',' || s.text === ']')) {
        this.next();
        if (s.text === ']') return out;
        continue;
      }
      throw this.expected(`',' or ']' to close the '[' at offset ${open.offset}`);
    }
  }

  /** After 'in': '{' item ((',')? item)* '}', item = value ['..' value]. */
  private set(): SetItem[] {
    const open = this.peek();
    if (open.kind !== 'punct' || open.text !== '{') throw this.expected("'{' to start a set");
    this.next();
    // Flatten the set's tokens into values, '..' and ',' marks (a word like "1..5" holds three).
    type Atom = Operand | { t: 'range' | 'comma'; offset: number; end: number };
    const atoms: Atom[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'punct' && t.text === '}') {
        this.next();
        break;
      }
      if (t.kind === 'punct' && t.text === ',') {
        this.next();
        atoms.push({ t: 'comma', offset: t.offset, end: t.end });
        continue;
      }
      if (t.kind === 'word' && t.text.includes('..') && keyword(t) === undefined) {
        this.next();
        let pos = 0;
        for (const part of t.text.split('..')) {
          if (pos > 0) atoms.push({ t: 'range', offset: t.offset + pos - 2, end: t.offset + pos });
          if (part !== '') atoms.push({ t: 'word', text: part, offset: t.offset + pos, end: t.offset + pos + part.length });
          pos += part.length + 2;
        }
        continue;
      }
      if (t.kind === 'eof') throw this.expected(`'}' to close the '{' at offset ${open.offset}`);
      atoms.push(this.arith("a value, '..', ',' or '}' in the set"));
    }
    const items: SetItem[] = [];
    let k = 0;
    const isValue = (a: Atom | undefined): a is Operand => a !== undefined && a.t !== 'range' && a.t !== 'comma';
    while (k < atoms.length) {
      const lo = atoms[k];
      if (!isValue(lo)) {
        const off = lo?.offset ?? open.offset;
        throw new Fail(lo?.t === 'range' ? "'..' needs a value before it." : "Unexpected ',': expected a value in the set.", off);
      }
      const sep = atoms[k + 1];
      if (sep?.t === 'range') {
        const hi = atoms[k + 2];
        if (!isValue(hi)) throw new Fail("'..' needs a value after it.", sep.offset);
        items.push({ lo, hi });
        k += 3;
      } else {
        items.push({ lo });
        k += 1;
      }
      if (atoms[k]?.t === 'comma') {
        k++;
        if (k >= atoms.length) throw new Fail("Unexpected '}': expected a value after ','.", atoms[k - 1]?.end ?? open.offset);
      }
    }
    if (items.length === 0) throw new Fail('A set needs at least one value.', open.offset);
    return items;
  }
}

/** i:j, i-j, i, :j, i: — offsets may be negative (from the end). */
export function sliceRange(s: string): SliceRange | undefined {
  let m = /^(-?\d+):(\d+)$/.exec(s);
  if (m) return { kind: 'len', start: Number(m[1]), len: Number(m[2]) };
  m = /^:(\d+)$/.exec(s);
  if (m) return { kind: 'len', start: 0, len: Number(m[1]) };
  m = /^(-?\d+):$/.exec(s);
  if (m) return { kind: 'toEnd', start: Number(m[1]) };
  m = /^(-?\d+)-(-?\d+)$/.exec(s);
  if (m) return { kind: 'end', start: Number(m[1]), last: Number(m[2]) };
  m = /^(-?\d+)$/.exec(s);
  if (m) return { kind: 'len', start: Number(m[1]), len: 1 };
  return undefined;
}
