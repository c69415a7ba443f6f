// The model reads a fleet's interfaces and instances with plain property access when they have
// the shape AWS writes, and through the Reader's checks otherwise. Both must give the same model
// and, for bad input, the same error: generated values mix the usual shapes with every kind of
// oddity (absent, null, wrong types, strings for booleans and numbers, empty strings).

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readInstance, readInstanceChecked } from '../src/model/instances.ts';
import { readNetworkInterface, readNetworkInterfaceChecked } from '../src/model/network-interfaces.ts';
import { Reader } from '../src/model/reader.ts';

const odd = fc.constantFrom<unknown>(null, '', 'x', 0, 7, -1, 1.5, true, false, 'true', 'false', '3', [], {}, [{}], { a: 1 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 14, arbitrary: arb }, { weight: 1, arbitrary: odd }, { weight: 1, arbitrary: fc.constant(undefined) });
/** Mostly the usual value: an instance has many fields, and one odd one sends it down the checked path. */
const often = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 60, arbitrary: arb }, { weight: 1, arbitrary: odd }, { weight: 1, arbitrary: fc.constant(undefined) });
const ip = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })).map(([a, b]) => `10.0.${a}.${b}`) },
  { weight: 1, arbitrary: fc.constantFrom('10.0.0.256', '10.00.0.1', ' 10.0.0.1', '10.0.0', '::1', '') },
);
const id = (prefix: string) => fc.integer({ min: 1, max: 5 }).map((n) => `${prefix}-0${n}`);

const address = fc.record(
  { PrivateIpAddress: maybe(ip), Primary: maybe(fc.boolean()), Association: maybe(fc.record({ PublicIp: maybe(fc.constantFrom('3.3.3.3', '52.1.2.3')) }, { requiredKeys: [] })) },
  { requiredKeys: [] },
);
const networkInterface = fc.record(
  {
    NetworkInterfaceId: maybe(id('eni')),
    SubnetId: maybe(id('subnet')),
    VpcId: maybe(id('vpc')),
    PrivateIpAddress: maybe(ip),
    PrivateIpAddresses: maybe(fc.array(maybe(address), { maxLength: 3 })),
    Association: maybe(fc.record({ PublicIp: maybe(fc.constantFrom('3.3.3.3', '52.1.2.3')) }, { requiredKeys: [] })),
    Attachment: maybe(fc.record({ InstanceId: maybe(id('i')), DeviceIndex: maybe(fc.integer({ min: 0, max: 3 })) }, { requiredKeys: [] })),
    Groups: maybe(fc.array(maybe(fc.record({ GroupId: maybe(id('sg')), GroupName: maybe(fc.string()) }, { requiredKeys: [] })), { maxLength: 3 })),
    SourceDestCheck: maybe(fc.boolean()),
    InterfaceType: maybe(fc.constantFrom('interface', 'vpc_endpoint', 'nat_gateway')),
  },
  { requiredKeys: [] },
);
const fallback = fc.record({ vpcId: fc.option(id('vpc'), { nil: undefined }), subnetId: fc.option(id('subnet'), { nil: undefined }), instanceId: fc.option(id('i'), { nil: undefined }) }, { requiredKeys: [] });

/** The result, or the error's message. */
function outcome(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    return `threw: ${(error as Error).message}`;
  }
}

test('interfaces: the plain read equals the checked read, result or error', () => {
  let usual = 0;
  fc.assert(
    fc.property(networkInterface, fallback, (eni, fb) => {
      const reader = () => new Reader(eni, 'snap.json', '$.NetworkInterfaces[4]');
      const fast = outcome(() => readNetworkInterface(reader(), fb));
      const checked = outcome(() => readNetworkInterfaceChecked(reader(), fb));
      assert.equal(fast, checked);
      if (typeof checked !== 'string') usual += 1;
    }),
    { numRuns: 20_000 },
  );
  // Enough of the generated interfaces are readable for the comparison to mean something.
  assert.ok(usual > 2_500, `${usual} readable`);
});

const inlineInterface = fc.record(
  {
    NetworkInterfaceId: often(id('eni')),
    Attachment: often(fc.record({ DeviceIndex: often(fc.integer({ min: 0, max: 3 })), InstanceId: often(id('i')) }, { requiredKeys: [] })),
    PrivateIpAddress: often(ip),
    PrivateIpAddresses: often(fc.array(often(address), { maxLength: 2 })),
    Groups: often(fc.array(often(fc.record({ GroupId: often(id('sg')) }, { requiredKeys: [] })), { maxLength: 2 })),
    SubnetId: often(id('subnet')),
  },
  { requiredKeys: [] },
);
const word = fc.constantFrom('enabled', 'disabled', 'ENABLED', 'optional', 'required', 'applied', 'pending', 'maybe', '');
const instance = fc.record(
  {
    InstanceId: often(id('i')),
    State: often(fc.record({ Name: often(fc.constantFrom('running', 'stopped', 'Running', 'terminated', 'shutting-down')) }, { requiredKeys: [] })),
    VpcId: often(id('vpc')),
    SubnetId: often(id('subnet')),
    NetworkInterfaces: often(fc.array(often(inlineInterface), { maxLength: 3 })),
    Tags: often(fc.array(often(fc.record({ Key: often(fc.constantFrom('Name', 'team', 'env')), Value: often(fc.constantFrom('web', 'db', '')) }, { requiredKeys: [] })), { maxLength: 3 })),
    Platform: often(fc.constantFrom('windows', 'Windows')),
    PlatformDetails: often(fc.constantFrom('Linux/UNIX', 'Windows', 'Red Hat Enterprise Linux')),
    MetadataOptions: often(
      fc.record(
        { HttpEndpoint: often(word), HttpTokens: often(word), HttpProtocolIpv6: often(word), HttpPutResponseHopLimit: often(fc.integer({ min: 0, max: 70 })), State: often(word) },
        { requiredKeys: [] },
      ),
    ),
    PrivateIpAddress: often(ip),
    PublicIpAddress: often(fc.constantFrom('3.3.3.3')),
    SecurityGroups: often(fc.array(often(fc.record({ GroupId: often(id('sg')) }, { requiredKeys: [] })), { maxLength: 2 })),
  },
  { requiredKeys: [] },
);
/** Some interfaces listed in NetworkInterfaces (read for their order only), some not. */
const listed = fc.subarray(['eni-01', 'eni-02', 'eni-03', 'eni-04', 'eni-05']).map((ids) => new Map(ids.map((eniId) => [eniId, { id: eniId }])));

test('instances: the plain read equals the checked read, result, warnings or error', () => {
  let usual = 0;
  fc.assert(
    fc.property(instance, listed, fc.constantFrom(undefined, 'eu-west-1'), (value, known, region) => {
      const reader = () => new Reader(value, 'snap.json', '$.Reservations[3].Instances[1]');
      const fastWarnings: unknown[] = [];
      const checkedWarnings: unknown[] = [];
      const fast = outcome(() => readInstance(reader(), region, fastWarnings as never[], known));
      const checked = outcome(() => readInstanceChecked(reader(), region, checkedWarnings as never[], known));
      assert.equal(fast, checked);
      assert.equal(fastWarnings, checkedWarnings);
      if (checked && typeof checked === 'object') usual += 1;
    }),
    { numRuns: 20_000 },
  );
  assert.ok(usual > 1_000, `${usual} read`);
});

test.run();
