// `ssm-reach snapshot`: read a region of a live account (read-only) and save it in the snapshot
// format (DESIGN.md §2) for offline checks. The file appears whole or not at all: it is written to
// a temporary file beside the target, flushed, then renamed over it.

import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Io } from './io.ts';
import { readLive, warnDenied } from './live-source.ts';
import { parseOptions } from './options.ts';
import { UsageError } from './usage-error.ts';

export const SNAPSHOT_HELP = `ssm-reach snapshot — save a region's EC2 configuration for offline checks (read-only).

Usage:
  ssm-reach snapshot --region R [--profile P] [--vpc ID]... --out PATH

Options:
  --region R          the region to read (default: AWS_REGION, then AWS_DEFAULT_REGION)
  --profile P         a profile of ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE,
                      else the SDK's standard chain: environment, SSO, instance role, …)
  --vpc ID            only these VPCs and what is in them (repeatable); default: the whole region
  --out PATH          a .json file, or an existing folder (the file is then <folder>/<region>.json)
  --endpoint-url URL  the EC2 API endpoint (a private API endpoint, a test server);
                      AWS_ENDPOINT_URL_EC2 works too

Only Describe*/Get* EC2 calls are made; docs/live-account.md lists the IAM permissions. A denied
call does not stop the snapshot: that part is left out, a warning names the permission, and
checks that need it come out unknown. The file appears complete or not at all.

Then: ssm-reach check --snapshot PATH
`;

const SNAPSHOT_OPTIONS = {
  region: { type: 'string' },
  profile: { type: 'string' },
  'endpoint-url': { type: 'string' },
  vpc: { type: 'string', multiple: true },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function snapshotCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions('snapshot', args, SNAPSHOT_OPTIONS);
  if (values.help) {
    io.stdout.write(SNAPSHOT_HELP);
    return 0;
  }
  const region = values.region ?? (io.env['AWS_REGION'] || io.env['AWS_DEFAULT_REGION'] || undefined);
  if (!region) throw new UsageError('say which region to read: --region R (or set AWS_REGION).');
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new UsageError(`--region must be a region name such as eu-west-1, not "${region}".`);
  if (!values.out) throw new UsageError("say where to write the snapshot: --out FILE.json or --out FOLDER. Run 'ssm-reach snapshot --help'.");
  for (const id of values.vpc ?? []) {
    if (!/^vpc-[0-9a-f]+$/.test(id)) throw new UsageError(`--vpc takes a VPC id such as vpc-0abc123, not "${id}".`);
  }
  const target = targetFile(resolve(io.cwd, values.out), region);

  const result = await readLive(
    { region, profile: values.profile, endpointUrl: values['endpoint-url'], instanceIds: [], vpcIds: values.vpc },
    io,
  );
  writeAtomically(target, `${JSON.stringify(result.document, null, 2)}\n`);
  warnDenied(result, io);

  const count = (key: string) => (Array.isArray(result.document[key]) ? (result.document[key] as unknown[]).length : 0);
  const instances = Array.isArray(result.document['Reservations'])
    ? (result.document['Reservations'] as Array<{ Instances?: unknown[] }>).reduce((n, r) => n + (r.Instances?.length ?? 0), 0)
    : 0;
  const requests = result.calls.reduce((n, c) => n + c.pages, 0);
  io.stdout.write(
    `Wrote ${target}: ${region}, ${instances} instance${instances === 1 ? '' : 's'}, ${count('Vpcs')} VPC${count('Vpcs') === 1 ? '' : 's'}` +
      ` (${result.calls.length} calls, ${requests} requests${result.denied.length ? `; ${result.denied.length} denied: ${result.denied.map((d) => d.permission).join(', ')}` : ''}).\n`,
  );
  return 0;
}

/** An existing folder (or a path ending in a separator) gets `<region>.json` inside it. */
function targetFile(path: string, region: string): string {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    isDir = /[\\/]$/.test(path);
    if (isDir) mkdirSync(path, { recursive: true });
  }
  if (isDir) return join(path, `${region}.json`);
  try {
    if (!statSync(dirname(path)).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new UsageError(`--out ${path}: the folder ${dirname(path)} does not exist.`);
  }
  return path;
}

/**
 * Write to `.<name>.<pid>.tmp` beside the target, fsync, then rename over the target: a reader (or
 * an interrupt at any moment) sees the old file or the new one, never half of one. The temporary
 * name does not end in .json, so a snapshot folder never loads a stray one.
 */
export function writeAtomically(target: string, text: string): void {
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temporary, 'w', 0o644);
    try {
      writeFileSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // never created, or already renamed
    }
    throw new UsageError(`could not write ${target}: ${(error as Error).message}`);
  }
}
