import { hasPorts, portText, protocolName, readPortRange, readProtocol } from './protocol.ts';
import type { Reader } from './reader.ts';
import type { NetworkAcl, NetworkAclEntry } from './types.ts';

export function readNetworkAcl(reader: Reader): NetworkAcl {
  const entries = reader.list('Entries').map(readEntry);
  // NACL-2: ascending rule number, first match wins.
  const byNumber = (a: NetworkAclEntry, b: NetworkAclEntry) => a.ruleNumber - b.ruleNumber;
  return {
    id: reader.str('NetworkAclId'),
    vpcId: reader.str('VpcId'),
    isDefault: reader.optBool('IsDefault') ?? false,
    subnetIds: reader.list('Associations').flatMap((association) => {
      const subnetId = association.optStr('SubnetId');
      return subnetId ? [subnetId] : [];
    }),
    inbound: entries.filter((entry) => !entry.egress).sort(byNumber),
    outbound: entries.filter((entry) => entry.egress).sort(byNumber),
    origin: reader.origin,
  };
}

function readEntry(reader: Reader): NetworkAclEntry {
  const ruleNumber = reader.num('RuleNumber');
  if (!Number.isInteger(ruleNumber) || ruleNumber < 1 || ruleNumber > 32767) {
    reader.fail('RuleNumber', `${ruleNumber} is out of range (1–32766, or 32767 for the default * rule).`);
  }
  const actionText = reader.str('RuleAction').toLowerCase();
  if (actionText !== 'allow' && actionText !== 'deny') reader.fail('RuleAction', `expected "allow" or "deny", got "${actionText}".`);
  const protocol = readProtocol(reader, 'Protocol');
  const ports = hasPorts(protocol) && reader.has('PortRange') ? readPortRange(reader.child('PortRange')!, 'From', 'To') : undefined;
  const cidrText = reader.optStr('CidrBlock') ?? reader.optStr('Ipv6CidrBlock');
  if (cidrText === undefined) reader.fail('CidrBlock', 'is missing; a network ACL entry needs CidrBlock or Ipv6CidrBlock.');
  // NACL-2: CidrBlock is IPv4, Ipv6CidrBlock IPv6; the other family there is an input error (found by the hostile corpus).
  const range = reader.has('CidrBlock') ? reader.cidrText('CidrBlock', cidrText, 4) : reader.cidrText('Ipv6CidrBlock', cidrText, 6);
  const egress = reader.optBool('Egress');
  if (egress === undefined) reader.fail('Egress', 'is missing; expected true (outbound) or false (inbound).');
  const number = ruleNumber === 32767 ? '*' : String(ruleNumber);
  const what = protocol === -1 ? 'all traffic' : `${protocolName(protocol)} ${portText(ports)}`;
  return {
    ruleNumber,
    action: actionText,
    protocol,
    ports,
    range,
    egress,
    text: `rule ${number} ${actionText} ${what} ${egress ? 'to' : 'from'} ${range.text}`,
    origin: reader.origin,
  };
}
