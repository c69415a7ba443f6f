import { hasPorts, portText, protocolName, readPortRange, readProtocol } from './protocol.ts';
import type { Reader } from './reader.ts';
import type { SecurityGroup, SecurityGroupPeer, SecurityGroupRule } from './types.ts';

export function readSecurityGroup(reader: Reader): SecurityGroup {
  return {
    id: reader.str('GroupId'),
    name: reader.optStr('GroupName') ?? '',
    vpcId: reader.optStr('VpcId'),
    ingress: reader.list('IpPermissions').flatMap((permission) => readPermission(permission, 'from')),
    egress: reader.list('IpPermissionsEgress').flatMap((permission) => readPermission(permission, 'to')),
    origin: reader.origin,
  };
}

/** One `IpPermission` becomes one rule per peer, so a trace can name the exact peer that matched. */
function readPermission(reader: Reader, preposition: 'from' | 'to'): SecurityGroupRule[] {
  const protocol = readProtocol(reader, 'IpProtocol');
  // SG-5: protocol -1 (or anything but tcp/udp) ignores the port range.
  const ports = hasPorts(protocol) ? readPortRange(reader, 'FromPort', 'ToPort') : undefined;
  const what = protocol === -1 ? 'all traffic' : `${protocolName(protocol)} ${portText(ports)}`;
  const peers: Array<{ peer: SecurityGroupPeer; reader: Reader; label: string }> = [];
  for (const range of reader.list('IpRanges')) {
    const parsed = range.cidr('CidrIp', 4);
    peers.push({ peer: { kind: 'cidr', range: parsed }, reader: range, label: parsed.text });
  }
  for (const range of reader.list('Ipv6Ranges')) {
    const parsed = range.cidr('CidrIpv6', 6);
    peers.push({ peer: { kind: 'cidr', range: parsed }, reader: range, label: parsed.text });
  }
  for (const list of reader.list('PrefixListIds')) {
    const id = list.str('PrefixListId');
    peers.push({ peer: { kind: 'prefix-list', prefixListId: id }, reader: list, label: id });
  }
  for (const pair of reader.list('UserIdGroupPairs')) {
    const id = pair.str('GroupId');
    // Cross-account references arrive as `123456789012/sg-…` in some tools (SG-8).
    const groupId = id.includes('/') ? id.slice(id.indexOf('/') + 1) : id;
    peers.push({ peer: { kind: 'security-group', groupId }, reader: pair, label: groupId });
  }
  return peers.map(({ peer, reader: at, label }) => ({
    protocol,
    ports,
    peer,
    text: `${what} ${preposition} ${label}`,
    origin: at.origin,
  }));
}
