// The l2tp-lens command: decode, fields, list (and the flow views) over captures and hex dumps.
import { setFlagsFromString } from 'node:v8';
import { parseArgs } from './args';
import { runDecode } from './decodeCmd';
import { runFields } from './fieldsCmd';
import { runList } from './listCmd';
import { runIndex } from './indexCmd';
import { runFlow } from './flowCmd';
import { runReport } from './reportCmd';
import { useWiresharkNames } from '../io/wiresharkNames';

const USAGE = `usage: l2tp-lens COMMAND FILE [options]      (FILE: pcap, pcapng, .gz, or hex-dump text; - = stdin)
  decode FILE [--frame N] [--json] [--summary] [--quiet] [-Y FILTER]   the protocol tree of every frame (as tshark -V)
  index FILE                                                 the index pass alone, with an L2TP summary
  fields FILE -e FIELD [-e FIELD …] [-E header=y|separator=C|aggregator=C|occurrence=f|l|a|quote=d|s|n] [-Y FILTER]
                                                             field values as tshark -T fields prints them
  fields --list                                              every field the engine knows (tshark -G fields columns)
  flow FILE [--format text|mermaid|plantuml|svg|json] [--tunnel ID] [--session ID] [--data] [--out F]
            [--redact hosts,numbers,addresses|all] [--no-redact]
                                                             the negotiation: a ladder per tunnel, tunnels and sessions
  report FILE [--out F.md] [--tunnel ID] [--session ID] [--data] [--redact …] [--no-redact]
                                                             a Markdown review report with the Mermaid diagram
  list experts                                               every problem (expert info) the engine can raise
common options:
  -d udp.port==N,l2tp        decode as          -o PREF:VALUE      l2tp.udp_ports, l2tp.cookie_size, l2tp.pw_type, l2tp.l2_specific
  --secret S                 shared secret for hidden AVPs, challenge responses, L2TPv3 digests (repeatable)
  --secrets-file F           one secret per line
  --plugins DIR              vendor AVP dictionaries (*.json) from DIR; with --trust-plugins also code plugins (*.js)
  -n                         no MAC name resolution (by default names come from Wireshark's manuf and wka files,
                             read from $WIRESHARK_DATA_DIR or the installed Wireshark, as tshark does)`;

function main(argv: string[]): number {
  const a = parseArgs(argv);
  if (a.errors.length) {
    for (const e of a.errors) process.stderr.write(`l2tp-lens: ${e}\n`);
    return 2;
  }
  useWiresharkNames(a.resolveNames);
  switch (a.command) {
    case 'decode': return runDecode(a);
    case 'index': return runIndex(a);
    case 'flow': return runFlow(a);
    case 'report': return runReport(a);
    case 'fields': return a.list ? runList(false) : runFields(a);
    case 'list': return runList(a.files[0] === 'experts');
    case 'help': case '--help': case '-h':
      process.stdout.write(USAGE + '\n');
      return 0;
    default:
      process.stderr.write(`l2tp-lens: unknown command "${a.command}"\n${USAGE}\n`);
      return 2;
  }
}

// A pass allocates short-lived objects frame after frame, and the few that live across a scavenge add up
// over millions of frames until V8 doubles the young generation to its 32 MB maximum: ~30 MB of peak RSS
// bought for no measured speed. Keep it at its initial size (a flag V8 reads each time it would grow).
setFlagsFromString('--semi-space-growth-factor=1');
process.exitCode = main(process.argv.slice(2));
