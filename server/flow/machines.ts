// Replays the RFC 2661 §7.2 control-connection and §7.4 session state machines (RFC 3931 §7.3 / §7.4 for
// v3) over the messages of one tunnel, as an observer: each end's state, the timeline, what is out of order.

import { CHECKS, problem } from './conformance';
import type { CtlMsg } from './extract';
import { MT, shortName } from './messages';
import { other } from './records';
import type { SessionEnd, SessionRec, TunnelRec } from './records';
import type { CtlRow, Side } from './types';

function unexpected(rec: TunnelRec, m: CtlMsg, from: Side, why: string, session?: string): void {
  const ref = m.version === 3 ? 'RFC 3931 §7' : session ? 'RFC 2661 §7.4' : 'RFC 2661 §7.2';
  rec.problem(problem(CHECKS.unexpected, m.frame, `${shortName(m.msgType)} from {${from}} ${why}`, session ? { session } : {}, ref));
}

/** Tunnel-scoped messages and the tunnel-state precondition of session messages. */
/** Returns false when the message comes after the tunnel's teardown (sessions then ignore it). */
export function tunnelMessage(rec: TunnelRec, from: Side, m: CtlMsg, row: CtlRow): boolean {
  const t = rec.t;
  const me = t[from];
  if (rec.stop && m.msgType !== MT.StopCCN) {
    unexpected(rec, m, from, `after the control connection was torn down by the StopCCN in frame ${rec.stop.frame}`);
    return false;
  }
  switch (m.msgType) {
    case MT.SCCRQ:
      // A new SCCRQ always opens a new tunnel (builder); one addressed to an existing tunnel is out of place.
      if (t.rows[0] !== row) unexpected(rec, m, from, `on a control connection that is already ${t.state}`);
      else {
        rec.setState('wait-ctl-reply', m.frame, m.time, 'SCCRQ sent', from);
        rec.setState('wait-ctl-reply', m.frame, m.time, 'SCCRQ sent');
      }
      learnEnd(rec, from, m);
      return true;
    case MT.SCCRP:
      if (t.state !== 'wait-ctl-reply' || from !== 'b') unexpected(rec, m, from, `while the control connection is ${t.state}${from !== 'b' ? ' (only the responder sends SCCRP)' : ''}`);
      else {
        rec.setState('wait-ctl-conn', m.frame, m.time, 'SCCRQ accepted, SCCRP sent', from);
        rec.setState('wait-ctl-conn', m.frame, m.time, 'SCCRP sent');
      }
      learnEnd(rec, from, m);
      return true;
    case MT.SCCCN:
      if (t.state !== 'wait-ctl-conn' || from !== 'a') unexpected(rec, m, from, `while the control connection is ${t.state}${from !== 'a' ? ' (only the initiator sends SCCCN)' : ''}`);
      else {
        rec.setState('established', m.frame, m.time, 'SCCRP accepted, SCCCN sent', from);
        rec.setState('established', m.frame, m.time, 'SCCCN received', other(from));
        rec.setState('established', m.frame, m.time, 'SCCCN sent');
        rec.wasEstablished = true;
        rec.establishedFrame = m.frame;
      }
      return true;
    case MT.StopCCN: {
      if (m.assignedTunnel !== undefined && me.tunnelId === undefined) me.tunnelId = m.assignedTunnel;
      if (rec.stop) return false;
      rec.stop = { frame: m.frame, by: from, stateBefore: me.state };
      if (m.result) rec.stop.result = m.result;
      rec.setState('idle', m.frame, m.time, 'StopCCN sent', from);
      rec.setState('idle', m.frame, m.time, 'StopCCN received', other(from));
      rec.setState('idle', m.frame, m.time, `StopCCN from {${from}}`);
      for (const s of rec.liveSessions()) endSession(s, m.frame, m.time, `tunnel torn down by StopCCN (frame ${m.frame})`, { frame: m.frame, by: from, cause: 'StopCCN' });
      return true;
    }
    case MT.HELLO:
      if (t.state !== 'established') unexpected(rec, m, from, `while the control connection is ${t.state} (Hello keeps an established tunnel alive)`);
      return true;
    default:
      if (m.msgType >= MT.OCRQ && m.msgType <= MT.SLI && t.state !== 'established') {
        unexpected(rec, m, from, `before the control connection is established (it is ${t.state})`);
      }
      return true;
  }
}

/** What an end tells about itself in SCCRQ / SCCRP (and v3's Assigned Control Connection ID). */
function learnEnd(rec: TunnelRec, from: Side, m: CtlMsg): void {
  const e = rec.t[from];
  if (m.assignedTunnel !== undefined) e.tunnelId = m.assignedTunnel;
  if (m.hostName !== undefined) e.hostName = m.hostName;
  if (m.vendorName !== undefined) e.vendorName = m.vendorName;
  if (m.rws !== undefined && m.rws > 0) {
    e.rws = m.rws;
    rec.rel.rws[from] = m.rws;
  }
  if (m.avpTypes.includes(11)) rec.challengeSent[from] = true;
}

export function endSession(s: SessionRec, frame: number, time: number, why: string, info: SessionEnd): void {
  if (s.ended) return;
  s.ended = true;
  s.endInfo = info;
  s.stateBefore = s.s.state;
  s.setState('idle', frame, time, why, 'a');
  s.setState('idle', frame, time, why, 'b');
  s.setState('idle', frame, time, why);
  s.touch(frame, time);
}

/** Session messages on a session found (or made) by the builder. */
export function sessionMessage(rec: TunnelRec, sess: SessionRec, from: Side, m: CtlMsg): void {
  const s = sess.s;
  const init = s.initiator;
  sess.touch(m.frame, m.time);
  const bad = (why: string): void => unexpected(rec, m, from, why, s.id);
  switch (m.msgType) {
    case MT.ICRQ: case MT.OCRQ:
      sess.setState('wait-reply', m.frame, m.time, `${shortName(m.msgType)} sent`, from);
      sess.setState('wait-reply', m.frame, m.time, `${shortName(m.msgType)} sent`);
      return;
    case MT.ICRP: case MT.OCRP: {
      const incoming = m.msgType === MT.ICRP;
      if (s.state !== 'wait-reply' || (init !== undefined && from === init)) bad(`while the session is ${s.state}`);
      else if ((s.call === 'incoming') !== incoming && s.call !== 'unknown') bad(`answering ${s.call === 'incoming' ? 'an ICRQ' : 'an OCRQ'}`);
      if (incoming) sess.setState('wait-connect', m.frame, m.time, 'ICRQ accepted, ICRP sent', from);
      else {
        sess.setState('wait-cs-answer', m.frame, m.time, 'OCRQ accepted, OCRP sent, dialling', from);
        sess.setState('wait-connect', m.frame, m.time, 'OCRP received', other(from));
      }
      sess.setState('wait-connect', m.frame, m.time, `${shortName(m.msgType)} sent`);
      return;
    }
    case MT.ICCN: case MT.OCCN: {
      const incoming = m.msgType === MT.ICCN;
      const rightSender = init === undefined || (incoming ? from === init : from !== init);
      if (s.state !== 'wait-connect' || !rightSender) bad(`while the session is ${s.state}`);
      sess.setState('established', m.frame, m.time, `${shortName(m.msgType)} sent`, from);
      sess.setState('established', m.frame, m.time, `${shortName(m.msgType)} received`, other(from));
      sess.setState('established', m.frame, m.time, `${shortName(m.msgType)} sent`);
      sess.establishedFrame ??= m.frame;
      return;
    }
    case MT.CDN: {
      // Both ends may send CDN at once (a crossing, as xl2tpd does when pppd fails): not a violation.
      const info: SessionEnd = { frame: m.frame, by: from, cause: 'CDN' };
      if (m.result) info.result = m.result;
      if (m.q931) info.q931 = m.q931;
      if (m.pppCause) info.pppCause = m.pppCause;
      endSession(sess, m.frame, m.time, `CDN from {${from}}`, info);
      return;
    }
    case MT.WEN: case MT.SLI:
      if (s.state !== 'established') bad(`while the session is ${s.state}`);
      return;
  }
}
