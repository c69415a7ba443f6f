// parseIpv4 and parseCidr read canonical IPv4 text themselves and leave everything else to ip-num;
// for any text, the result must be what ip-num alone gives.

import fc from 'fast-check';
import { IPv4, IPv4CidrRange, IPv6CidrRange, Validator } from 'ip-num';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalIpv4, formatIpv4, parseCidr, parseIpv4 } from '../src/model/address.ts';

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

/** parseCidr as it was, with ip-num only. */
function cidrIpNumOnly(text: string): unknown {
  if (text.includes(':')) {
    if (!Validator.isValidIPv6CidrNotation(text)[0]) return `"${text}" is not an IPv6 CIDR block`;
    const range = IPv6CidrRange.fromCidr(text);
    const prefix = Number(range.cidrPrefix.getValue());
    return { family: 6, first: range.getFirst().getValue(), last: range.getLast().getValue(), prefix, text: `${range.getFirst().toString()}/${prefix}` };
  }
  if (!Validator.isValidIPv4CidrNotation(text)[0]) return `"${text}" is not an IPv4 CIDR block`;
  const range = IPv4CidrRange.fromCidr(text);
  const first = Number(range.getFirst().getValue());
  const prefix = Number(range.cidrPrefix.getValue());
  return { family: 4, first, last: Number(range.getLast().getValue()), prefix, text: `${formatIpv4(first)}/${prefix}` };
}

test('every IPv4 CIDR block, written canonically (host bits or not), parses as ip-num parses it', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }), (value, prefix) => {
      const text = `${[value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.')}/${prefix}`;
      assert.equal(parseCidr(text), cidrIpNumOnly(text), text);
    }),
    { numRuns: 5000 },
  );
});

test('any text of digits, dots, slashes and colons parses as a CIDR block as ip-num parses it', () => {
  const char = fc.constantFrom('0', '1', '2', '9', '.', '.', '/', '/', '32', '33', '024', ':', '::', 'a', ' ', '255', '010');
  fc.assert(
    fc.property(fc.array(char, { maxLength: 14 }).map((parts) => parts.join('')), (text) => {
      assert.equal(parseCidr(text), cidrIpNumOnly(text), JSON.stringify(text));
    }),
    { numRuns: 20000 },
  );
  for (const text of ['10.0.1.77/24', '0.0.0.0/0', '255.255.255.255/32', '1.2.3.4/33', '1.2.3.4/024', '1.2.3.4/', '01.2.3.4/8', '1.2.3.4/ 8', '::/0', '2001:db8::/32', '10.0.0.0/8/']) {
    assert.equal(parseCidr(text), cidrIpNumOnly(text), text);
  }
});

test.run();
