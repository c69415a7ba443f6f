import type { AddressRange } from './address.ts';
import type { Reader } from './reader.ts';
import type { PrefixList } from './types.ts';

/** `PrefixLists` (describe-prefix-lists: AWS service lists with `Cidrs`). */
export function readAwsPrefixList(reader: Reader): PrefixList {
  return {
    id: reader.str('PrefixListId'),
    name: reader.optStr('PrefixListName') ?? '',
    ranges: reader.strings('Cidrs').map((text, index) => parsed(reader, `Cidrs[${index}]`, text)),
    awsManaged: true,
    origin: reader.origin,
  };
}

/** `ManagedPrefixLists` (describe-managed-prefix-lists, each item may carry our `Entries`). */
export function readManagedPrefixList(reader: Reader): PrefixList {
  const name = reader.optStr('PrefixListName') ?? '';
  return {
    id: reader.str('PrefixListId'),
    name,
    ranges: reader.has('Entries') ? reader.list('Entries').map((entry) => parsed(entry, 'Cidr', entry.str('Cidr'))) : undefined,
    awsManaged: reader.optStr('OwnerId') === 'AWS' || name.startsWith('com.amazonaws.'),
    origin: reader.origin,
  };
}

function parsed(reader: Reader, key: string, text: string): AddressRange {
  return reader.cidrText(key, text);
}
