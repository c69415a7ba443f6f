// Sets of ports as sorted, disjoint, inclusive intervals. NACL evaluation works on whole ranges so
// the ephemeral-port question (NACL-6) is answered exactly without visiting 28,000 ports.

export type PortSet = ReadonlyArray<readonly [number, number]>;

export function portSet(from: number, to: number): PortSet {
  return from <= to ? [[from, to]] : [];
}

export function intersect(a: PortSet, b: PortSet): PortSet {
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aFrom, aTo] = a[i]!;
    const [bFrom, bTo] = b[j]!;
    const from = Math.max(aFrom, bFrom);
    const to = Math.min(aTo, bTo);
    if (from <= to) out.push([from, to]);
    if (aTo < bTo) i++;
    else j++;
  }
  return out;
}

export function subtract(a: PortSet, b: PortSet): PortSet {
  let out: Array<[number, number]> = a.map(([from, to]) => [from, to]);
  for (const [bFrom, bTo] of b) {
    const next: Array<[number, number]> = [];
    for (const [from, to] of out) {
      if (bTo < from || bFrom > to) next.push([from, to]);
      else {
        if (from < bFrom) next.push([from, bFrom - 1]);
        if (bTo < to) next.push([bTo + 1, to]);
      }
    }
    out = next;
  }
  return out;
}

export function isEmpty(set: PortSet): boolean {
  return set.length === 0;
}

export function sameSet(a: PortSet, b: PortSet): boolean {
  return a.length === b.length && a.every(([from, to], i) => from === b[i]![0] && to === b[i]![1]);
}

export function portSetText(set: PortSet): string {
  if (set.length === 0) return 'no ports';
  return set.map(([from, to]) => (from === to ? String(from) : `${from}-${to}`)).join(', ');
}
