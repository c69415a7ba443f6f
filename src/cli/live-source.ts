// Reading a live account for `check --region` and `snapshot`. The SDK is only ever reached through
// a dynamic import() of src/load/aws/, so offline runs never load it.

import type { LiveReadResult, ReadProgress } from '../load/aws/read-region.ts';
import { InputError } from '../load/input-error.ts';
import { rawFromDocument } from '../load/raw-from-document.ts';
import type { RawSnapshot } from '../load/raw-snapshot.ts';
import type { Io } from './io.ts';

export interface LiveOptions {
  region: string;
  profile?: string | undefined;
  endpointUrl?: string | undefined;
  instanceIds: string[];
  vpcIds?: string[] | undefined;
}

/** Read a live account into a raw snapshot; denied reads become absent keys ("needs ec2:…"). */
export async function loadLive(options: LiveOptions, io: Io): Promise<RawSnapshot> {
  const result = await readLive(options, io);
  // Without instances there is nothing to check: passing with "no instances" would hide the denial.
  const instances = result.denied.find((d) => d.key === 'Reservations');
  if (instances) {
    throw new InputError(`AWS ${options.region}`, '', `${instances.permission} was denied, so there are no instances to check: ${instances.message}`);
  }
  warnDenied(result, io);
  return rawFromDocument(result.document, `aws:${options.region}`, absentKeys(result));
}

/** Denied keys → the reason the engine shows in `unknown` checks. */
export function absentKeys(result: LiveReadResult): Map<string, string> {
  return new Map(result.denied.map((d) => [d.key, `needs ${d.permission}`]));
}

/**
 * Read the region with progress on stderr when it is a terminal.
 * A read that fails for any other reason becomes one input-error line (exit 2).
 */
export async function readLive(options: LiveOptions, io: Io): Promise<LiveReadResult> {
  const { readRegion } = await import('../load/aws/read-region.ts');
  const progress = progressLine(io, options.region);
  let result: LiveReadResult;
  try {
    result = await readRegion({
      region: options.region,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
      ...(options.instanceIds.length ? { instanceIds: options.instanceIds } : {}),
      ...(options.vpcIds?.length ? { vpcIds: options.vpcIds } : {}),
      ...(progress ? { onProgress: progress.update } : {}),
    });
  } catch (error) {
    progress?.clear();
    if (error instanceof Error && error.name === 'LiveReadError') {
      const code = (error as Error & { code?: string }).code ?? '';
      throw new InputError(`AWS ${options.region}`, '', `${error.message}${hint(code)}`);
    }
    throw error;
  }
  progress?.clear();
  return result;
}

/** One warning line per denied read. */
export function warnDenied(result: LiveReadResult, io: Io): void {
  for (const denied of result.denied) {
    io.stderr.write(
      `ssm-reach: warning: ${denied.permission} was denied, so the input has no ${denied.key}; checks that need it are unknown.\n`,
    );
  }
}

function hint(code: string): string {
  if (/^(CredentialsProviderError|AuthFailure|InvalidClientTokenId|UnrecognizedClientException|ExpiredToken|RequestExpired)$/.test(code)) {
    return '. Check the credentials: AWS_PROFILE or --profile, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or `aws sso login`.';
  }
  if (/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|TimeoutError|ETIMEDOUT)$/.test(code)) {
    return '. Check the network path to the EC2 API endpoint (or --endpoint-url).';
  }
  return '';
}

/** "Reading eu-west-1: 12/19 calls, 15 pages" rewritten in place, only on a terminal. */
function progressLine(io: Io, region: string): { update: (p: ReadProgress) => void; clear: () => void } | undefined {
  if (!io.stderr.isTTY) return undefined;
  let shown = false;
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 80 && p.callsDone < p.callsStarted) return;
      last = now;
      shown = true;
      io.stderr.write(`\r\x1b[KReading ${region}: ${p.callsDone}/${p.callsStarted} calls, ${p.pagesDone} pages`);
    },
    clear() {
      if (shown) io.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}
