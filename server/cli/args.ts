// Command-line arguments: tshark's habits (-e, -E, -Y, -d, -o, -r) plus our own long options.

import { readFileSync } from 'node:fs';
import type { Preferences } from '../dissect/prefs';

export interface CliArgs {
  command: string;
  files: string[];
  fields: string[];
  fieldOpts: Map<string, string>;
  filter?: string;
  json: boolean;
  frame?: number;
  summary: boolean;
  list: boolean;
  /** Resolve MAC addresses to names (tshark's default); -n turns it off, as in tshark. */
  resolveNames: boolean;
  prefs: Partial<Preferences>;
  options: Map<string, string[]>;
  errors: string[];
}

const VALUE_OPTS = new Set(['-e', '-E', '-Y', '-d', '-o', '-r', '--frame', '--secret', '--secrets-file', '--format', '--tunnel', '--session', '--plugins', '--out', '--redact', '--max-frames']);

export function parseArgs(argv: readonly string[]): CliArgs {
  const a: CliArgs = { command: argv[0] ?? 'help', files: [], fields: [], fieldOpts: new Map(), json: false, summary: false, list: false, resolveNames: true, prefs: {}, options: new Map(), errors: [] };
  const secrets: string[] = [];
  const decodeAs = new Map<string, Map<number, string>>();
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    let opt = arg;
    let val: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) { opt = arg.slice(0, eq); val = arg.slice(eq + 1); }
    else if (/^-[eEYdor]./.test(arg)) { opt = arg.slice(0, 2); val = arg.slice(2); }
    if (VALUE_OPTS.has(opt) && val === undefined) {
      val = argv[++i];
      if (val === undefined) { a.errors.push(`option ${opt} needs a value`); break; }
    }
    switch (opt) {
      case '-e': a.fields.push(val ?? ''); break;
      case '-E': {
        const [k, ...rest] = (val ?? '').split('=');
        a.fieldOpts.set(k ?? '', rest.join('='));
        break;
      }
      case '-Y': a.filter = val; break;
      case '-r': a.files.push(val ?? ''); break;
      case '--frame': a.frame = Number(val); break;
      case '--json': case '-T=json': a.json = true; break;
      case '--summary': a.summary = true; break;
      case '--list': case '-G': a.list = true; break;
      case '-n': a.resolveNames = false; break;
      case '--secret': secrets.push(val ?? ''); break;
      case '--secrets-file':
        try {
          for (const line of readFileSync(val ?? '', 'utf8').split(/\r?\n/)) if (line.trim() && !line.startsWith('#')) secrets.push(line.trim());
        } catch (e) {
          a.errors.push(`${val}: cannot read secrets file (${(e as Error).message})`);
        }
        break;
      case '-d': {
        // tshark: -d udp.port==1702,l2tp
        const m = /^([a-z0-9_.]+)==(\d+),([a-z0-9_]+)$/i.exec(val ?? '');
        if (!m) { a.errors.push(`-d ${val}: expected TABLE==VALUE,PROTOCOL (e.g. udp.port==1702,l2tp)`); break; }
        const t = decodeAs.get(m[1] ?? '') ?? new Map<number, string>();
        t.set(Number(m[2]), m[3] ?? '');
        decodeAs.set(m[1] ?? '', t);
        break;
      }
      case '-o': applyPref(a, val ?? ''); break;
      default:
        if (opt.startsWith('-') && opt !== '-') {
          if (VALUE_OPTS.has(opt)) (a.options.get(opt) ?? a.options.set(opt, []).get(opt))?.push(val ?? '');
          else (a.options.get(opt) ?? a.options.set(opt, []).get(opt))?.push('');
        } else a.files.push(arg);
    }
  }
  if (secrets.length) a.prefs.secrets = secrets;
  if (decodeAs.size) a.prefs.decodeAs = decodeAs;
  return a;
}

function applyPref(a: CliArgs, kv: string): void {
  const i = kv.indexOf(':');
  const k = kv.slice(0, i);
  const v = kv.slice(i + 1);
  switch (k) {
    case 'l2tp.udp_port': case 'l2tp.udp_ports': a.prefs.l2tpUdpPorts = v.split(',').map(Number); break;
    case 'l2tp.cookie_size': a.prefs.l2tpv3Cookie = v === 'detect' ? 'detect' : (Number(v) as 0 | 4 | 8); break;
    case 'l2tp.l2_specific': a.prefs.l2tpv3Sublayer = v as Preferences['l2tpv3Sublayer']; break;
    case 'l2tp.pw_type': a.prefs.l2tpv3PwType = Number(v); break;
    case 'l2tp.shared_secret': a.prefs.secrets = [...(a.prefs.secrets ?? []), v]; break;
    case 'ip.defragment': a.prefs.reassembleIp = v === 'TRUE' || v === 'true'; break;
    default: a.errors.push(`-o ${kv}: unknown preference`);
  }
}
