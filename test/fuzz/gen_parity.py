#!/usr/bin/python3
# Differential-testing captures for `l2tp-lens fields` against tshark (see compare.sh). Seeded and
# deterministic (scapy 2.5, offline): run from the repository root,
#   /usr/bin/python3 test/fuzz/gen_parity.py [SEED]
# writes test/fuzz/.out/*.pcap (git-ignored) and a few pcapng copies made with `editcap -F pcapng`.
# Records are written by hand so frames can be cut by a snap length (captured length < original length).
# A second round (second_round(), run after the first so the first round's files stay byte-identical for a
# seed) adds: an L2TPv3 HDLC pseudowire (type 6), link types PPP (9), PPP_WITH_DIR (204), BSD null (0) and
# loop (108), PPPoE sessions, L2TPv3 over IPv6, UDP checksums, L2TP nested in L2TPv2 and inner IPv4
# fragments, and ICMP/ICMPv6 errors quoting L2TP; later rounds add 802.11, radiotap and NFLOG, then MPLS, GRE
# (and PPTP) and VXLAN.
import os
import random
import struct
import subprocess
import sys

from scapy.all import (Ether, Dot1Q, Dot1AD, IP, IPv6, UDP, Raw, IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt,
                       IPv6ExtHdrRouting, RouterAlert, fragment)

OUT = 'test/fuzz/.out/'
SEED = int(sys.argv[1]) if len(sys.argv) > 1 else 2661
T0 = 1700000000
R = random.Random(SEED)

LINK_ETH, LINK_RAW, LINK_SLL, LINK_SLL2 = 1, 101, 113, 276


def write_pcap(name, linktype, frames, snaplen=65535):
    """frames: bytes, or (bytes, caplen) to cut a frame as a snap length would."""
    with open(OUT + name, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, snaplen, linktype))
        for i, fr in enumerate(frames):
            data, cap = (bytes(fr[0]), fr[1]) if isinstance(fr, tuple) else (bytes(fr), len(bytes(fr)))
            f.write(struct.pack('<IIII', T0 + i, (i * 1000) % 1000000, min(cap, len(data)), len(data)))
            f.write(data[:cap])


# ---------------------------------------------------------------------------------------------- L2TP
def u8(v): return struct.pack('>B', v)
def u16(v): return struct.pack('>H', v)
def u32(v): return struct.pack('>I', v)


def text(lo=1, hi=24):
    alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789.-_ '
    return ''.join(R.choice(alphabet) for _ in range(R.randint(lo, hi))).encode()


def rbytes(lo, hi):
    return bytes(R.getrandbits(8) for _ in range(R.randint(lo, hi)))


def avp(t, value, m=True, h=False, vendor=0, reserved=0):
    return struct.pack('>HHH', (0x8000 if m else 0) | (0x4000 if h else 0) | (reserved << 10) | (6 + len(value)),
                       vendor, t) + value


def lcp_options():
    opts = []
    for _ in range(R.randint(0, 6)):
        k = R.choice([1, 2, 3, 3, 4, 5, 7, 8, 13, 17, 18, 19, 23])
        if k == 1: opts.append(b'\x01\x04' + u16(R.choice([1500, 1492, 1460, 576, R.randint(64, 65535)])))
        elif k == 2: opts.append(b'\x02\x06' + u32(R.getrandbits(32)))
        elif k == 3:
            c = R.choice(['pap', 'chap', 'eap', 'other'])
            if c == 'pap': opts.append(b'\x03\x04\xc0\x23')
            elif c == 'chap': opts.append(b'\x03\x05\xc2\x23' + u8(R.choice([5, 0x80, 0x81, 7])))
            elif c == 'eap': opts.append(b'\x03\x04\xc2\x27')
            else: opts.append(b'\x03\x04' + u16(R.getrandbits(16)))
        elif k == 4: opts.append(b'\x04\x08\xc0\x25' + u32(R.getrandbits(32)))
        elif k == 5: opts.append(b'\x05\x06' + u32(R.getrandbits(32)))
        elif k in (7, 8, 18): opts.append(bytes([k, 2]))
        elif k == 13: opts.append(b'\x0d\x03' + u8(R.randint(0, 6)))
        elif k == 17: opts.append(b'\x11\x04' + u16(R.randint(1500, 1600)))
        elif k == 19:
            v = rbytes(0, 6)
            opts.append(bytes([19, 3 + len(v), R.randint(0, 5)]) + v)
        else:
            v = rbytes(0, 4)
            opts.append(bytes([k, 2 + len(v)]) + v)
    return b''.join(opts)


def ietf_value(t):
    """A random valid value for RFC 2661 AVP type t (and a few later ones)."""
    if t == 0: return u16(R.choice(list(range(1, 17)) + [20, 99]))
    if t == 1:
        r = u16(R.randint(0, 12))
        c = R.random()
        if c < 0.3: return r
        if c < 0.6: return r + u16(R.randint(0, 9))
        return r + u16(R.randint(0, 9)) + text(0, 30)
    if t == 2: return b'\x01\x00' if R.random() < 0.8 else u8(R.randint(0, 3)) + u8(R.randint(0, 3))
    if t in (3, 4, 18, 19): return u32(R.choice([0, 1, 2, 3, R.getrandbits(32)]))
    if t == 5: return rbytes(8, 8)
    if t in (6, 9, 10, 14): return u16(R.choice([0, 1, 4, R.getrandbits(16)]))
    if t in (7, 8, 21, 22, 23, 30, 37): return text(0 if t in (21, 22, 23, 37) else 1, 40)
    if t in (11, 31): return rbytes(1, 32)
    if t == 12:
        v = u16(R.randint(0, 127)) + u8(R.randint(0, 255))
        return v + (text(1, 20) if R.random() < 0.5 else b'')
    if t == 13: return rbytes(16, 16)
    if t in (15, 16, 17, 24, 25, 38): return u32(R.getrandbits(32))
    if t == 20: return rbytes(0, 6)
    if t in (26, 27, 28): return lcp_options()
    if t == 29: return u16(R.randint(0, 7))
    if t == 32: return u16(R.getrandbits(16))
    if t == 33: return rbytes(1, 24)
    if t == 34: return b'\x00\x00' + b''.join(u32(R.getrandbits(32)) for _ in range(6))
    if t == 35: return b'\x00\x00' + u32(R.getrandbits(32)) + u32(R.getrandbits(32))
    if t == 36: return rbytes(4, 16)
    if t == 39: return b''
    if t == 46: return u16(R.randint(0, 20)) + u16(R.choice([0xc021, 0x8021])) + u8(R.randint(0, 2)) + text(0, 10)
    if t in (60, 61, 63, 64): return u32(R.getrandbits(32))
    if t == 62: return b''.join(u16(R.randint(1, 12)) for _ in range(R.randint(0, 4)))
    if t == 65: return rbytes(4, 4) if R.random() < 0.5 else rbytes(8, 8)
    if t in (68, 69, 70, 71): return u16(R.randint(0, 7))
    return rbytes(0, 10)


CISCO = 9


def cisco_value(t):
    if t in (1, 3, 4): return u32(R.getrandbits(32))
    if t == 2: return b''.join(u16(R.randint(1, 12)) for _ in range(R.randint(0, 3)))
    if t == 5: return rbytes(4, 4) if R.random() < 0.5 else rbytes(8, 8)
    if t in (7, 8, 10): return u16(R.randint(0, 7))
    if t == 13: return u16(R.choice([1500, 9000]))
    return rbytes(0, 12)


def random_avps(first_type=None):
    avps = []
    mt = first_type if first_type is not None else R.choice(list(range(1, 17)))
    avps.append(avp(0, u16(mt), m=R.random() < 0.9))
    have_rv = False
    for _ in range(R.randint(0, 12)):
        c = R.random()
        if c < 0.7:
            t = R.randint(1, 39)
            m = R.random() < 0.8
            hidden = False
            if t not in (0, 36, 1, 2, 7, 10, 12, 39) and R.random() < 0.15:
                if not have_rv and R.random() < 0.8:
                    avps.append(avp(36, rbytes(8, 16)))
                    have_rv = True
                hidden = True
            v = ietf_value(t)
            if hidden:
                # Hidden value: 2-byte original length, the value, random padding; we send it scrambled.
                v = rbytes(len(v) + 2, len(v) + 18)
            avps.append(avp(t, v, m=m, h=hidden))
        elif c < 0.8:
            t = R.choice([40, 46, 58, 59, 60, 61, 62, 63, 64, 65, 66, 68, 69, 70, 71, 74, 75, 103, 200])
            v = u32(R.choice([9, 311, 4491, 99999])) if t == 58 else ietf_value(t)
            avps.append(avp(t, v, m=R.random() < 0.3))
        elif c < 0.92:
            t = R.randint(1, 15)
            avps.append(avp(t, cisco_value(t), m=R.random() < 0.2, vendor=CISCO))
        else:
            avps.append(avp(R.randint(0, 300), rbytes(0, 12), m=R.random() < 0.3,
                            vendor=R.choice([311, 529, 2636, 4491, 6527, 65535])))
    if R.random() < 0.05:
        avps.append(avp(R.randint(1, 39), ietf_value(7), reserved=R.randint(1, 15)))
    return avps


def l2tp_ctrl(tunnel, session, ns, nr, avps, flags=0xc802, length=None):
    body = b''.join(avps)
    return struct.pack('>HHHHHH', flags, 12 + len(body) if length is None else length,
                       tunnel, session, ns, nr) + body


def l2tp_data(tunnel, session, payload, L=None, S=None, O=None, P=None, ns=0, nr=0, offset=None, reserved=0):
    L = R.random() < 0.4 if L is None else L
    S = R.random() < 0.4 if S is None else S
    O = R.random() < 0.2 if O is None else O
    P = R.random() < 0.15 if P is None else P
    flags = 0x0002 | (0x4000 if L else 0) | (0x0800 if S else 0) | (0x0200 if O else 0) | (0x0100 if P else 0) | reserved
    hdr_len = 6 + (2 if L else 0) + (4 if S else 0)
    pad = b''
    if O:
        n = R.choice([0, 0, 1, 2, 4, 7]) if offset is None else offset
        pad = u16(n) + rbytes(n, n)
        hdr_len += 2 + n
    h = u16(flags)
    if L: h += u16(hdr_len + len(payload))
    h += u16(tunnel) + u16(session)
    if S: h += u16(ns) + u16(nr)
    return h + pad + payload


# ----------------------------------------------------------------------------------------------- PPP
def cp(code, ident, data):
    return bytes([code, ident]) + u16(4 + len(data)) + data


def lcp_packet():
    code = R.choice([1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
    ident = R.randint(0, 255)
    if code in (1, 2, 3, 4): return 0xc021, cp(code, ident, lcp_options())
    if code in (5, 6): return 0xc021, cp(code, ident, text(0, 12))
    if code == 7: return 0xc021, cp(code, ident, cp(R.randint(14, 30), 1, b''))
    if code == 8: return 0xc021, cp(code, ident, u16(R.choice([0x8057, 0x80fd, 0x002b, 0x4021])) + rbytes(0, 8))
    if code in (9, 10, 11): return 0xc021, cp(code, ident, u32(R.getrandbits(32)) + rbytes(0, 8))
    if code == 12: return 0xc021, cp(code, ident, u32(R.getrandbits(32)) + text(0, 16))
    return 0xc021, cp(code, ident, u32(R.getrandbits(32)) + u32(R.getrandbits(32)))


def pap_packet():
    code = R.choice([1, 1, 2, 3])
    if code == 1:
        pid, pw = text(0, 16), text(0, 16)
        return 0xc023, cp(1, R.randint(0, 255), u8(len(pid)) + pid + u8(len(pw)) + pw)
    m = text(0, 20)
    return 0xc023, cp(code, R.randint(0, 255), u8(len(m)) + m)


def chap_packet():
    code = R.choice([1, 2, 3, 4])
    if code in (1, 2):
        v = rbytes(8, 49)
        return 0xc223, cp(code, R.randint(0, 255), u8(len(v)) + v + text(0, 20))
    return 0xc223, cp(code, R.randint(0, 255), text(0, 20))


def ipcp_packet():
    code = R.choice([1, 2, 3, 4, 5, 6, 7])
    opts = b''
    if code <= 4:
        for _ in range(R.randint(0, 5)):
            k = R.choice([3, 3, 129, 130, 131, 132, 2, 1])
            if k == 2: opts += b'\x02\x06\x00\x2d\x0f\x01' if R.random() < 0.5 else b'\x02\x04\x00\x2d'
            elif k == 1: opts += b'\x01\x0a' + u32(R.getrandbits(32)) + u32(R.getrandbits(32))
            else: opts += bytes([k, 6]) + bytes([10, R.randint(0, 255), R.randint(0, 255), R.randint(0, 255)])
    return 0x8021, cp(code, R.randint(0, 255), opts)


def ipv6cp_packet():
    code = R.choice([1, 2, 3, 4])
    opts = b'\x01\x0a' + rbytes(8, 8) if R.random() < 0.8 else b''
    if R.random() < 0.2: opts += b'\x02\x04\x00\x4f'
    return 0x8057, cp(code, R.randint(0, 255), opts)


def ccp_packet():
    code = R.choice([1, 2, 3, 4, 14, 15])
    opts = b''
    if code <= 4:
        for _ in range(R.randint(0, 3)):
            k = R.choice([18, 17, 21, 24, 26, 1])
            if k == 18: opts += b'\x12\x06' + u32(R.choice([0x01000001, 0x01000040, 0x00000020, 0x010000e0]))
            elif k == 17: opts += b'\x11\x05' + u16(1) + u8(R.randint(0, 4))
            elif k == 21: opts += b'\x15\x03' + u8(R.randint(0, 2))
            elif k == 24: opts += b'\x18\x03' + u8(R.randint(0x2f, 0x3f))
            elif k == 26: opts += b'\x1a\x04' + u8(R.randint(0x40, 0x7f)) + u8(R.randint(0, 3))
            else: opts += b'\x01\x06\x00\x00\x00\x00'
    return 0x80fd, cp(code, R.randint(0, 255), opts)


def inner_ip():
    if R.random() < 0.6:
        return 0x0021, bytes(IP(src='10.%d.0.1' % R.randint(0, 255), dst='10.0.0.%d' % R.randint(1, 254)) /
                             UDP(sport=R.randint(1024, 65535), dport=R.choice([53, 1701, 5000])) / Raw(rbytes(0, 30)))
    return 0x0057, bytes(IPv6(src='2001:db8:1::%x' % R.randint(1, 65535), dst='2001:db8:2::1') /
                         UDP(sport=R.randint(1024, 65535), dport=53) / Raw(rbytes(0, 20)))


def ppp_frame():
    gen = R.choice([lcp_packet, lcp_packet, pap_packet, chap_packet, ipcp_packet, ipv6cp_packet, ccp_packet,
                    inner_ip, inner_ip])
    proto, payload = gen()
    acfc = R.random() < 0.25
    pfc = proto < 0x100 and R.random() < 0.5
    head = b'' if acfc else b'\xff\x03'
    head += u8(proto) if pfc else u16(proto)
    return head + payload


# ----------------------------------------------------------------------------------------- outer layers
MAC1, MAC2 = '02:00:00:00:00:01', '02:00:00:00:00:02'
A1, A2 = '192.0.2.1', '192.0.2.2'
V6A, V6B = '2001:db8::1', '2001:db8:0:1::2'


def udp4(payload, sport=1701, dport=1701, src=A1, dst=A2):
    return IP(src=src, dst=dst, id=R.getrandbits(16)) / UDP(sport=sport, dport=dport) / Raw(payload)


def eth(p):
    return bytes(Ether(src=MAC1, dst=MAC2) / p)


def swap():
    return (A1, A2) if R.random() < 0.5 else (A2, A1)


# --------------------------------------------------------------------------------------------- captures
def cap_v2_control():
    frames = []
    tunnels = [R.randint(1, 65535) for _ in range(4)]
    for i in range(160):
        tun = R.choice(tunnels + [0])
        sess = 0 if R.random() < 0.5 else R.randint(1, 65535)
        src, dst = swap()
        if R.random() < 0.06:
            msg = l2tp_ctrl(tun, sess, i % 7, i % 5, [])                      # ZLB
        else:
            msg = l2tp_ctrl(tun, sess, R.getrandbits(16), R.getrandbits(16), random_avps())
        frames.append(eth(udp4(msg, src=src, dst=dst)))
    write_pcap('fuzz_v2_control.pcap', LINK_ETH, frames)


def cap_v2_messages():
    """Every message type with the RFC's AVP set, every AVP type present at least once, several values."""
    frames = []
    for mt in list(range(0, 31)):
        avps = [avp(0, u16(mt))]
        for t in range(1, 40):
            if (t + mt) % 4 == 0:
                avps.append(avp(t, ietf_value(t), m=t not in (5, 6, 8, 25, 26, 27, 28, 29, 30, 31, 32, 33, 37, 38)))
        frames.append(eth(udp4(l2tp_ctrl(0x1234, 0x10 * mt, mt, mt + 1, avps))))
    for rc in range(0, 12):  # Result Code shapes in StopCCN (4) and CDN (14)
        for mt in (4, 14):
            v = u16(rc)
            if rc % 3 >= 1: v += u16(rc % 10)
            if rc % 3 == 2: v += b'error message ' + str(rc).encode()
            frames.append(eth(udp4(l2tp_ctrl(0x1234, 7, rc, rc, [avp(0, u16(mt)), avp(1, v), avp(9, u16(0x4321)),
                                                                    avp(14, u16(0x55)), avp(12, u16(16) + u8(rc) + (b'adv' if rc & 1 else b''))]))))
    write_pcap('fuzz_v2_messages.pcap', LINK_ETH, frames)


def cap_v2_data_ppp():
    frames = []
    for i in range(200):
        src, dst = swap()
        kw = {}
        if R.random() < 0.1: kw['L'] = False
        msg = l2tp_data(R.randint(1, 65535), R.randint(0, 65535), ppp_frame(), ns=R.getrandbits(16), nr=R.getrandbits(16), **kw)
        sport, dport = (1701, 1701) if R.random() < 0.8 else R.choice([(1701, 40000 + i), (50000 + i, 1701)])
        frames.append(eth(udp4(msg, sport=sport, dport=dport, src=src, dst=dst)))
    write_pcap('fuzz_v2_data_ppp.pcap', LINK_ETH, frames)


def v3_ctrl_avps():
    avps = [avp(0, u16(R.choice([1, 2, 3, 4, 6, 10, 11, 12, 14, 15, 16, 20])))]
    for _ in range(R.randint(0, 8)):
        c = R.random()
        if c < 0.6:
            t = R.choice([1, 7, 8, 10, 15, 25, 59, 60, 61, 62, 63, 64, 65, 66, 68, 69, 70, 71, 36])
            if t == 59: v = u16(0) + rbytes(16, 16) if R.random() < 0.5 else u16(1) + rbytes(20, 20)
            else: v = ietf_value(t)
            avps.append(avp(t, v))
        else:
            t = R.randint(1, 15)
            avps.append(avp(t, cisco_value(t), m=False, vendor=CISCO))
    return avps


def cap_v3():
    frames = []
    for i in range(60):
        src, dst = swap()
        kind = R.random()
        if kind < 0.3:     # control over IP: 4-byte zero session ID then the header with 32-bit CCID
            body = b''.join(v3_ctrl_avps())
            msg = u32(0) + struct.pack('>HHIHH', 0xc803, 12 + len(body), R.getrandbits(32), i, i + 1) + body
            frames.append(eth(IP(src=src, dst=dst, proto=115) / Raw(msg)))
        elif kind < 0.55:  # control over UDP
            body = b''.join(v3_ctrl_avps())
            msg = struct.pack('>HHIHH', 0xc803, 12 + len(body), R.getrandbits(32), i, i + 1) + body
            frames.append(eth(udp4(msg, src=src, dst=dst)))
        elif kind < 0.8:   # data over IP: session ID + payload (Ethernet pseudowire or PPP)
            inner = bytes(Ether(src=MAC2, dst=MAC1) / IP(src='10.1.1.1', dst='10.1.1.2') / UDP() / Raw(rbytes(0, 16)))
            frames.append(eth(IP(src=src, dst=dst, proto=115) / Raw(u32(R.randint(1, 2 ** 32 - 1)) + inner)))
        else:              # data over UDP: flags (T=0, ver 3), reserved, session ID, payload
            inner = bytes(Ether(src=MAC2, dst=MAC1) / IP(src='10.1.1.1', dst='10.1.1.2') / Raw(rbytes(0, 16)))
            frames.append(eth(udp4(b'\x00\x03\x00\x00' + u32(R.randint(1, 2 ** 32 - 1)) + inner, src=src, dst=dst)))
    write_pcap('fuzz_v3.pcap', LINK_ETH, frames)


def v3_ctrl(ccid, ns, nr, avps, over_ip):
    body = b''.join(avps)
    h = struct.pack('>HHIHH', 0xc803, 12 + len(body), ccid, ns, nr) + body
    return u32(0) + h if over_ip else h


def v3_session(send, over_ip, pw, inner_for, cookie_a=b'', cookie_b=b'', sub=None, seq=None, k=0, pw_caps=None):
    """One L2TPv3 control connection (SCCRQ offering the pseudowire types `pw_caps`, default just `pw`) setting
    up one session of pseudowire type `pw`, then a data message per item of `inner_for` alternating direction,
    then CDN and StopCCN. `send(msg, a_to_b)`. `inner_for` may be a generator: each payload is then made just
    before its message is sent, which keeps the random draws in the order cap_v3_sessions has always made them."""
    sa, sb = R.randint(1, 2 ** 32 - 1), R.randint(1, 2 ** 32 - 1)
    ca, cb = R.randint(1, 2 ** 32 - 1), R.randint(1, 2 ** 32 - 1)
    send(v3_ctrl(0, 0, 0, [avp(0, u16(1)), avp(7, b'lcce-a'), avp(60, u32(0x0a000001)), avp(61, u32(ca)),
                            avp(62, b''.join(u16(x) for x in (pw_caps or [pw])))], over_ip), True)
    send(v3_ctrl(ca, 0, 1, [avp(0, u16(2)), avp(7, b'lcce-b'), avp(60, u32(0x0a000002)), avp(61, u32(cb)),
                             avp(62, u16(pw))], over_ip), False)
    send(v3_ctrl(cb, 1, 1, [avp(0, u16(3))], over_ip), True)

    def sess_avps(mt, local, remote, cookie):
        a = [avp(0, u16(mt)), avp(63, u32(local)), avp(64, u32(remote))]
        if mt in (10, 11):
            a += [avp(68, u16(pw)), avp(71, u16(1))]
            if cookie: a.append(avp(65, cookie))
            if sub is not None: a.append(avp(69, u16(sub)))
            if seq is not None: a.append(avp(70, u16(seq)))
        if mt == 10: a += [avp(15, u32(k)), avp(66, b'remote-end')]
        return a
    send(v3_ctrl(cb, 2, 1, sess_avps(10, sa, 0, cookie_a), over_ip), True)
    send(v3_ctrl(ca, 1, 3, sess_avps(11, sb, sa, cookie_b), over_ip), False)
    send(v3_ctrl(cb, 3, 2, sess_avps(12, sa, sb, b''), over_ip), True)
    for n, inner in enumerate(inner_for):
        a_to_b = n % 2 == 0
        sid, cookie = (sb, cookie_b) if a_to_b else (sa, cookie_a)
        sl = (u32(0x40000000 | n) if seq else u32(0)) if sub == 1 else b''
        if over_ip: send(u32(sid) + cookie + sl + inner, a_to_b)
        else: send(b'\x00\x03\x00\x00' + u32(sid) + cookie + sl + inner, a_to_b)
    send(v3_ctrl(cb, 4, 3, [avp(0, u16(14)), avp(1, u16(3)), avp(63, u32(sa)), avp(64, u32(sb))], over_ip), True)
    send(v3_ctrl(cb, 5, 3, [avp(0, u16(4)), avp(1, u16(1) + u16(0) + b'bye'), avp(61, u32(ca))], over_ip), True)


def cap_v3_sessions():
    """L2TPv3 control connections that set up sessions (cookie, pseudowire type, sublayer learnt from the
    ICRQ/ICRP AVPs) followed by data on those sessions, over IP and over UDP, in both directions."""
    frames = []
    for k in range(8):
        over_ip = k % 2 == 0
        cookie_a = bytes(R.getrandbits(8) for _ in range(R.choice([0, 4, 8])))
        cookie_b = bytes(R.getrandbits(8) for _ in range(R.choice([0, 4, 8])))
        pw = R.choice([5, 4, 7, 11, 6, 1, 12, 11])
        sub = R.choice([0, 1, None])
        seq = R.choice([0, 1, 2, None])

        def send(msg, a_to_b):
            src, dst = (A1, A2) if a_to_b else (A2, A1)
            if over_ip: frames.append(eth(IP(src=src, dst=dst, proto=115) / Raw(msg)))
            else: frames.append(eth(udp4(msg, src=src, dst=dst)))

        def inner(n):
            if pw == 7: return b'\xff\x03' + u16(0xc021) + cp(9, n, u32(R.getrandbits(32)))
            if pw == 11 and n % 3 == 2: return bytes(IPv6(src='2001:db8:9::1', dst='2001:db8:9::2') / UDP(sport=1000, dport=2000) / Raw(b'x' * n))
            if pw == 11: return bytes(IP(src='10.9.0.1', dst='10.9.0.2') / UDP(sport=1000, dport=2000) / Raw(b'x' * n))
            if pw == 6: return b'\x0f\x00\x08\x00' + bytes(IP(src='10.6.0.1', dst='10.6.0.2') / UDP(sport=1000, dport=2000) / Raw(b'c' * n))
            if pw == 1: return b'\x18\x41\x03\xcc' + bytes(IP(src='10.1.0.1', dst='10.1.0.2') / UDP(sport=1000, dport=2000) / Raw(b'f' * n))
            if pw == 12: return b'\x47\x01\x00\x10' + bytes(184)
            if pw == 4: return bytes(Ether(src=MAC2, dst=MAC1) / Dot1Q(vlan=7) / IP(src='10.8.0.1', dst='10.8.0.2') / Raw(b'y' * n))
            return bytes(Ether(src=MAC2, dst=MAC1) / IP(src='10.7.0.1', dst='10.7.0.2') / UDP() / Raw(b'z' * n))

        # data to the peer carries the peer's session ID and the cookie the peer assigned (see v3_session)
        v3_session(send, over_ip, pw, (inner(n) for n in range(6)), cookie_a=cookie_a, cookie_b=cookie_b,
                   sub=sub, seq=seq, k=k, pw_caps=[pw, 5])
    write_pcap('fuzz_v3_sessions.pcap', LINK_ETH, frames)


def cap_eth_misc():
    """Short frames padded to 60 bytes, IPv4 options, IPv6 fragments, non-1701 ports on one side."""
    from scapy.all import IPOption_RR, IPOption_NOP, IPv6ExtHdrFragment, fragment6
    frames = []
    for i in range(30):
        c = i % 6
        if c == 0:   # ZLB, Hello and tiny data padded to the Ethernet minimum
            m = R.choice([l2tp_ctrl(5, 0, i, i, []), l2tp_ctrl(5, 0, i, i, [avp(0, u16(6))]),
                          l2tp_data(5, 6, b'\xff\x03\xc0\x21' + cp(9, 1, u32(7)), L=False, S=False, O=False, P=False)])
            f = eth(udp4(m))
            frames.append(f + b'\x00' * max(0, 60 - len(f)))
        elif c == 1:
            frames.append(eth(IP(src=A1, dst=A2, options=[IPOption_RR(), IPOption_NOP()]) / UDP(sport=1701, dport=1701) / Raw(some_l2tp())))
        elif c == 2:
            big = l2tp_ctrl(0x77, 0, i, i, [avp(0, u16(1)), avp(7, b'h' * 700), avp(8, b'v' * 500)])
            pkt = IPv6(src=V6A, dst=V6B) / IPv6ExtHdrFragment(id=0x1000 + i) / UDP(sport=1701, dport=1701) / Raw(big)
            for fr in fragment6(pkt, 600):
                frames.append(eth(fr))
        elif c == 3:
            frames.append(eth(udp4(some_l2tp(), sport=R.randint(1024, 65535), dport=1701)))
        elif c == 4:
            frames.append(eth(udp4(some_l2tp(), sport=1701, dport=R.randint(1024, 65535))))
        else:         # Length field smaller / larger than the UDP payload on data messages
            ppp = ppp_frame()
            m = l2tp_data(9, 10, ppp, L=True, S=False, O=False, P=False)
            m = m[:2] + u16(len(m) + R.choice([-3, 5])) + m[4:]
            frames.append(eth(udp4(m)))
    write_pcap('fuzz_eth_misc.pcap', LINK_ETH, frames)


def some_l2tp():
    c = R.random()
    if c < 0.5: return l2tp_ctrl(R.randint(0, 65535), 0, R.getrandbits(16), R.getrandbits(16), random_avps())
    return l2tp_data(R.randint(1, 65535), R.randint(1, 65535), ppp_frame())


def cap_links():
    # Ethernet: 802.1Q, 802.1ad (0x88a8), old QinQ (0x9100), IPv6 with extension headers, fragments
    frames = []
    for i in range(40):
        m = some_l2tp()
        c = i % 8
        if c == 0: frames.append(bytes(Ether(src=MAC1, dst=MAC2) / Dot1Q(vlan=R.randint(1, 4094), prio=R.randint(0, 7)) / udp4(m)))
        elif c == 1: frames.append(bytes(Ether(src=MAC1, dst=MAC2, type=0x88a8) / Dot1AD(vlan=100) / Dot1Q(vlan=R.randint(1, 4094)) / udp4(m)))
        elif c == 2: frames.append(bytes(Ether(src=MAC1, dst=MAC2, type=0x9100) / Dot1Q(vlan=200) / Dot1Q(vlan=R.randint(1, 4094)) / udp4(m)))
        elif c == 3: frames.append(eth(IPv6(src=V6A, dst=V6B) / IPv6ExtHdrHopByHop(options=[RouterAlert()]) / UDP(sport=1701, dport=1701) / Raw(m)))
        elif c == 4: frames.append(eth(IPv6(src=V6B, dst=V6A) / IPv6ExtHdrDestOpt() / IPv6ExtHdrRouting(addresses=[V6A]) / UDP(sport=1701, dport=1701) / Raw(m)))
        elif c == 5: frames.append(eth(IPv6(src=V6A, dst=V6B) / UDP(sport=1701, dport=R.randint(1024, 65535)) / Raw(m)))
        elif c == 6: frames.append(bytes(Ether(src=MAC1, dst=MAC2) / Dot1Q(vlan=5) / IPv6(src=V6A, dst=V6B) / UDP(sport=R.randint(1024, 65535), dport=1701) / Raw(m)))
        else:
            big = l2tp_ctrl(0x99, 0, i, i, [avp(0, u16(1)), avp(7, b'h' * 900), avp(8, b'v' * 300)])
            for fr in fragment(udp4(big), fragsize=R.choice([400, 512, 1000])):
                frames.append(eth(fr))
    write_pcap('fuzz_eth_vlan_ipv6_frag.pcap', LINK_ETH, frames)

    # Linux cooked (SLL, 113) and SLL2 (276), raw IP (101)
    sll, sll2, raw = [], [], []
    for i in range(20):
        m = some_l2tp()
        ip = bytes(udp4(m)) if i % 3 else bytes(IPv6(src=V6A, dst=V6B) / UDP(sport=1701, dport=1701) / Raw(m))
        proto = 0x0800 if i % 3 else 0x86dd
        sll.append(struct.pack('>HHH8sH', R.choice([0, 1, 4]), 1, 6, bytes.fromhex('020000000001') + b'\0\0', proto) + ip)
        sll2.append(struct.pack('>HHIHBB8s', proto, 0, R.randint(1, 9), 1, R.choice([0, 4]), 6,
                                bytes.fromhex('020000000002') + b'\0\0') + ip)
        raw.append(ip)
    write_pcap('fuzz_sll.pcap', LINK_SLL, sll)
    write_pcap('fuzz_sll2.pcap', LINK_SLL2, sll2)
    write_pcap('fuzz_raw.pcap', LINK_RAW, raw)


def cap_malformed():
    frames = []
    good = [avp(0, u16(1)), avp(7, b'host'), avp(9, u16(5))]
    for i in range(50):
        c = i % 10
        if c == 0:   # AVP length < 6
            msg = l2tp_ctrl(1, 0, 0, 0, good[:1] + [struct.pack('>HHH', 0x8000 | R.randint(0, 5), 0, 7)] + good[1:])
        elif c == 1:  # AVP length past the end of the message
            msg = l2tp_ctrl(1, 0, 0, 0, good + [struct.pack('>HHH', 0x8000 | R.randint(20, 200), 0, R.randint(1, 39)) + b'abc'])
        elif c == 2:  # L2TP Length larger than the datagram
            body = b''.join(good)
            msg = l2tp_ctrl(1, 0, 0, 0, good, length=12 + len(body) + R.randint(1, 40))
        elif c == 3:  # data: offset size past the end
            msg = u16(0x0202) + u16(1) + u16(2) + u16(R.randint(10, 300)) + b'\x01\x02'
        elif c == 4:  # a value shorter than its type needs (fixed-length AVPs)
            t = R.choice([2, 3, 9, 10, 14, 15, 24, 34, 35, 12, 1, 29, 32])
            msg = l2tp_ctrl(1, 0, 0, 0, [avp(0, u16(1)), avp(t, rbytes(0, 1))])
        elif c == 5:  # data message with a truncated PPP
            msg = l2tp_data(1, 2, b'\xff\x03\xc0\x21\x01\x01\x00\x30\x01\x04', L=True, S=False, O=False, P=False)
        elif c == 6:  # LCP option with a bad length
            msg = l2tp_data(1, 2, b'\xff\x03\xc0\x21\x01\x01\x00\x0a\x01\x01\x05\x03\x00\x00', L=False, S=False, O=False, P=False)
        elif c == 7:  # control message with an unusual flag word (O/P bits or reserved bits)
            msg = l2tp_ctrl(1, 0, 0, 0, good, flags=R.choice([0xcb02, 0xc902, 0xca02, 0xc812, 0xe802, 0xc803 & 0xfff2]))
        elif c == 8:  # version 1 (L2F) and other versions
            msg = u16(R.choice([0x0001, 0xc801, 0x0004, 0xc80f])) + rbytes(6, 20)
        else:         # frame to be cut by a snap length
            msg = l2tp_ctrl(1, 0, 0, 0, random_avps(1) + [avp(7, text(10, 40))])
        f = eth(udp4(msg))
        if c == 9:
            frames.append((f, R.randint(42 + 4, len(f) - 1)))
        elif R.random() < 0.1:
            frames.append((f, R.randint(50, len(f))))
        else:
            frames.append(f)
    write_pcap('fuzz_malformed.pcap', LINK_ETH, frames)


# ------------------------------------------------------------------------------ second round (new files)
# Everything below runs after the first round's captures, so those stay byte-identical for a given seed.
def chdlc_payloads(n):
    """Cisco HDLC frames (RFC 4349): address 0x0f (unicast) or 0x8f (broadcast), control 0, EtherType."""
    out = []
    for i in range(n):
        addr = b'\x8f' if i % 5 == 4 else b'\x0f'
        c = i % 6
        if c in (0, 3):
            body = u16(0x0800) + bytes(IP(src='10.6.0.%d' % R.randint(1, 254), dst='10.6.1.1') /
                                       UDP(sport=R.randint(1024, 65535), dport=R.choice([4000, 9999, 33333])) / Raw(b'c' * R.randint(4, 24)))
        elif c in (1, 4):
            body = u16(0x86dd) + bytes(IPv6(src='2001:db8:6::%x' % R.randint(1, 65535), dst='2001:db8:6::1') /
                                       UDP(sport=R.randint(1024, 65535), dport=4000) / Raw(b'6' * R.randint(4, 24)))
        elif c == 2:   # SLARP keepalive (line check): type 2, my/your sequence, reliability 0xffff
            body = u16(0x8035) + u32(2) + u32(R.getrandbits(32)) + u32(R.getrandbits(32)) + b'\xff\xff'
        else:          # an EtherType tshark's chdlc.protocol table does not hold (ARP): data there
            body = u16(0x0806) + rbytes(28, 28)
        out.append(addr + b'\x00' + body)
    return out


def cap_v3_pw_chdlc():
    """L2TPv3 sessions with Pseudowire Type 6 (HDLC, RFC 4349), over IP and over UDP, with cookies and the
    default sublayer on some: Cisco HDLC carrying IPv4/UDP, IPv6/UDP, SLARP and an EtherType left as data."""
    frames = []
    for k in range(4):
        over_ip = k % 2 == 0

        def send(msg, a_to_b):
            src, dst = (A1, A2) if a_to_b else (A2, A1)
            if over_ip: frames.append(eth(IP(src=src, dst=dst, proto=115) / Raw(msg)))
            else: frames.append(eth(udp4(msg, src=src, dst=dst)))
        ck = [b'', bytes(R.getrandbits(8) for _ in range(4)), bytes(R.getrandbits(8) for _ in range(8))]
        v3_session(send, over_ip, 6, chdlc_payloads(8), cookie_a=ck[k % 3], cookie_b=ck[(k + 1) % 3],
                   sub=1 if k == 3 else None, seq=1 if k == 3 else None, k=k)
    write_pcap('fuzz_v3_pw_chdlc.pcap', LINK_ETH, frames)


LINK_NULL, LINK_PPP, LINK_LOOP, LINK_PPP_DIR = 0, 9, 108, 204


def inner_l2tp_ip(v6=None):
    """An IPv4 or IPv6 datagram carrying L2TP over UDP 1701 (control or data, random)."""
    v6 = R.random() < 0.3 if v6 is None else v6
    m = some_l2tp()
    if v6: return 0x0057, bytes(IPv6(src=V6A, dst=V6B) / UDP(sport=1701, dport=1701) / Raw(m))
    return 0x0021, bytes(udp4(m))


def ppp_head(proto, acfc=None, pfc=None):
    acfc = R.random() < 0.2 if acfc is None else acfc
    pfc = proto < 0x100 and (R.random() < 0.3 if pfc is None else pfc)
    return (b'' if acfc else b'\xff\x03') + (u8(proto) if pfc else u16(proto))


def cap_ppp_links():
    """LINKTYPE_PPP (9) and PPP_WITH_DIR (204): PPP (with and without ACFC/PFC) carrying IPv4/IPv6/UDP/L2TP,
    PPP control protocols, and some Cisco HDLC frames (tshark's ppp_hdlc hands 0x0f/0x8f to chdlc)."""
    ppp, pdir = [], []
    for i in range(40):
        c = i % 5
        if c in (0, 1, 2):
            proto, body = inner_l2tp_ip()
            f = ppp_head(proto) + body
        elif c == 3:
            f = ppp_frame()
        else:
            proto, body = inner_l2tp_ip(v6=False)
            f = R.choice([b'\x0f', b'\x8f']) + b'\x00' + u16(0x0800) + body if i % 2 else ppp_head(proto) + body
        ppp.append(f)
        pdir.append(u8(R.choice([0, 1])) + f)
    write_pcap('fuzz_link_ppp.pcap', LINK_PPP, ppp)
    write_pcap('fuzz_link_ppp_dir.pcap', LINK_PPP_DIR, pdir)


def cap_null_loop():
    """BSD null (0, host-order family) and OpenBSD loop (108, network-order family): AF_INET and the AF_INET6
    values of several systems, carrying UDP/L2TP."""
    nul, loop = [], []
    for i in range(24):
        v6 = i % 3 == 2
        _, ip = inner_l2tp_ip(v6=v6)
        fam = R.choice([24, 28, 30]) if v6 else 2
        nul.append((struct.pack('<I', fam) if R.random() < 0.7 else struct.pack('>I', fam)) + ip)
        loop.append(struct.pack('>I', R.choice([24, 28, 30]) if v6 else 2) + ip)
    write_pcap('fuzz_link_null.pcap', LINK_NULL, nul)
    write_pcap('fuzz_link_loop.pcap', LINK_LOOP, loop)


def pppoe_session(sid, ppp, length=None):
    return b'\x11\x00' + u16(sid) + u16(len(ppp) if length is None else length) + ppp


def cap_pppoe():
    """PPPoE session frames (0x8864) carrying PPP/IPv4 or IPv6/UDP/L2TP (as public captures carry L2TP), PPP
    control protocols (a few with Address/Control), frames padded to the Ethernet minimum, a PPPoE length
    shorter than the payload, and PPPoE in an 802.1Q tag."""
    frames = []
    for i in range(40):
        c = i % 8
        sid = R.randint(1, 65535)
        if c in (0, 1, 2, 3):
            proto, body = inner_l2tp_ip()
            ppp = u16(proto) + body
        elif c == 4:
            ppp = ppp_frame()
            # PPPoE carries no Address/Control (RFC 2516 §7); keep them on a few frames anyway
            if ppp[:2] == b'\xff\x03' and i % 16 != 12: ppp = ppp[2:]
        elif c == 5:  # tiny LCP echo, padded to 60 bytes by the Ethernet layer
            ppp = u16(0xc021) + cp(9, i, u32(R.getrandbits(32)))
        elif c == 6:
            proto, body = inner_l2tp_ip(v6=False)
            ppp = u16(proto) + body
        else:
            proto, body = inner_l2tp_ip(v6=False)
            ppp = u16(proto) + body
        pl = pppoe_session(sid, ppp, length=len(ppp) - R.randint(1, 6) if c == 6 else None)
        if c == 7:
            f = bytes(Ether(src=MAC1, dst=MAC2, type=0x8100)) + struct.pack('>HH', R.randint(1, 4094), 0x8864) + pl
        else:
            f = bytes(Ether(src=MAC1, dst=MAC2, type=0x8864)) + pl
        frames.append(f + b'\x00' * max(0, 60 - len(f)))
    write_pcap('fuzz_pppoe.pcap', LINK_ETH, frames)


def cap_v3_ipv6():
    """L2TPv3 directly over IPv6 (Next Header 115): control connections setting up Ethernet and IP
    pseudowires with 4- and 8-byte cookies, then data on them."""
    frames = []
    for k in range(4):
        def send(msg, a_to_b):
            src, dst = (V6A, V6B) if a_to_b else (V6B, V6A)
            frames.append(eth(IPv6(src=src, dst=dst, nh=115) / Raw(msg)))
        pw = (5, 11, 7, 5)[k]
        inner = []
        for n in range(6):
            if pw == 5: inner.append(bytes(Ether(src=MAC2, dst=MAC1) / IP(src='10.5.0.1', dst='10.5.0.2') / UDP(sport=1000, dport=2000) / Raw(b'e' * (n + 4))))
            elif pw == 11: inner.append(bytes(IP(src='10.11.0.1', dst='10.11.0.2') / UDP(sport=1000, dport=2000) / Raw(b'i' * (n + 4))) if n % 2 else
                                        bytes(IPv6(src='2001:db8:b::1', dst='2001:db8:b::2') / UDP(sport=1000, dport=2000) / Raw(b'i' * (n + 4))))
            else: inner.append(b'\xff\x03' + u16(0xc021) + cp(9, n, u32(R.getrandbits(32))))
        ck4, ck8 = bytes(R.getrandbits(8) for _ in range(4)), bytes(R.getrandbits(8) for _ in range(8))
        v3_session(send, True, pw, inner, cookie_a=(ck4, ck8, b'', ck8)[k], cookie_b=(ck8, ck4, ck4, ck8)[k],
                   sub=1 if k == 3 else None, seq=1 if k == 3 else None, k=k)
    write_pcap('fuzz_v3_over_ipv6.pcap', LINK_ETH, frames)


def cap_udp_checksums():
    """L2TP over UDP with correct, wrong and zero UDP checksums, over IPv4 and IPv6 (zero is not allowed
    over IPv6, RFC 8200 §8.1)."""
    frames = []
    for i in range(30):
        m = some_l2tp()
        c = i % 6
        if c == 0: frames.append(eth(IP(src=A1, dst=A2) / UDP(sport=1701, dport=1701) / Raw(m)))
        elif c == 1: frames.append(eth(IP(src=A1, dst=A2) / UDP(sport=1701, dport=1701, chksum=0) / Raw(m)))
        elif c == 2: frames.append(eth(IP(src=A1, dst=A2) / UDP(sport=1701, dport=1701, chksum=R.randint(1, 65535)) / Raw(m)))
        elif c == 3: frames.append(eth(IPv6(src=V6A, dst=V6B) / UDP(sport=1701, dport=1701) / Raw(m)))
        elif c == 4: frames.append(eth(IPv6(src=V6A, dst=V6B) / UDP(sport=1701, dport=1701, chksum=0) / Raw(m)))
        else: frames.append(eth(IPv6(src=V6A, dst=V6B) / UDP(sport=1701, dport=1701, chksum=R.randint(1, 65535)) / Raw(m)))
    write_pcap('fuzz_udp_checksum.pcap', LINK_ETH, frames)


def cap_v2_nested():
    """L2TPv2 data messages whose PPP carries inner IPv4 fragments (a UDP datagram split in 2-4 pieces, in
    order and reversed), and inner L2TP over UDP 1701 (a tunnel in a tunnel)."""
    frames = []
    for i in range(24):
        c = i % 3
        tun, ses = R.randint(1, 65535), R.randint(1, 65535)

        def wrap(ip):
            return eth(udp4(l2tp_data(tun, ses, ppp_head(0x0021, acfc=False, pfc=False) + ip, O=False)))
        if c == 0:
            big = IP(src='10.20.0.1', dst='10.20.0.2', id=0x2000 + i) / UDP(sport=4000 + i, dport=9999) / Raw(b'F' * R.randint(300, 900))
            frags = [bytes(f) for f in fragment(big, fragsize=R.choice([200, 256, 400]))]
            if i % 2: frags.reverse()
            frames.extend(wrap(f) for f in frags)
        elif c == 1:
            inner = l2tp_ctrl(R.randint(1, 65535), 0, R.getrandbits(16), R.getrandbits(16), random_avps())
            frames.append(wrap(bytes(IP(src='10.30.0.1', dst='10.30.0.2') / UDP(sport=1701, dport=1701) / Raw(inner))))
        else:
            inner = l2tp_data(R.randint(1, 65535), R.randint(1, 65535), ppp_frame())
            frames.append(wrap(bytes(IP(src='10.30.0.2', dst='10.30.0.1') / UDP(sport=1701, dport=1701) / Raw(inner))))
    write_pcap('fuzz_v2_nested.pcap', LINK_ETH, frames)


def cap_icmp_errors():
    """ICMP and ICMPv6 errors quoting an L2TP datagram: the quoted IP header, UDP header and as much of the
    L2TP message as the router kept (8 bytes of UDP payload as RFC 792 requires, or more, RFC 1812)."""
    from scapy.all import ICMP, ICMPv6DestUnreach, ICMPv6PacketTooBig, ICMPv6TimeExceeded
    frames = []
    for i in range(30):
        m = some_l2tp()
        c = i % 5
        keep = R.choice([8, 12, 20, 64, 1000])
        if c in (0, 1, 2):
            q = bytes(udp4(m))
            q = q[:20 + 8 + keep]
            icmp = ICMP(type=(3, 11, 3)[c], code=(3, 0, 4)[c])
            frames.append(eth(IP(src='198.51.100.1', dst=A1) / icmp / Raw(q)))
        else:
            q = bytes(IPv6(src=V6A, dst=V6B) / UDP(sport=1701, dport=1701) / Raw(m))[:40 + 8 + keep]
            icmp = ICMPv6DestUnreach(code=4) if c == 3 else R.choice([ICMPv6PacketTooBig(mtu=1280), ICMPv6TimeExceeded()])
            frames.append(eth(IPv6(src='2001:db8:ffff::1', dst=V6A) / icmp / Raw(q)))
    # RFC 792's 8 bytes of an L2TPv2 data message with Ns/Nr and no Length: the quote ends after Ns (and,
    # with 9-11 bytes, inside Nr or the PPP header)
    for keep in (8, 9, 10, 11, 12):
        m = l2tp_data(0x4242, 0x0101, b'\xff\x03\x00\x21' + bytes(IP(src='10.40.0.1', dst='10.40.0.2') / UDP(sport=1, dport=2)),
                      L=keep == 12, S=True, O=False, P=False, ns=0x1234 + keep, nr=0x55)
        q = bytes(udp4(m))[:28 + keep]
        frames.append(eth(IP(src='198.51.100.1', dst=A1) / ICMP(type=3, code=3) / Raw(q)))
    write_pcap('fuzz_icmp_errors.pcap', LINK_ETH, frames)


def second_round():
    cap_v3_pw_chdlc()
    cap_ppp_links()
    cap_null_loop()
    cap_pppoe()
    cap_v3_ipv6()
    cap_udp_checksums()
    cap_v2_nested()
    cap_icmp_errors()
    cap_wireless_nflog()
    cap_tunnels()


LINK_WLAN, LINK_RADIOTAP, LINK_NFLOG = 105, 127, 239


def cap_wireless_nflog():
    """Random L2TP in 802.11 data frames (every DS direction, QoS, under radiotap with and without FCS) and in
    NFLOG records (TLV headers in either byte order, optional TLVs before the payload)."""
    from scapy.all import RadioTap, Dot11, Dot11QoS, LLC, SNAP
    wl, rt, nf = [], [], []
    for i in range(40):
        v6 = i % 4 == 3
        proto, ip = inner_l2tp_ip(v6)
        body = LLC(dsap=0xaa, ssap=0xaa, ctrl=3) / SNAP(OUI=0, code=0x86dd if v6 else 0x0800) / Raw(ip)
        ds = R.choice(['', 'to-DS', 'from-DS', 'to-DS+from-DS'])
        a = dict(addr1=MAC1, addr2=MAC2, addr3='02:00:00:00:00:09', SC=R.getrandbits(16))
        if 'to-DS+from-DS' == ds: a['addr4'] = '02:00:00:00:00:0a'
        if R.random() < 0.5:
            f = Dot11(type=2, subtype=8, FCfield=ds or 0, **a) / Dot11QoS(TID=R.randint(0, 7), TXOP=R.randint(0, 255)) / body
        else:
            f = Dot11(type=2, subtype=0, FCfield=ds or 0, **a) / body
        wl.append(bytes(f))
        if i % 2:
            rt.append(bytes(RadioTap(present='Flags+Rate+Channel', Flags='FCS', Rate=2, ChannelFrequency=2437, ChannelFlags=0xa0) / f) + struct.pack('<I', R.getrandbits(32)))
        else:
            rt.append(bytes(RadioTap(present='TSFT+Flags+Rate+dBm_AntSignal', mac_timestamp=R.getrandbits(40), Flags=0, Rate=108, dBm_AntSignal=-R.randint(20, 90)) / f))
        le = R.random() < 0.8
        def tlv(t, v):
            h = struct.pack('<HH' if le else '>HH', 4 + len(v), t)
            return h + v + b'\0' * ((-(4 + len(v))) % 4)
        tl = tlv(1, struct.pack('>H', 0x86dd if v6 else 0x0800) + bytes([R.choice([1, 3]), 0]))
        if R.random() < 0.5: tl += tlv(10, text(1, 12) + b'\0')
        if R.random() < 0.5: tl += tlv(R.choice([4, 5]), u32(R.randint(1, 20)))
        if R.random() < 0.3: tl += tlv(3, struct.pack('>QQ', 1700000000 + i, R.randint(0, 999999)))
        nf.append(bytes([10 if v6 else 2, 0]) + u16(R.randint(0, 65535)) + tl + tlv(9, ip))
    write_pcap('fuzz_wlan.pcap', LINK_WLAN, wl)
    write_pcap('fuzz_radiotap.pcap', LINK_RADIOTAP, rt)
    write_pcap('fuzz_nflog.pcap', LINK_NFLOG, nf)


def mpls_entry(label, bos, ttl=None):
    return u32((label << 12) | (R.randint(0, 7) << 9) | (0x100 if bos else 0) | (R.randint(0, 255) if ttl is None else ttl))


def mpls_stack(n=None):
    n = R.randint(1, 3) if n is None else n
    labels = [R.choice([0, 1, 2, 3, 7, 16, R.randint(16, 0xfffff)]) for _ in range(n)]
    return b''.join(mpls_entry(l, i == n - 1) for i, l in enumerate(labels))


def mpls_payload():
    """What follows a label stack: IP with L2TP, an Ethernet pseudowire (with or without control word, known or
    local addresses), an associated channel, or bytes of any first nibble."""
    c = R.random()
    if c < 0.45:
        return inner_l2tp_ip()[1]
    if c < 0.75:
        _, ip = inner_l2tp_ip(v6=False)
        macs = R.choice([('00:10:7b:00:00:01', '00:00:0c:00:00:02'), ('02:00:00:00:00:01', '02:00:00:00:00:02'),
                         ('00:10:7b:00:00:01', '02:00:00:00:00:02')])
        frame = bytes(Ether(src=macs[0], dst=macs[1], type=0x0800) / Raw(ip)) if R.random() < 0.8 else bytes(Ether(src=macs[0], dst=macs[1], type=0x8100)) + u16(R.getrandbits(12)) + u16(0x0800) + ip
        cw = u16(R.getrandbits(12)) + u16(R.getrandbits(16)) if R.random() < 0.5 else b''
        return cw + frame
    if c < 0.85:
        proto, ip = inner_l2tp_ip()
        return b'\x10\x00' + u16(R.choice([0x21, 0x57, 0x7ff8, 0x0002])) + ip
    return rbytes(0, 24)


def maybe_cut(f):
    return (f, R.randint(14, len(f) - 1)) if R.random() < 0.1 and len(f) > 15 else f


def cap_tunnels():
    """Random L2TP under MPLS label stacks (Ethernet, IP protocol 137, UDP 6635), in GRE (version 0 with random
    checksum/key/sequence, PPTP's enhanced GRE with PPP control and IP packets) and in VXLAN; some frames cut."""
    mp, gr, vx = [], [], []
    for i in range(40):
        body = mpls_stack() + mpls_payload()
        c = i % 4
        if c == 3:
            f = eth(IP(src=A1, dst=A2, proto=137) / Raw(body))
        elif c == 2:
            f = eth(udp4(body, sport=R.randint(49152, 65535), dport=6635))
        else:
            f = bytes(Ether(src=MAC1, dst=MAC2, type=R.choice([0x8847, 0x8847, 0x8848]))) + body
        mp.append(maybe_cut(f))
        if i % 3 == 2:
            # PPTP: enhanced GRE (version 1) with PPP
            fl = 0x2001 | (0x1000 if R.random() < 0.8 else 0) | (0x0080 if R.random() < 0.5 else 0)
            ppp = ppp_frame() if R.random() < 0.7 else ppp_head(0x0021) + inner_l2tp_ip(v6=False)[1]
            h = u16(fl) + u16(0x880b) + u16(len(ppp)) + u16(R.getrandbits(16))
            if fl & 0x1000: h += u32(R.getrandbits(32))
            if fl & 0x0080: h += u32(R.getrandbits(32))
            g = h + (ppp if R.random() < 0.9 else b'')
        else:
            proto = R.choice([0x0800, 0x86dd, 0x6558, 0x8847])
            inner = inner_l2tp_ip(v6=proto == 0x86dd)[1]
            if proto == 0x6558: inner = bytes(Ether(src='00:10:7b:00:00:03', dst='00:00:0c:00:00:04', type=0x0800) / Raw(inner_l2tp_ip(v6=False)[1]))
            if proto == 0x8847: inner = mpls_stack(1) + inner_l2tp_ip(v6=False)[1]
            fl = (0x8000 if R.random() < 0.3 else 0) | (0x2000 if R.random() < 0.4 else 0) | (0x1000 if R.random() < 0.3 else 0)
            h = u16(fl) + u16(proto)
            tail = (u32(R.getrandbits(32)) if fl & 0x2000 else b'') + (u32(R.getrandbits(32)) if fl & 0x1000 else b'')
            if fl & 0x8000:
                cs = b'\x00\x00\x00\x00'
                whole = h + cs + tail + inner
                total = 0
                for k in range(0, len(whole) - 1, 2): total += (whole[k] << 8) | whole[k + 1]
                if len(whole) % 2: total += whole[-1] << 8
                while total >> 16: total = (total & 0xffff) + (total >> 16)
                cs = u16((~total & 0xffff) if R.random() < 0.8 else R.getrandbits(16)) + b'\x00\x00'
                g = h + cs + tail + inner
            else:
                g = h + tail + inner
        outer = IP(src=A1, dst=A2, proto=47) if i % 5 else IPv6(src=V6A, dst=V6B, nh=47)
        gr.append(maybe_cut(eth(outer / Raw(g))))
        proto, ip = inner_l2tp_ip()
        tenant = Ether(src='00:10:7b:00:00:05', dst='00:00:0c:00:00:06', type=0x86dd if proto == 0x0057 else 0x0800) / Raw(ip)
        if R.random() < 0.2: tenant = Ether(src='00:10:7b:00:00:05', dst='00:00:0c:00:00:06', type=0x8100) / Raw(u16(R.getrandbits(12)) + u16(0x0800) + inner_l2tp_ip(v6=False)[1])
        vh = u16(R.choice([0x0800, 0x0800, 0x8800, 0x8840, 0x0808, 0x0c00])) + u16(R.getrandbits(16)) + u32(R.getrandbits(24) << 8)
        vx.append(maybe_cut(eth(udp4(vh + bytes(tenant), sport=R.randint(49152, 65535), dport=4789))))
    write_pcap('fuzz_mpls.pcap', LINK_ETH, mp)
    write_pcap('fuzz_gre.pcap', LINK_ETH, gr)
    write_pcap('fuzz_vxlan.pcap', LINK_ETH, vx)


def main():
    os.makedirs(OUT, exist_ok=True)
    cap_v2_control()
    cap_v2_messages()
    cap_v2_data_ppp()
    cap_v3()
    cap_links()
    cap_malformed()
    cap_v3_sessions()
    cap_eth_misc()
    for name in ('fuzz_v2_control', 'fuzz_v3', 'fuzz_sll2'):
        subprocess.run(['editcap', '-F', 'pcapng', OUT + name + '.pcap', OUT + name + '.pcapng'], check=True)
    second_round()


if __name__ == '__main__':
    main()
