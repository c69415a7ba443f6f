// Snapshot-format documents for the loopback EC2 server, independent of any test: the small
// hand-written region in test/fixtures/live/small-vpc.json, and the same region scaled to any
// number of instances (for call-count benchmarks: 1, 100, 10 000 instances).

import { readFileSync } from 'node:fs';

const SMALL_VPC = new URL('../fixtures/live/small-vpc.json', import.meta.url);

type Doc = Record<string, unknown>;
type Item = Record<string, unknown>;

/** A fresh copy of the small region: VPC "main" (2 subnets, app-1 private, web-1 public, NAT,
 *  IGW, 3 SSM interface endpoints, an S3 gateway endpoint) and VPC "isolated" (1 instance). */
export function smallVpcDocument(): Doc {
  return JSON.parse(readFileSync(SMALL_VPC, 'utf8')) as Doc;
}

export const SMALL_VPC_IDS = { main: 'vpc-0a1b2c3d4e5f60718', isolated: 'vpc-0f9e8d7c6b5a43210' } as const;
export const SMALL_VPC_INSTANCES = {
  app: 'i-0a1b2c3d4e5f60081',
  web: 'i-0a1b2c3d4e5f60082',
  isolated: 'i-0f9e8d7c6b5a40083',
} as const;

/**
 * The small region with `count` instances in VPC "main": copies of app-1 (each in its own
 * reservation, with its own ENI in NetworkInterfaces), replacing the original instances there.
 * Instance i-… ids are deterministic; the isolated VPC keeps its one instance.
 */
export function scaledDocument(count: number): Doc {
  const doc = smallVpcDocument();
  const reservations = doc['Reservations'] as Item[];
  const template = (reservations[0]?.['Instances'] as Item[])[0] as Item;
  const enis = doc['NetworkInterfaces'] as Item[];
  const templateEni = enis.find((e) => (e['Attachment'] as Item | undefined)?.['InstanceId'] === template['InstanceId']) as Item;
  const keepReservations = reservations.filter((r) => (r['Instances'] as Item[]).every((i) => i['VpcId'] !== SMALL_VPC_IDS.main));
  const keepEnis = enis.filter((e) => e['InterfaceType'] !== 'interface' || e['VpcId'] !== SMALL_VPC_IDS.main);
  const newReservations: Item[] = [];
  const newEnis: Item[] = [];
  for (let n = 0; n < count; n++) {
    const hex = n.toString(16).padStart(8, '0');
    const instanceId = `i-0aaa00000${hex}`;
    const eniId = `eni-0aaa00000${hex}`;
    // 10.20.1.0/24 is too small for 10 000 hosts; addresses are only labels here, spread over 10.20.64.0/18.
    const ip = `10.20.${64 + Math.floor(n / 250) % 64}.${(n % 250) + 4}`;
    const instance = structuredClone(template);
    instance['InstanceId'] = instanceId;
    instance['PrivateIpAddress'] = ip;
    instance['Tags'] = [{ Key: 'Name', Value: `app-${n + 1}` }];
    const ni = (instance['NetworkInterfaces'] as Item[])[0] as Item;
    ni['NetworkInterfaceId'] = eniId;
    ni['PrivateIpAddress'] = ip;
    ni['PrivateIpAddresses'] = [{ Primary: true, PrivateIpAddress: ip }];
    newReservations.push({ ReservationId: `r-0aaa00000${hex}`, OwnerId: '123456789012', Groups: [], Instances: [instance] });
    const eni = structuredClone(templateEni);
    eni['NetworkInterfaceId'] = eniId;
    eni['PrivateIpAddress'] = ip;
    eni['PrivateIpAddresses'] = [{ Primary: true, PrivateIpAddress: ip }];
    (eni['Attachment'] as Item)['InstanceId'] = instanceId;
    newEnis.push(eni);
  }
  doc['Reservations'] = [...newReservations, ...keepReservations];
  doc['NetworkInterfaces'] = [...newEnis, ...keepEnis];
  return doc;
}
