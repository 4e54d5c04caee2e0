// English user-facing strings of the language server (field names are Wireshark's and stay untranslated).

export const en = {
  // hover
  'hover.bytes': 'Bytes {0}–{1} ({2} bytes)',
  'hover.byte': 'Byte {0}',
  'hover.source': 'in data source “{0}”',
  'hover.generated': 'Computed by the decoder; no bytes of its own.',
  'hover.definedIn': 'Defined in {0}.',
  'hover.problems': 'Problems',
  'hover.frame': 'Frame {0}',
  'hover.hexRun': 'Decoded from {0} hex bytes in this line, starting at layer `{1}` (a guess).',
  'hover.hexRunNothing': '{0} hex bytes: no protocol recognised.',
  'hover.negotiation': 'Negotiation',
  'hover.wsLabel': 'As Wireshark shows it',
  // negotiation (flow model)
  'neg.setupTunnel': '{0} of {1} messages that set up tunnel {2}',
  'neg.setupSession': '{0} of {1} messages that set up session {2} in tunnel {3}',
  'neg.answers': 'answers the {0} in frame {1}',
  'neg.answeredBy': 'answered by the {0} in frame {1}',
  'neg.retransmit': 'retransmission (try {0}) of frame {1}',
  'neg.ackedBy': 'acknowledged by frame {0}',
  'neg.unacked': 'never acknowledged',
  'neg.acks': 'acknowledges frame {0}',
  'neg.message': '{0} in tunnel {1}',
  'neg.ordinal1': '1st',
  'neg.ordinal2': '2nd',
  'neg.ordinal3': '3rd',
  'neg.ordinalN': '{0}th',
  // severities
  'severity.error': 'Error',
  'severity.warning': 'Warning',
  'severity.note': 'Note',
  'severity.chat': 'Chat',
  // diagnostics
  'diag.noHexDump': 'No hex dump found in this document: expected lines of hex bytes (xxd, hexdump -C, od, tcpdump -xx, tshark -x, a hex stream …).',
  'diag.noFramesInBlock': 'This `l2tp` block holds no hex dump that could be read.',
  'diag.internal': 'The language server could not analyse this document: {0}',
  'diag.relatedFrame': 'frame {0}',
  // outline
  'outline.frame': '#{0} {1}',
  'outline.frameNoInfo': '#{0} {1} bytes',
  // code lenses
  'lens.showFlow': 'Show flow (tunnel {0})',
  'lens.copyMermaid': 'Copy as Mermaid',
  // workspace symbols
  'ws.tunnel': 'Tunnel {0}',
  'ws.session': 'Session {0} (tunnel {1})',
  'ws.tunnelDetail': '{0} frames',
  // capture requests
  'capture.unknown': 'No open capture with id {0}',
  'capture.noFrame': 'No frame {0} (the capture has {1} frames)',
  'capture.noSource': 'Frame {0} has no data source {1}',
  'capture.filterUnavailable': 'Display filters are not available in this build yet',
  'capture.flowUnavailable': 'The flow analysis is not available in this build yet',
  'capture.noDocument': 'No open document {0}',
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;
