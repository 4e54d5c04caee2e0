// The key AVPs a ladder row shows for a control message (IDs, host, window, challenge, call and
// teardown details), as labelled values whose kinds tell redaction what to mask.

import type { CtlMsg } from './extract';
import type { CtlRow } from './types';

/** The AVPs worth a glance on a ladder row. */
export function keyAvps(m: CtlMsg): CtlRow['avps'] {
  const out: CtlRow['avps'] = [];
  const add = (key: string, v: string | number | undefined, kind?: CtlRow['avps'][number]['kind']): void => {
    if (v === undefined) return;
    out.push(kind ? { key, value: String(v), kind } : { key, value: String(v) });
  };
  add('host', m.hostName, 'host');
  add(m.version === 3 ? 'ccid' : 'tid', m.assignedTunnel);
  add(m.version === 3 ? 'lsid' : 'sid', m.assignedSession);
  if (m.version === 3) add('rsid', m.remoteSession);
  if (m.rws !== undefined) add('rws', m.rws);
  if (m.avpTypes.includes(11)) add('challenge', 'yes');
  if (m.challengeVerdict) add('response', m.challengeVerdict);
  else if (m.avpTypes.includes(13)) add('response', 'present');
  add('serial', m.serial);
  add('calling', m.calling, 'number');
  add('called', m.called, 'number');
  add('proxy-auth', m.proxyAuthName, 'name');
  add('pw', m.pwType);
  if (m.result) {
    const r = m.result;
    add('result', `${r.code}${r.name ? ` ${r.name}` : ''}`);
    // Error code 0 is "no general error": noise on a ladder row (the outcome still says it).
    if (r.error) add('error', `${r.error}${r.errorName ? ` ${r.errorName}` : ''}`);
    add('msg', r.message);
  }
  if (m.q931) add('q931', `${m.q931.cause}${m.q931.msg !== undefined ? `/${m.q931.msg}` : ''}${m.q931.advisory ? ` ${m.q931.advisory}` : ''}`);
  if (m.pppCause) add('ppp-cause', `${m.pppCause.code}${m.pppCause.name ? ` ${m.pppCause.name}` : ''}${m.pppCause.message ? ` ${m.pppCause.message}` : ''}`);
  return out;
}
