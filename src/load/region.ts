// Region names look like `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`,
// `ap-southeast-4`, `il-central-1`. A folder with such a name gives its files a region (DESIGN.md §2).
const REGION_PATTERN = /^(?:[a-z]{2})(?:-(?:gov|iso|isob|isof|isoe))?-(?:[a-z]+)-\d{1,2}$/;

export function isRegionName(name: string): boolean {
  return REGION_PATTERN.test(name);
}

/** The innermost folder of `relativePath` that is a region name, if any. */
export function regionFromPath(relativePath: string): string | undefined {
  const parts = relativePath.split(/[\\/]/).slice(0, -1);
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    if (part !== undefined && isRegionName(part)) return part;
  }
  return undefined;
}

/** `us-east-1a` → `us-east-1`; local zones (`us-east-1-bos-1a`) → `us-east-1`. */
export function regionFromAvailabilityZone(zone: string): string | undefined {
  const match = /^([a-z]{2}(?:-(?:gov|iso|isob|isof|isoe))?-[a-z]+-\d{1,2})/.exec(zone);
  return match?.[1];
}
