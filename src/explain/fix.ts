import type { Finding } from '../eval/types.ts';

// One sentence per finding that a person can act on, naming the resource and the exact change.

export function fixFor(finding: Finding, context: { instanceId: string; subnetCidr?: string | undefined }): string {
  const f = finding.facts;
  const id = finding.resourceId;
  const peer = f.peer ?? '0.0.0.0/0';
  const below = f.ruleNumber !== undefined && f.ruleNumber < 32767 ? ` numbered below ${f.ruleNumber}` : '';
  switch (finding.code) {
    case 'ENI_SG_RULES_MISMATCH':
      return finding.direction === 'inbound'
        ? `Add an inbound rule to ${id} allowing TCP ${f.ports ?? 443} from ${peer}${peer === context.subnetCidr ? ` (the subnet of ${context.instanceId})` : ''}.`
        : `Add an outbound rule to ${id} allowing TCP ${f.ports ?? 443} to ${peer}.`;
    case 'SUBNET_ACL_RESTRICTION':
    case 'EPHEMERAL_PORTS_PARTIAL':
      if (finding.leg === 'return') {
        return `Add an ${finding.direction} rule to ${id}${below} allowing TCP ${f.ports} ${finding.direction === 'inbound' ? 'from' : 'to'} ${peer} for return traffic (network ACLs are stateless; AWS suggests 1024-65535).`;
      }
      return `Add an ${finding.direction} rule to ${id}${below} allowing TCP ${f.ports ?? 443} ${finding.direction === 'inbound' ? 'from' : 'to'} ${peer}.`;
    case 'NO_ROUTE_TO_DESTINATION':
      if (finding.kind === 'internet-gateway') return `Route IPv4 traffic from ${f.subnetId} through a NAT gateway or an internet gateway instead of ${id}.`;
      if (f.target?.startsWith('nat-') || f.target?.startsWith('tf:aws_nat_gateway.')) return `Add a route 0.0.0.0/0 → an internet gateway to ${id}, or move ${f.target} into a public subnet.`;
      return peer === '0.0.0.0/0'
        ? `Add a route 0.0.0.0/0 → a NAT gateway in a public subnet to ${id}, or create interface endpoints for ssm, ec2messages and ssmmessages with private DNS in ${f.vpcId ?? `${context.instanceId}'s VPC`}.`
        : `Add a route for ${peer} to ${id} (the local route of the VPC normally covers it).`;
    case 'BAD_STATE_ROUTE':
      return `Replace the blackhole route to ${f.target} in ${id} with a route to a working target (an available NAT gateway or an attached internet gateway), or delete it.`;
    case 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS':
      return `Associate a public IPv4 or Elastic IP address with ${f.target ?? context.instanceId}, or route ${f.subnetId ?? 'its subnet'} through a NAT gateway in a public subnet.`;
    case 'BAD_STATE_ATTACHMENT':
      return `Attach ${id} to the VPC, or route to the internet gateway that is attached.`;
    case 'NAT_STATE':
      return `Replace ${id}: create an available NAT gateway in a public subnet and point the route at it.`;
    case 'NAT_PRIVATE_NO_INTERNET':
      return `Use a public NAT gateway (with an Elastic IP, in a public subnet) for internet egress; ${id} is private.`;
    case 'NGW_REQUIRES_SOURCE_IN_VPC':
      return `Route to a NAT gateway in the instance's own VPC.`;
    case 'EDGE_TO_EDGE_ROUTING':
      return `Do not send internet-bound traffic through ${id}; use a NAT gateway or interface endpoints in ${f.vpcId ?? `${context.instanceId}'s own VPC`}.`;
    case 'DNS_RESOLUTION_FAILED':
      return `Turn on enableDnsSupport for ${id} (aws ec2 modify-vpc-attribute --vpc-id ${id} --enable-dns-support).`;
    case 'PRIVATE_DNS_INEFFECTIVE':
      return `Turn on enableDnsHostnames for ${id} (aws ec2 modify-vpc-attribute --vpc-id ${id} --enable-dns-hostnames) so the endpoint's private DNS takes effect.`;
    case 'PRIVATE_DNS_DISABLED':
      return `Turn on private DNS for ${id} (aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${id} --private-dns-enabled).`;
    case 'CUSTOM_RESOLVER_UNKNOWN':
      return `Make sure the DNS servers of ${id} forward amazonaws.com to the Route 53 Resolver (VPC+2), or use AmazonProvidedDNS.`;
    case 'VPCE_STATE':
      return finding.severity === 'unknown' ? `Accept or wait for ${id} to become available.` : `Recreate ${id}; it is not available.`;
    case 'IMDS_DISABLED':
      return `Enable the metadata endpoint: aws ec2 modify-instance-metadata-options --instance-id ${id} --http-endpoint enabled --http-tokens required.`;
    case 'ENI_SOURCE_DEST_CHECK_RESTRICTION':
      return `Disable source/destination check on ${id} if it is an appliance, or remove the route that sends traffic to it.`;
    case 'MIDDLEBOX_UNMODELED':
      return `Check that the appliance behind ${f.target ?? id} allows TCP 443 to the service and back.`;
    case 'EXTERNAL_NETWORK':
      return `Check that the network beyond ${f.target ?? id} (transit gateway, VPN, central egress) lets TCP 443 reach the service, or add interface endpoints in this VPC.`;
    case 'AMBIGUOUS_PUBLIC_ROUTE':
    case 'AMBIGUOUS_PUBLIC_DESTINATION':
      return `Make ${id} treat every public address alike for TCP 443 (or add interface endpoints), since AWS service addresses change.`;
    case 'AMBIGUOUS_PREFIX_LIST_ROUTE':
      return `Remove the overlap between the prefix-list routes in ${id}.`;
    case 'MISSING_DATA':
      if (finding.rule?.endsWith('(known after apply)')) {
        return `Give ${f.missing ?? id} values Terraform knows at plan time (constants, or references to resources of the plan), or check again after apply with --snapshot.`;
      }
      return `Include ${f.missing ?? 'the missing data'} in the snapshot (ssm-reach snapshot writes everything a check needs).`;
    case 'MISSING_RESOURCE':
      return `Add ${f.missing ?? id} to the snapshot, or fix the reference to it.`;
    default:
      return `Review ${id}.`;
  }
}
