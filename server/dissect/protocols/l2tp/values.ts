// L2TP value tables (RFC 2661, RFC 3931 and the IANA "L2TP" registry), with Wireshark's wording where
// Wireshark has a name, so labels and filters read the same as in tshark.

export type Vals = Readonly<Record<number, string>>;

/** Message Type AVP values, long names (tshark's l2tp.avp.message_type value strings). */
export const MESSAGE_TYPES: Vals = {
  1: 'Start_Control_Request', 2: 'Start_Control_Reply', 3: 'Start_Control_Connected', 4: 'Stop_Control_Notification',
  5: 'Reserved', 6: 'Hello', 7: 'Outgoing_Call_Request', 8: 'Outgoing_Call_Reply', 9: 'Outgoing_Call_Connected',
  10: 'Incoming_Call_Request', 11: 'Incoming_Call_Reply', 12: 'Incoming_Call_Connected', 13: 'Reserved',
  14: 'Call_Disconnect_Notification', 15: 'WAN_Error_Notify', 16: 'Set_Link_Info', 17: 'Modem_Status',
  18: 'Service_Relay_Request_Msg', 19: 'Service_Relay_Reply_Message', 20: 'Explicit_Acknowledgement',
  21: 'Failover_Session_Query_Message', 22: 'Failover_Session_Response_Message',
  23: 'Multicast-Session-Request', 24: 'Multicast-Session-Response', 25: 'Multicast-Session-Establishment',
  26: 'Multicast-Session-Information', 27: 'Multicast-Session-End-Notify',
  28: 'Connect-Speed-Update-Notification', 29: 'Connect-Speed-Update-Request',
};

/** Short names, as the Info column shows them. */
export const MESSAGE_SHORT: Vals = {
  1: 'SCCRQ', 2: 'SCCRP', 3: 'SCCCN', 4: 'StopCCN', 5: 'Reserved', 6: 'Hello', 7: 'OCRQ', 8: 'OCRP', 9: 'OCCN',
  10: 'ICRQ', 11: 'ICRP', 12: 'ICCN', 13: 'Reserved', 14: 'CDN', 15: 'WEN', 16: 'SLI', 17: 'MDMST', 18: 'SRRQ',
  19: 'SRRP', 20: 'ACK', 21: 'FSQ', 22: 'FSR', 23: 'MSRQ', 24: 'MSRP', 25: 'MSE', 26: 'MSI', 27: 'MSEN',
  28: 'CSUN', 29: 'CSURQ',
};

export const MSG = {
  SCCRQ: 1, SCCRP: 2, SCCCN: 3, StopCCN: 4, HELLO: 6, OCRQ: 7, OCRP: 8, OCCN: 9, ICRQ: 10, ICRP: 11, ICCN: 12,
  CDN: 14, WEN: 15, SLI: 16, ACK: 20,
} as const;

/** AVP attribute types (vendor 0), Wireshark's names (the AVP subtree reads "<name> AVP"). */
export const AVP_NAMES: Vals = {
  0: 'Control Message', 1: 'Result-Error Code', 2: 'Protocol Version', 3: 'Framing Capabilities',
  4: 'Bearer Capabilities', 5: 'Tie Breaker', 6: 'Firmware Revision', 7: 'Host Name', 8: 'Vendor Name',
  9: 'Assigned Tunnel ID', 10: 'Receive Window Size', 11: 'Challenge', 12: 'Cause Code', 13: 'Challenge Response',
  14: 'Assigned Session', 15: 'Call Serial Number', 16: 'Minimum BPS', 17: 'Maximum BPS', 18: 'Bearer Type',
  19: 'Framing Type', 20: 'Reserved', 21: 'Called Number', 22: 'Calling Number', 23: 'Sub-Address',
  24: 'Connect Speed', 25: 'Physical Channel', 26: 'Initial Received LCP CONFREQ', 27: 'Last Sent LCP CONFREQ',
  28: 'Last Received LCP CONFREQ', 29: 'Proxy Authen Type', 30: 'Proxy Authen Name', 31: 'Proxy Authen Challenge',
  32: 'Proxy Authen ID', 33: 'Proxy Authen Response', 34: 'Call status AVPs', 35: 'ACCM', 36: 'Random Vector',
  37: 'Private group ID', 38: 'RxConnect Speed', 39: 'Sequencing Required',
  40: 'Rx Minimum BPS', 41: 'Rx Maximum BPS', 42: 'Service Category', 43: 'Service Name', 44: 'Calling Sub-Address',
  45: 'VPI/VCI Identifier', 46: 'PPP Disconnect Cause Code', 47: 'CCDS', 48: 'SDS', 49: 'LCP Want Options',
  50: 'LCP Allow Options', 51: 'LNS Last Sent LCP Confreq', 52: 'LNS Last Received LCP Confreq',
  53: 'Modem On-Hold Capable', 54: 'Modem On-Hold Status', 55: 'PPPoE Relay', 56: 'PPPoE Relay Response Capability',
  57: 'PPPoE Relay Forward Capability', 58: 'Extended Vendor ID', 59: 'Message Digest', 60: 'Router ID',
  61: 'Assigned Control Connection ID', 62: 'Pseudowire Capability List', 63: 'Local Session ID',
  64: 'Remote Session ID', 65: 'Assigned Cookie', 66: 'Remote End ID', 67: 'Application Code', 68: 'Pseudowire Type',
  69: 'Layer2 Specific Sublayer', 70: 'Data Sequencing', 71: 'Circuit Status', 72: 'Preferred Language',
  73: 'Control Message Authentication Nonce', 74: 'Tx Connect Speed Version 3', 75: 'Rx Connect Speed Version 3',
  76: 'Failover Capability', 77: 'Tunnel Recovery', 78: 'Suggested Control Sequence', 79: 'Failover Session State',
  80: 'Multicast Capability', 81: 'New Outgoing Sessions', 82: 'New Outgoing Sessions Acknowledgement',
  83: 'Withdraw Outgoing Sessions', 84: 'Multicast Packets Priority', 85: 'Frame-Relay Header Length',
  86: 'ATM Maximum Concatenated Cells', 87: 'OAM Emulation Required', 88: 'ATM Alarm Status',
  89: 'Attachment Group Identifier', 90: 'Local End Identifier', 91: 'Interface Maximum Transmission Unit',
  92: 'FCS Retention', 93: 'Tunnel Switching Aggregator ID', 94: 'Maximum Receive Unit (MRU)',
  95: 'Maximum Reassembled Receive Unit (MRRU)', 96: 'VCCV Capability', 97: 'Connect Speed Update',
  98: 'Connect Speed Update Enable', 99: 'TDM Pseudowire', 100: 'RTP AVP', 101: 'PW Switching Point',
  102: 'S-BFD Target Discriminator ID', 103: 'ECN Capability',
};

/** Result Code values in StopCCN (RFC 2661 §4.4.2, RFC 3931, RFC 3308). */
export const RESULT_STOPCCN: Vals = {
  0: 'Reserved', 1: 'General request to clear control connection', 2: 'General error, Error Code indicates the problem',
  3: 'Control connection already exists', 4: 'Requester is not authorized to establish a control connection',
  5: 'The protocol version of the requester is not supported', 6: 'Requester is being shut down',
  7: 'Finite state machine error or timeout', 8: 'Control connection due to mismatching CCDS value',
};

/** Result Code values in CDN (RFC 2661, RFC 3931 and later RFCs). */
export const RESULT_CDN: Vals = {
  0: 'Reserved', 1: 'Session disconnected due to loss of carrier or circuit disconnect',
  2: 'Session disconnected for the reason indicated in Error Code', 3: 'Session disconnected for administrative reasons',
  4: 'Appropriate facilities unavailable (temporary condition)', 5: 'Appropriate facilities unavailable (permanent condition)',
  6: 'Invalid destination', 7: 'Call failed due to no carrier detected', 8: 'Call failed due to detection of a busy signal',
  9: 'Call failed due to lack of a dial tone', 10: 'Call was not established within time allotted by LAC',
  11: 'Call was connected but no appropriate framing was detected', 12: 'Disconnecting call due to mismatching SDS value',
  13: 'Session not established due to losing tie breaker', 14: 'Session not established due to unsupported PW type',
  15: 'Session not established, sequencing required without valid L2-Specific Sublayer',
  16: 'Finite state machine error or timeout', 17: 'FR PVC was deleted permanently (no longer provisioned) ',
  18: 'FR PVC has been INACTIVE for an extended period of time', 19: 'Mismatched FR Header Length',
  20: 'HDLC Link was deleted permanently (no longer provisioned)', 21: 'HDLC Link has been INACTIVE for an extended period of time',
  22: 'Session not established due to other LCCE can not support the OAM Cell Emulation', 23: 'Mismatching interface MTU',
  24: 'Attempt to connect to non-existent forwarder', 25: 'Attempt to connect to unauthorized forwarder', 26: 'Loop Detected',
  27: 'Attachment Circuit bound to different PE', 28: 'Attachment Circuit bound to different remote Attachment Circuit',
  29: 'Unassigned',
  30: 'Return code to indicate connection was refused because of TDM PW parameters. The error code indicates the problem.',
  31: 'Sequencing not supported',
};

/** General Error Codes (RFC 2661 §4.4.2, RFC 3931 §5.4.2 and later). */
export const ERROR_CODES: Vals = {
  0: 'No General Error', 1: 'No control connection exists yet for this pair of LCCEs', 2: 'Length is wrong',
  3: 'One of the field values was out of range', 4: 'Insufficient resources to handle this operation now',
  5: 'Invalid Session ID', 6: 'A generic vendor-specific error occurred', 7: 'Try another',
  8: 'Receipt of an unknown AVP with the M bit set', 9: 'Try another directed', 10: 'Next hop unreachable',
  11: 'Next hop busy', 12: 'TSA busy',
};

export const AUTHEN_TYPES: Vals = {
  0: 'Reserved', 1: 'Textual username/password exchange', 2: 'PPP CHAP', 3: 'PPP PAP', 4: 'No Authentication',
  5: 'Microsoft CHAP Version 1', 6: 'Reserved', 7: 'EAP',
};

export const DATA_SEQUENCING: Vals = {
  0: 'No incoming data packets require sequencing', 1: 'Only non-IP data packets require sequencing',
  2: 'All incoming data packets require sequencing',
};

export const L2_SUBLAYERS: Vals = {
  0: 'No L2-Specific Sublayer', 1: 'Default L2-Specific Sublayer present', 2: 'ATM-Specific Sublayer present',
  3: 'MPT-Specific Sublayer', 4: 'PSP-Specific Sublayer',
};

export const CAUSE_DIRECTION: Vals = { 0: 'global error', 1: 'at peer', 2: 'at local' };

/** Pseudowire types (RFC 3931 §10.6, IANA). */
export const PW_TYPES: Vals = {
  1: 'Frame Relay DLCI', 2: 'ATM AAL5 SDU VCC transport', 3: 'ATM Cell transparent Port Mode', 4: 'Ethernet VLAN',
  5: 'Ethernet', 6: 'HDLC', 7: 'PPP', 9: 'ATM Cell transport VCC Mode', 10: 'ATM Cell transport VPC Mode',
  11: 'IP Transport', 12: 'MPEG-TS Payload Type (MPTPW)', 13: 'Packet Streaming Protocol (PSPPW)',
  17: 'Structure-agnostic E1 circuit', 18: 'Structure-agnostic T1 (DS1) circuit', 19: 'Structure-agnostic E3 circuit',
  20: 'Structure-agnostic T3 (DS3) circuit', 21: 'CESoPSN basic mode', 22: 'Unassigned', 23: 'CESoPSN TDM with CAS',
};

/** Q.850 cause values (the Q.931 Cause Code AVP carries them). */
export const Q850_CAUSES: Vals = {
  1: 'Unallocated (unassigned) number', 2: 'No route to specified transit network', 3: 'No route to destination',
  6: 'Channel unacceptable', 7: 'Call awarded and being delivered in an established channel', 16: 'Normal call clearing',
  17: 'User busy', 18: 'No user responding', 19: 'No answer from user (user alerted)', 21: 'Call rejected',
  22: 'Number changed', 26: 'Non-selected user clearing', 27: 'Destination out of order', 28: 'Invalid number format',
  29: 'Facility rejected', 30: 'Response to STATUS ENQUIRY', 31: 'Normal, unspecified', 34: 'No circuit/channel available',
  38: 'Network out of order', 41: 'Temporary failure', 42: 'Switching equipment congestion',
  43: 'Access information discarded', 44: 'Requested circuit/channel not available', 47: 'Resources unavailable, unspecified',
  49: 'Quality of service unavailable', 50: 'Requested facility not subscribed', 57: 'Bearer capability not authorized',
  58: 'Bearer capability not presently available', 63: 'Service or option not available, unspecified',
  65: 'Bearer capability not implemented', 66: 'Channel type not implemented', 69: 'Requested facility not implemented',
  79: 'Service or option not implemented, unspecified', 81: 'Invalid call reference value',
  88: 'Incompatible destination', 95: 'Invalid message, unspecified', 96: 'Mandatory information element is missing',
  97: 'Message type non-existent or not implemented', 100: 'Invalid information element contents',
  102: 'Recovery on timer expiry', 111: 'Protocol error, unspecified', 127: 'Interworking, unspecified',
};

/** Q.931 message types (Cause Msg of the Q.931 Cause Code AVP). */
export const Q931_MESSAGES: Vals = {
  0x01: 'ALERTING', 0x02: 'CALL PROCEEDING', 0x05: 'SETUP', 0x07: 'CONNECT', 0x0f: 'CONNECT ACKNOWLEDGE',
  0x45: 'DISCONNECT', 0x46: 'RESTART', 0x4d: 'RELEASE', 0x5a: 'RELEASE COMPLETE', 0x7d: 'STATUS',
};

/** Well-known SMI Private Enterprise Numbers, with the names Wireshark's enterprises table gives them. */
export const ENTERPRISES: Vals = {
  0: 'Reserved', 9: 'ciscoSystems', 193: 'Ericsson AB', 311: 'Microsoft', 529: 'Ascend Communications Inc.',
  1751: 'Lucent Technologies', 2011: 'HUAWEI Technology Co.,Ltd', 2636: 'Juniper Networks, Inc.',
  3076: 'Altiga Networks, Inc.', 3561: "Broadband Forum (previously 'DSL Forum')", 4491: 'Cable Television Laboratories, Inc.',
  5771: 'Cisco Systems, Inc.', 6527: 'Nokia', 8164: 'Starent Networks', 10415: '3GPP', 14988: 'MikroTik', 25506: 'H3C',
};

export function nameOf(vals: Vals, v: number, unknown = 'Unknown'): string {
  return vals[v] ?? `${unknown} (${v})`;
}

/** "Name (n)" or "Unknown (n)". */
export function valText(vals: Vals, v: number): string {
  const n = vals[v];
  return n !== undefined ? `${n} (${v})` : `Unknown (${v})`;
}
