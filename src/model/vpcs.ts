import type { AddressRange, Ipv4Range } from './address.ts';
import type { Reader } from './reader.ts';
import type { DhcpOptions, Subnet, Vpc } from './types.ts';

export function readVpc(reader: Reader, region: string | undefined): Vpc {
  const cidrs: AddressRange[] = [];
  const add = (at: Reader, key: string) => {
    const text = at.optStr(key);
    if (!text) return;
    // CidrBlock is IPv4, Ipv6CidrBlock IPv6 (found by the hostile corpus).
    const range = at.cidrText(key, text, key === 'Ipv6CidrBlock' ? 6 : 4);
    if (!cidrs.some((known) => known.text === range.text)) cidrs.push(range);
  };
  add(reader, 'CidrBlock');
  for (const association of reader.list('CidrBlockAssociationSet')) {
    const state = association.child('CidrBlockState')?.optStr('State') ?? 'associated';
    if (state === 'associated') add(association, 'CidrBlock');
  }
  for (const association of reader.list('Ipv6CidrBlockAssociationSet')) {
    const state = association.child('Ipv6CidrBlockState')?.optStr('State') ?? 'associated';
    if (state === 'associated') add(association, 'Ipv6CidrBlock');
  }
  return {
    id: reader.str('VpcId'),
    cidrs,
    isDefault: reader.optBool('IsDefault') ?? false,
    dhcpOptionsId: reader.optStr('DhcpOptionsId'),
    enableDnsSupport: true,
    enableDnsHostnames: false,
    dnsAttributesAssumed: true,
    region,
    origin: reader.origin,
  };
}

export interface VpcAttributes {
  vpcId: string;
  enableDnsSupport: boolean | undefined;
  enableDnsHostnames: boolean | undefined;
}

export function readVpcAttributes(reader: Reader): VpcAttributes {
  return {
    vpcId: reader.str('VpcId'),
    enableDnsSupport: reader.optAttributeBool('EnableDnsSupport'),
    enableDnsHostnames: reader.optAttributeBool('EnableDnsHostnames'),
  };
}

export function readSubnet(reader: Reader, region: string | undefined): Subnet {
  const cidrText = reader.optStr('CidrBlock');
  const cidr = cidrText ? (reader.cidrText('CidrBlock', cidrText, 4) as Ipv4Range) : undefined;
  const ipv6Cidrs = reader.list('Ipv6CidrBlockAssociationSet').flatMap((association) => {
    const text = association.optStr('Ipv6CidrBlock');
    if (!text) return [];
    return [association.cidrText('Ipv6CidrBlock', text, 6)];
  });
  return {
    id: reader.str('SubnetId'),
    vpcId: reader.str('VpcId'),
    cidr,
    ipv6Cidrs,
    availabilityZone: reader.optStr('AvailabilityZone'),
    region,
    origin: reader.origin,
  };
}

export function readDhcpOptions(reader: Reader): DhcpOptions {
  const servers = reader
    .list('DhcpConfigurations')
    .filter((configuration) => configuration.optStr('Key') === 'domain-name-servers')
    .flatMap((configuration) =>
      configuration.list('Values').map((value) => value.optStr('Value') ?? '').filter((value) => value !== ''),
    );
  return { id: reader.str('DhcpOptionsId'), domainNameServers: servers, origin: reader.origin };
}
