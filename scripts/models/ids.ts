// Readable fake AWS ids shared by every reference model (see models/README.md).
// The letters in an id say what it is; the digits keep it AWS-shaped.

export const REGION = 'us-east-1';
export const OWNER = '111122223333';
export const AZ_A = 'us-east-1a';
export const AZ_B = 'us-east-1b';

// main VPC
export const VPC = 'vpc-0main00000000001';
export const VPC_CIDR = '10.0.0.0/16';
export const DOPT = 'dopt-0amazondns00001';
export const DOPT_CUSTOM = 'dopt-0customdns00001';

// subnets: A = app (private), E = endpoints, P = public (NAT / IGW), others per scenario
export const SUBNET_P = 'subnet-0public000001';
export const SUBNET_A = 'subnet-0app000000001';
export const SUBNET_E = 'subnet-0vpce00000001';
export const SUBNET_N = 'subnet-0natpriv00001'; // private subnet a misplaced NAT lives in
export const SUBNET_B = 'subnet-0batch0000001'; // second app subnet
export const SUBNET_F = 'subnet-0firewall0001'; // middlebox subnet
export const SUBNET_E2 = 'subnet-0vpceb0000001'; // endpoint subnet in us-east-1b

export const CIDR_P = '10.0.0.0/24';
export const CIDR_A = '10.0.1.0/24';
export const CIDR_E = '10.0.2.0/24';
export const CIDR_N = '10.0.3.0/24';
export const CIDR_B = '10.0.4.0/24';
export const CIDR_F = '10.0.5.0/24';
export const CIDR_E2 = '10.0.12.0/24';

// instances and their primary ENIs
export const I_APP = 'i-0app000000000001';
export const ENI_APP = 'eni-0app000000000001';
export const IP_APP = '10.0.1.10';
export const IP_APP_IN_P = '10.0.0.10';
export const PUBLIC_IP_APP = '203.0.113.10';

export const I_BATCH = 'i-0batch0000000001';
export const ENI_BATCH = 'eni-0batch000000001';
export const IP_BATCH = '10.0.4.10';

export const I_LEGACY = 'i-0legacy000000001';
export const ENI_LEGACY = 'eni-0legacy00000001';
export const IP_LEGACY = '10.0.1.11';

export const I_NOMETA = 'i-0nometa000000001';
export const ENI_NOMETA = 'eni-0nometa00000001';
export const IP_NOMETA = '10.0.1.12';

export const I_FW = 'i-0firewall00000001';
export const ENI_FW = 'eni-0firewall0000001';
export const IP_FW = '10.0.5.10';

// security groups
export const SG_DEFAULT = 'sg-0default00000001';
export const SG_INST = 'sg-0inst00000000001';
export const SG_VPCE = 'sg-0vpce00000000001';
export const SG_A = 'sg-0insta0000000001';
export const SG_B = 'sg-0instb0000000001';
export const SG_BATCH = 'sg-0batch0000000001';
export const SG_FW = 'sg-0firewall000001';
export const SG_GONE = 'sg-0gone00000000001'; // referenced, never in SecurityGroups

export const SG_NAMES: Record<string, string> = {
  [SG_DEFAULT]: 'default',
  [SG_INST]: 'app-instance',
  [SG_VPCE]: 'vpc-endpoints',
  [SG_A]: 'app-no-egress',
  [SG_B]: 'app-https-egress',
  [SG_BATCH]: 'batch-instance',
  [SG_FW]: 'firewall-appliance',
  [SG_GONE]: 'app-legacy',
};

// network ACLs
export const ACL_DEFAULT = 'acl-0default00000001';
export const ACL_A = 'acl-0appsubnet000001';
export const ACL_E = 'acl-0vpcesubnet00001';
export const ACL_E2 = 'acl-0vpcesubnetb0001';
export const ACL_P = 'acl-0publicsubnet001';
export const ACL_B = 'acl-0batchsubnet0001';

// route tables
export const RTB_MAIN = 'rtb-0main0000000000001';
export const RTB_APP = 'rtb-0app0000000000001';
export const RTB_PUBLIC = 'rtb-0public000000001';
export const RTB_NATPRIV = 'rtb-0natpriv00000001';

// gateways
export const IGW = 'igw-0main000000000001';
export const NAT = 'nat-0public0000000001';
export const ENI_NAT = 'eni-0natgw00000000001';
export const IP_NAT = '10.0.0.20';
export const EIP_NAT = '203.0.113.20';
export const EIPALLOC_NAT = 'eipalloc-0nat0000000001';
export const NAT_RETIRED = 'nat-0retired000000001'; // deleted NAT that blackhole routes still name
export const NAT_MISSING = 'nat-0missing000000001'; // referenced, never in NatGateways
export const VGW = 'vgw-0onprem000000001';
export const VPCE_GWLB = 'vpce-0gwlb0000000001'; // a GWLB endpoint, referenced, never in VpcEndpoints
export const TGW = 'tgw-0central000000001';
export const TGW_ATTACH = 'tgw-attach-0app000000001';

// interface endpoints: one per SSM service; ENIs in subnet E (and E2 where used)
export type Service = 'ssm' | 'ec2messages' | 'ssmmessages';
export const SERVICES: readonly Service[] = ['ssm', 'ec2messages', 'ssmmessages'];
export const VPCE: Record<Service, string> = {
  ssm: 'vpce-0ssm00000000001',
  ec2messages: 'vpce-0ec2msg0000001',
  ssmmessages: 'vpce-0ssmmsg0000001',
};
export const VPCE_ENI: Record<Service, string> = {
  ssm: 'eni-0vpcessm0000001',
  ec2messages: 'eni-0vpceec2msg0001',
  ssmmessages: 'eni-0vpcessmmsg0001',
};
export const VPCE_ENI_B: Record<Service, string> = {
  ssm: 'eni-0vpcessm0000002',
  ec2messages: 'eni-0vpceec2msg0002',
  ssmmessages: 'eni-0vpcessmmsg0002',
};
/** host part of each endpoint's ENI address, in whatever subnet it sits */
export const VPCE_HOST: Record<Service, number> = { ssm: 20, ec2messages: 21, ssmmessages: 22 };
export const VPCE_S3_GATEWAY = 'vpce-0s3gateway00001';

// prefix lists
export const PL_S3 = 'pl-63a5400a'; // AWS-managed com.amazonaws.us-east-1.s3
export const PL_S3_CIDRS = ['54.231.0.0/17', '52.216.0.0/15', '3.5.16.0/21', '3.5.0.0/20'];
export const PL_CORP = 'pl-0corp00000000001'; // customer-managed
export const PL_VPCE = 'pl-0vpcesubnets00001'; // customer-managed

// a peered VPC (for edge-to-edge routing cases)
export const PCX = 'pcx-0peer00000000001';
export const VPC_PEER = 'vpc-0peer00000000001';
export const VPC_PEER_CIDR = '10.50.0.0/16';
export const SUBNET_PEER = 'subnet-0peerpublic01';
export const CIDR_PEER = '10.50.0.0/24';
export const SG_PEER_DEFAULT = 'sg-0peerdefault00001';
export const ACL_PEER_DEFAULT = 'acl-0peerdefault0001';
export const RTB_PEER_MAIN = 'rtb-0peermain0000001';
export const IGW_PEER = 'igw-0peer00000000001';
export const NAT_PEER = 'nat-0peer000000000001';
export const ENI_NAT_PEER = 'eni-0natpeer00000001';
export const IP_NAT_PEER = '10.50.0.20';
export const EIP_NAT_PEER = '203.0.113.50';
export const EIPALLOC_NAT_PEER = 'eipalloc-0natpeer00001';
