// Synthetic L2TP conversations for the flow model's unit tests: control messages as the extractor
// would produce them, without any capture or decoding.

import { FlowBuilder } from '../../server/flow/builder';
import type { DataEvt } from '../../server/flow/builder';
import type { CtlMsg } from '../../server/flow/extract';
import type { PppMsg } from '../../server/flow/extractPpp';
import type { FlowModel } from '../../server/flow/types';

export const LAC = '192.0.2.2';
export const LNS = '192.0.2.1';

// Mandatory AVPs per message type (RFC 2661 §6), so well-formed conversations raise no missing_avp.
const AVPS: Record<number, number[]> = {
  1: [0, 2, 3, 7, 9, 10], 2: [0, 2, 3, 7, 9, 10], 3: [0], 4: [0, 9, 1], 6: [0],
  7: [0, 14, 15, 16, 17, 18, 19, 21], 8: [0, 14], 9: [0, 24, 19], 10: [0, 14, 15, 18], 11: [0, 14], 12: [0, 24, 19], 14: [0, 1, 14],
};

export type Ev =
  | ({ kind: 'ctl' } & Partial<CtlMsg> & { msgType: number })
  | ({ kind: 'data' } & DataEvt & { src: string; dst: string; ppp?: PppMsg });

let frameNo = 0;

/** A control message from `src` to `dst`; frame numbers and times count up unless given. */
export function ctl(msgType: number, src: string, dst: string, f: Partial<CtlMsg> = {}): Ev {
  frameNo++;
  return { kind: 'ctl', msgType, src, dst, sport: 1701, dport: 1701, version: 2, tunnel: 0, session: 0, ns: 0, nr: 0, avpTypes: msgType >= 0 ? (AVPS[msgType] ?? [0]) : [], problems: [], frame: frameNo, time: frameNo / 100, ...f };
}

export function data(src: string, dst: string, tunnel: number, session: number, f: Partial<DataEvt> & { ppp?: PppMsg } = {}): Ev {
  frameNo++;
  if (f.ppp) { f.ppp.frame = frameNo; f.ppp.time = frameNo / 100; }
  return { kind: 'data', src, dst, frame: frameNo, time: frameNo / 100, version: 2, tunnel, session, ...f };
}

export function resetFrames(): void {
  frameNo = 0;
}

export function run(events: readonly Ev[]): FlowModel {
  const b = new FlowBuilder();
  for (const e of events) {
    if (e.kind === 'ctl') {
      const { kind: _k, ...m } = e;
      b.control(m as CtlMsg);
    } else {
      b.data(e, () => ({ src: e.src, dst: e.dst, sport: 1701, dport: 1701 }), e.ppp);
    }
  }
  const tunnels = b.finish();
  return { format: 'l2tp-lens.flow', version: 1, capture: { frames: frameNo, l2tpFrames: frameNo, controlFrames: 0, dataFrames: 0, duration: 0 }, tunnels, problems: b.problems, redacted: [] };
}

/** SCCRQ … ICCN between LAC (tunnel 100, session 10) and LNS (tunnel 200, session 20), Ns/Nr consistent. */
export function setup(lacTid = 100, lnsTid = 200, lacSid = 10, lnsSid = 20, start = { lac: 0, lns: 0 }): Ev[] {
  const l = start.lac;
  const n = start.lns;
  return [
    ctl(1, LAC, LNS, { assignedTunnel: lacTid, hostName: 'lac1.example', ns: l, nr: n }),
    ctl(2, LNS, LAC, { tunnel: lacTid, assignedTunnel: lnsTid, hostName: 'lns.example', ns: n, nr: l + 1 }),
    ctl(3, LAC, LNS, { tunnel: lnsTid, ns: l + 1, nr: n + 1 }),
    ctl(-1, LNS, LAC, { tunnel: lacTid, ns: n + 1, nr: l + 2 }),
    ctl(10, LAC, LNS, { tunnel: lnsTid, assignedSession: lacSid, serial: 1, ns: l + 2, nr: n + 1 }),
    ctl(11, LNS, LAC, { tunnel: lacTid, session: lacSid, assignedSession: lnsSid, ns: n + 1, nr: l + 3 }),
    ctl(12, LAC, LNS, { tunnel: lnsTid, session: lnsSid, ns: l + 3, nr: n + 2 }),
    ctl(-1, LNS, LAC, { tunnel: lacTid, ns: n + 2, nr: l + 4 }),
  ];
}

export function ppp(name: string, protocol: number, code: number, f: Partial<PppMsg> = {}): PppMsg {
  return { frame: 0, time: 0, protocol, name, code, codeName: `code ${code}`, detail: [], dns: [], ...f };
}
