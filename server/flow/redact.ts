// Redaction of a flow model for public tickets: secrets always (PAP passwords, CHAP values, anything
// derived from a shared secret), and on request host/user names, telephone numbers and addresses. Each
// distinct value gets one stable token (host-1, addr-2 …) everywhere it appears, so the story still reads.

import type { FlowModel, KeyValue } from './types';

export type RedactCategory = 'secrets' | 'hosts' | 'numbers' | 'addresses';
export const ALL_CATEGORIES: readonly RedactCategory[] = ['secrets', 'hosts', 'numbers', 'addresses'];

/** Parses `--redact` values ("hosts,numbers", "all", "none"); unknown words come back in `errors`. */
export function parseRedact(values: readonly string[], off: boolean): { categories: RedactCategory[]; errors: string[] } {
  if (off) return { categories: [], errors: [] };
  const set = new Set<RedactCategory>(['secrets']);
  const errors: string[] = [];
  for (const w of values.flatMap((v) => v.split(/[,\s]+/)).filter(Boolean)) {
    const k = w.toLowerCase();
    if (k === 'all') ALL_CATEGORIES.forEach((c) => set.add(c));
    else if (k === 'none') set.clear();
    else if (k === 'host' || k === 'names' || k === 'hostnames') set.add('hosts');
    else if (k === 'number' || k === 'phones') set.add('numbers');
    else if (k === 'address' || k === 'ips' || k === 'ip') set.add('addresses');
    else if ((ALL_CATEGORIES as readonly string[]).includes(k)) set.add(k as RedactCategory);
    else errors.push(`--redact ${w}: expected secrets, hosts, numbers, addresses, all or none`);
  }
  return { categories: ALL_CATEGORIES.filter((c) => set.has(c)), errors };
}

class Tokens {
  private readonly maps = new Map<string, Map<string, string>>();
  token(prefix: string, value: string): string {
    let m = this.maps.get(prefix);
    if (!m) this.maps.set(prefix, (m = new Map()));
    let t = m.get(value);
    if (!t) m.set(value, (t = `${prefix}-${m.size + 1}`));
    return t;
  }
  /** Every original → token pair, longest originals first (so a value inside a longer one is not hit first). */
  pairs(): [string, string][] {
    const all: [string, string][] = [];
    for (const m of this.maps.values()) all.push(...m.entries());
    return all.sort((x, y) => y[0].length - x[0].length);
  }
}

const KIND_CATEGORY: Record<NonNullable<KeyValue['kind']>, RedactCategory> = {
  secret: 'secrets', host: 'hosts', name: 'hosts', number: 'numbers', address: 'addresses',
};
const KIND_PREFIX: Record<NonNullable<KeyValue['kind']>, string> = {
  secret: 'secret', host: 'host', name: 'user', number: 'num', address: 'addr',
};

/** A redacted deep copy of `model` (the input is not changed). */
export function redact(model: FlowModel, categories: readonly RedactCategory[]): FlowModel {
  const m = structuredClone(model);
  m.redacted = [...categories];
  if (!categories.length) return m;
  const on = new Set(categories);
  const tok = new Tokens();
  // 1. Structured values: collect originals and their tokens.
  for (const t of m.tunnels) {
    for (const e of [t.a, t.b]) {
      if (on.has('addresses')) tok.token('addr', e.addr);
      if (on.has('hosts') && e.hostName) tok.token('host', e.hostName);
    }
    for (const s of t.sessions) {
      if (on.has('numbers')) for (const n of [s.calling, s.called]) if (n) tok.token('num', n);
      const p = s.ppp;
      if (p?.auth?.peer && on.has('hosts')) tok.token('user', p.auth.peer);
      if (p?.ipcp && on.has('addresses')) for (const a of [p.ipcp.addresses.a, p.ipcp.addresses.b, ...p.ipcp.dns]) if (a) tok.token('addr', a);
      if (p?.ipv6cp && on.has('addresses')) for (const a of [p.ipv6cp.interfaceIds.a, p.ipv6cp.interfaceIds.b]) if (a) tok.token('addr', a);
    }
    for (const r of t.rows) {
      const kvs = r.kind === 'ctl' ? r.avps : r.kind === 'ppp' ? r.detail : [];
      for (const kv of kvs) if (kv.kind && on.has(KIND_CATEGORY[kv.kind])) kv.value = tok.token(KIND_PREFIX[kv.kind], kv.value);
    }
  }
  // 2. Secrets in the engine's messages (they may quote digests or expected responses): long hex runs.
  if (on.has('secrets')) {
    for (const p of [...m.problems, ...m.tunnels.flatMap((t) => t.problems)]) {
      if (p.source === 'engine') p.text = p.text.replace(/\b(?:0x)?[0-9a-fA-F]{16,}\b/g, (h) => tok.token('secret', h));
    }
  }
  // 3. Every string in the model: replace each original wherever it stands as a whole word.
  const pairs = tok.pairs().filter(([orig]) => orig.length >= 2);
  const rules = pairs.map(([orig, t]) => [new RegExp(`(?<![A-Za-z0-9_.:-])${escapeRe(orig)}(?![A-Za-z0-9_:-]|\\.[A-Za-z0-9])`, 'g'), t] as const);
  const fix = (s: string): string => {
    let out = s;
    for (const [re, t] of rules) out = out.replace(re, t);
    return out;
  };
  return rewriteStrings(m, fix) as FlowModel;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Applies `f` to every string value (not keys) of a JSON value. */
function rewriteStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => rewriteStrings(x, f));
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = k === 'redacted' || k === 'format' ? x : rewriteStrings(x, f);
    return o;
  }
  return v;
}
