import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadSnapshotPath } from '../src/load/snapshot-files.ts';
import { isRegionName, regionFromAvailabilityZone, regionFromPath } from '../src/load/region.ts';
import { buildModel } from '../src/model/build-model.ts';
import { rawFromDocument } from '../src/load/raw-from-document.ts';
import { demoDocument, tempDir, writeTemp } from './support/snapshots.ts';

test('a directory is merged by key, recursively, whatever the file names', () => {
  const doc = demoDocument();
  const dir = tempDir();
  mkdirSync(join(dir, 'eu-west-1', 'nested'), { recursive: true });
  const { Region: _region, Reservations, SecurityGroups, ...rest } = doc;
  writeTemp('ec2-describe-instances.json', JSON.stringify({ Reservations }), join(dir, 'eu-west-1'));
  writeTemp('whatever.json', JSON.stringify({ SecurityGroups: SecurityGroups.slice(0, 1) }), join(dir, 'eu-west-1', 'nested'));
  writeTemp('more.json', JSON.stringify({ SecurityGroups: SecurityGroups.slice(1), Ignored: [1, 2] }), join(dir, 'eu-west-1', 'nested'));
  writeTemp('rest.json', JSON.stringify(rest), join(dir, 'eu-west-1'));
  writeTemp('notes.txt', 'not json', dir);
  const model = buildModel(loadSnapshotPath(dir));
  assert.is(model.region, 'eu-west-1', 'region from the folder name');
  assert.is(model.securityGroups.size, 3);
  assert.is(model.instances.size, 2);
  assert.ok(!model.presentKeys.has('Ignored'));
});

test('region: the Region key, else a region folder, else the availability zones', () => {
  assert.is(buildModel(rawFromDocument({ Region: 'ap-south-2', Subnets: [] }, 'x.json')).region, 'ap-south-2');
  const doc = demoDocument();
  delete doc.Region;
  assert.is(buildModel(rawFromDocument(doc, 'x.json')).region, 'eu-west-1', 'from the subnets zones');
  assert.is(regionFromPath('aws_configs/us-gov-west-1/Vpcs.json'), 'us-gov-west-1');
  assert.is(regionFromPath('accounts/111/aws_configs/Vpcs.json'), undefined);
  assert.is(regionFromAvailabilityZone('cn-north-1a'), 'cn-north-1');
  assert.ok(isRegionName('il-central-1'));
  assert.not.ok(isRegionName('aws_configs'));
});

test('recorded API responses wrapped as {status_code, data} are unwrapped', () => {
  const path = writeTemp('ec2.DescribeVpcs_1.json', JSON.stringify({ status_code: 200, data: { Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }], ResponseMetadata: {} } }));
  const model = buildModel(loadSnapshotPath(path));
  assert.equal([...model.vpcs.keys()], ['vpc-1']);
});

test('identical duplicates merge silently; differing ones warn and keep the first', () => {
  const vpc = { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' };
  const same = buildModel(rawFromDocument({ Vpcs: [vpc, { ...vpc }] }, 'x.json'));
  assert.is(same.warnings.filter((w) => w.code === 'DUPLICATE_ID').length, 0);
  const differ = buildModel(rawFromDocument({ Vpcs: [vpc, { ...vpc, CidrBlock: '10.9.0.0/16' }] }, 'x.json'));
  const warning = differ.warnings.find((w) => w.code === 'DUPLICATE_ID');
  assert.ok(warning, 'a warning');
  assert.is(warning!.resourceId, 'vpc-1');
  assert.is(differ.vpcs.get('vpc-1')!.cidrs[0]!.text, '10.0.0.0/16');
});

test('VPC DNS attributes: merged per VPC; absent → AWS defaults with a warning', () => {
  const doc = demoDocument();
  doc.VpcAttributes = [{ VpcId: doc.Vpcs[0].VpcId, EnableDnsSupport: { Value: false } }, { VpcId: doc.Vpcs[0].VpcId, EnableDnsHostnames: { Value: true } }];
  let vpc = buildModel(rawFromDocument(doc, 'x.json')).vpcs.get(doc.Vpcs[0].VpcId)!;
  assert.is(vpc.enableDnsSupport, false);
  assert.is(vpc.enableDnsHostnames, true);
  assert.is(vpc.dnsAttributesAssumed, false);
  delete doc.VpcAttributes;
  const model = buildModel(rawFromDocument(doc, 'x.json'));
  vpc = model.vpcs.get(doc.Vpcs[0].VpcId)!;
  assert.is(vpc.enableDnsSupport, true);
  assert.is(vpc.enableDnsHostnames, true, 'an endpoint with private DNS implies hostnames on');
  assert.ok(model.warnings.some((w) => w.code === 'DEFAULT_APPLIED' && w.resourceId === vpc.id));
  doc.VpcEndpoints = [];
  assert.is(buildModel(rawFromDocument(doc, 'x.json')).vpcs.get(vpc.id)!.enableDnsHostnames, false, 'non-default VPC without private DNS endpoints');
});

test('both PrefixLists shapes load; customer lists keep their Entries', () => {
  const model = buildModel(rawFromDocument({
    PrefixLists: [{ PrefixListId: 'pl-s3', PrefixListName: 'com.amazonaws.us-east-1.s3', Cidrs: ['52.216.0.0/15'] }],
    ManagedPrefixLists: [
      { PrefixListId: 'pl-corp', PrefixListName: 'corp', OwnerId: '111122223333', AddressFamily: 'IPv4', Entries: [{ Cidr: '10.0.1.0/24' }] },
      { PrefixListId: 'pl-bare', PrefixListName: 'no entries', OwnerId: '111122223333' },
      { PrefixListId: 'pl-s3', PrefixListName: 'com.amazonaws.us-east-1.s3', OwnerId: 'AWS' },
    ],
  }, 'x.json'));
  assert.is(model.prefixLists.get('pl-s3')!.ranges![0]!.text, '52.216.0.0/15');
  assert.ok(model.prefixLists.get('pl-s3')!.awsManaged);
  assert.is(model.prefixLists.get('pl-corp')!.ranges![0]!.text, '10.0.1.0/24');
  assert.is(model.prefixLists.get('pl-bare')!.ranges, undefined, 'entries unknown');
});

test('an endpoint without groups gets the VPC default group, with a warning (SG-4, VPCE-3)', () => {
  const doc = demoDocument();
  for (const endpoint of doc.VpcEndpoints) endpoint.Groups = [];
  for (const eni of doc.NetworkInterfaces) eni.Groups = [];
  const model = buildModel(rawFromDocument(doc, 'x.json'));
  const endpoint = [...model.vpcEndpoints.values()][0]!;
  assert.equal(endpoint.groupIds, ['sg-0demodefault00001']);
  assert.equal(model.networkInterfaces.get(endpoint.networkInterfaceIds[0]!)!.groupIds, ['sg-0demodefault00001']);
});

test('a route table without a local route gets one (RT-3)', () => {
  const doc = demoDocument();
  doc.RouteTables[0].Routes = [];
  const model = buildModel(rawFromDocument(doc, 'x.json'));
  const table = model.routeTables.get('rtb-0demoprivate00001')!;
  assert.is(table.routes.length, 1);
  assert.is(table.routes[0]!.target.kind, 'local');
});

test('the Name tag: found among others; a malformed Tags list or tag is exit-2 input naming its path', () => {
  const withTags = (tags: unknown) => {
    const doc = demoDocument();
    doc.Reservations[0].Instances[0].Tags = tags;
    return doc;
  };
  const nameOf = (tags: unknown) => {
    const model = buildModel(rawFromDocument(withTags(tags), 's.json'));
    return [...model.instances.values()][0]!.name;
  };
  assert.is(nameOf([{ Key: 'team', Value: 'a' }, { Key: 'Name', Value: 'web-1' }, { Key: 'Name', Value: 'second' }]), 'web-1');
  assert.is(nameOf([{ Key: 'team', Value: 'a' }]), undefined);
  assert.is(nameOf(null), undefined);
  const errorOf = (tags: unknown) => {
    try {
      buildModel(rawFromDocument(withTags(tags), 's.json'));
      return 'no error';
    } catch (error) {
      return (error as Error).message;
    }
  };
  assert.match(errorOf('Name=web'), '$.Reservations[0].Instances[0].Tags: expected an array');
  // Every tag must be an object, even after the Name tag (as a list of tags is read).
  assert.match(errorOf([{ Key: 'Name', Value: 'web' }, 7]), '$.Reservations[0].Instances[0].Tags[1]: expected an object');
  assert.match(errorOf([{ Key: 3, Value: 'x' }, { Key: 'Name', Value: 'web' }]), '$.Reservations[0].Instances[0].Tags[0].Key: expected a string');
  assert.match(errorOf([{ Key: 'Name', Value: false }]), '$.Reservations[0].Instances[0].Tags[0].Value: expected a string');
});

test.run();
