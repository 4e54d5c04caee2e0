// THE list of protocol modules. Order matters only where two register the same table key (later wins).
import type { ProtocolModule } from '../registry';
import { frame } from './frame';
import { data } from './data';
import { eth } from './eth';
import { vlan } from './vlan';
import { sll } from './sll';
import { nullLoop } from './nullLoop';
import { nflog } from './nflog';
import { wlan } from './wlan';
import { radiotap } from './radiotap';
import { rawIp } from './rawIp';
import { pppoe } from './pppoe';
import { arp } from './arp';
import { ipv4 } from './ipv4';
import { ipv6 } from './ipv6';
import { udp } from './udp';
import { tcp } from './tcp';
import { icmp } from './icmp';
import { ipsec } from './ipsec';
import { ppp } from './ppp';
import { lcp } from './lcp';
import { pap } from './pap';
import { chap } from './chap';
import { ipcp } from './ipcp';
import { ipv6cp } from './ipv6cp';
import { ccp } from './ccp';
import { ncp } from './ncp';
import { fr } from './fr';
import { chdlc } from './chdlc';
import { mpls } from './mpls';
import { gre } from './gre';
import { vxlan } from './vxlan';
import { l2tp } from './l2tp';

export const PROTOCOLS: readonly ProtocolModule[] = [
  frame, data,
  eth, vlan, sll, nullLoop, nflog, wlan, radiotap, rawIp, pppoe, arp,
  ipv4, ipv6, udp, tcp, icmp, ipsec,
  ppp, lcp, pap, chap, ipcp, ipv6cp, ccp, ncp,
  fr, chdlc, mpls, gre, vxlan, l2tp,
];
