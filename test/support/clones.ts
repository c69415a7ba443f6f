// Reference models with each instance cloned under new ids, addresses and group lists, so that
// instances alike (one class of source) exist: what sharing and the reports' shortcuts act on.

type Item = Record<string, any>;

/** Shift the last octet so the clone usually stays in the same subnet, sometimes in another class. */
function shifted(ip: string, k: number): string {
  const parts = ip.split('.').map(Number);
  parts[3] = ((parts[3]! + 37 * k) % 250) + 4;
  return parts.join('.');
}

/**
 * The clone's group list: the first clone keeps it, the second gains one more group of the VPC at
 * the end (alike when an earlier rule allows all outbound, EgressClasses), the third has it reversed.
 */
function regrouped(groups: Item[] | undefined, k: number, spare: Item | undefined): Item[] | undefined {
  if (!Array.isArray(groups)) return groups;
  if (k === 2 && spare && !groups.some((g) => g.GroupId === spare.GroupId)) return [...groups, spare];
  if (k === 3) return [...groups].reverse();
  return groups;
}

/** Each instance (and its interfaces, inline and listed) three more times under new ids and group lists. */
export function withClones(document: Item): Item {
  const doc = structuredClone(document);
  const spareOf = (vpcId: unknown): Item | undefined => {
    const group = (doc.SecurityGroups ?? []).filter((g: Item) => g.VpcId === vpcId).at(-1);
    return group ? { GroupId: group.GroupId, GroupName: group.GroupName } : undefined;
  };
  const listed: Item[] = doc.NetworkInterfaces ?? [];
  const extraEnis: Item[] = [];
  for (const reservation of doc.Reservations ?? []) {
    const clones: Item[] = [];
    for (const instance of reservation.Instances ?? []) {
      for (let k = 1; k <= 3; k++) {
        const copy = structuredClone(instance);
        copy.InstanceId = `${instance.InstanceId}c${k}`;
        if (typeof copy.PrivateIpAddress === 'string') copy.PrivateIpAddress = shifted(copy.PrivateIpAddress, k);
        for (const eni of copy.NetworkInterfaces ?? []) {
          const original = eni.NetworkInterfaceId;
          eni.NetworkInterfaceId = `${original}c${k}`;
          if (typeof eni.PrivateIpAddress === 'string') eni.PrivateIpAddress = shifted(eni.PrivateIpAddress, k);
          for (const address of eni.PrivateIpAddresses ?? []) if (typeof address.PrivateIpAddress === 'string') address.PrivateIpAddress = shifted(address.PrivateIpAddress, k);
          eni.Groups = regrouped(eni.Groups, k, spareOf(eni.VpcId ?? copy.VpcId));
          for (const full of listed.filter((e) => e.NetworkInterfaceId === original)) {
            const fullCopy = structuredClone(full);
            fullCopy.NetworkInterfaceId = eni.NetworkInterfaceId;
            fullCopy.PrivateIpAddress = eni.PrivateIpAddress;
            if (fullCopy.PrivateIpAddresses) fullCopy.PrivateIpAddresses = structuredClone(eni.PrivateIpAddresses ?? []);
            if (fullCopy.Attachment) fullCopy.Attachment.InstanceId = copy.InstanceId;
            fullCopy.Groups = regrouped(fullCopy.Groups, k, spareOf(fullCopy.VpcId ?? copy.VpcId));
            extraEnis.push(fullCopy);
          }
        }
        clones.push(copy);
      }
    }
    reservation.Instances = [...(reservation.Instances ?? []), ...clones];
  }
  if (doc.NetworkInterfaces) doc.NetworkInterfaces = [...listed, ...extraEnis];
  return doc;
}

