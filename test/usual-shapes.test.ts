// The model reads a fleet's interfaces and instances with plain property access when they have
// the shape AWS writes, and through the Reader's checks otherwise. Both must give the same model
// and, for bad input, the same error: generated values mix the usual shapes with every kind of
// oddity (absent, null, wrong types, strings for booleans and numbers, empty strings).

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readNetworkInterface, readNetworkInterfaceChecked } from '../src/model/network-interfaces.ts';
import { Reader } from '../src/model/reader.ts';

const odd = fc.constantFrom<unknown>(null, '', 'x', 0, 7, -1, 1.5, true, false, 'true', 'false', '3', [], {}, [{}], { a: 1 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 14, arbitrary: arb }, { weight: 1, arbitrary: odd }, { weight: 1, arbitrary: fc.constant(undefined) });
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

test.run();
