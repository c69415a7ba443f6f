// parseIpv4 reads canonical dotted quads itself and leaves everything else to ip-num; for any
// text, the result must be what ip-num alone gives.

import fc from 'fast-check';
import { IPv4, Validator } from 'ip-num';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalIpv4, parseIpv4 } from '../src/model/address.ts';

function ipNumOnly(text: string): number | string {
  return Validator.isValidIPv4String(text)[0] ? Number(IPv4.fromDecimalDottedString(text).getValue()) : `"${text}" is not an IPv4 address`;
}

test('every IPv4 address, written canonically, parses as ip-num parses it', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (value) => {
      const text = [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
      assert.is(canonicalIpv4(text), value);
      assert.is(parseIpv4(text), ipNumOnly(text));
    }),
    { numRuns: 5000 },
  );
});

test('any text made of digits, dots and a few other characters parses as ip-num parses it', () => {
  const char = fc.constantFrom('0', '1', '2', '5', '9', '.', '.', ' ', '-', 'x', '+', ':', '00', '255', '256', '010');
  fc.assert(
    fc.property(fc.array(char, { maxLength: 16 }).map((parts) => parts.join('')), (text) => {
      assert.is(parseIpv4(text), ipNumOnly(text), JSON.stringify(text));
    }),
    { numRuns: 20000 },
  );
});

test('edge cases', () => {
  for (const text of ['0.0.0.0', '255.255.255.255', '10.0.0.1', '01.2.3.4', '1.2.3.04', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '256.1.1.1', ' 1.2.3.4', '1.2.3.4 ', '', '1.2.3.4/32', '٣.1.1.1']) {
    assert.is(parseIpv4(text), ipNumOnly(text), JSON.stringify(text));
  }
});

test.run();
