import type { RawSnapshot } from '../load/raw-snapshot.ts';
import type { Io } from './io.ts';
import { UsageError } from './usage-error.ts';

export interface LiveOptions {
  region: string;
  profile?: string | undefined;
  endpointUrl?: string | undefined;
  instanceIds: string[];
}

/** Read a live account (issue: live account). Loaded lazily so offline runs never load the SDK. */
export async function loadLive(_options: LiveOptions, _io: Io): Promise<RawSnapshot> {
  throw new UsageError('reading a live account is not available in this build yet; use --snapshot.');
}
