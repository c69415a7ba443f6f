// Reading a snapshot file's bytes, checked to be UTF-8, for the plain read (snapshot-files.ts) and
// for a read on two threads (model/fleet-snapshot.ts), whose worker loads this module on its own:
// it imports nothing else of ours but the error type.

import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from './input-error.ts';

/** The error for bytes of a snapshot file that are not UTF-8. */
export function checkUtf8(bytes: Uint8Array, shown: string): void {
  if (!isUtf8(bytes)) throw new InputError(shown, '', 'is not valid UTF-8 text; snapshots are JSON as the AWS CLI or SDK writes it.');
}

export function cannotRead(shown: string, error: unknown): InputError {
  return new InputError(shown, '', `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
}

/**
 * A snapshot file read into shared memory piece by piece, for readers on two threads
 * (model/fleet-snapshot.ts): each reads the parts it needs. Pages that nobody reads are never
 * touched, so they cost nothing.
 */
/**
 * What tells a file from the same path written again or replaced meanwhile. The change time is in
 * it because a modification time can be set back (`touch -r`, `cp -p`, `rsync -t`); a change time
 * cannot.
 */
export interface FileIdentity {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
}

export class SharedSnapshotFile {
  readonly bytes: Buffer;
  readonly size: number;
  readonly identity: FileIdentity;
  /** The file, and the name errors give it. */
  readonly path: string;
  readonly shown: string;
  private readonly fd: number;

  private constructor(fd: number, identity: FileIdentity, path: string, shown: string) {
    this.fd = fd;
    this.path = path;
    this.size = identity.size;
    this.identity = identity;
    this.shown = shown;
    this.bytes = Buffer.from(new SharedArrayBuffer(identity.size));
  }

  static open(file: string, shown: string): SharedSnapshotFile {
    let fd: number | undefined;
    try {
      fd = openSync(file, 'r');
      const stats = fstatSync(fd);
      return new SharedSnapshotFile(fd, identityOf(stats), file, shown);
    } catch (error) {
      if (fd !== undefined) closeSync(fd);
      throw cannotRead(shown, error);
    }
  }

  /** Bytes [from, to) of the file into `bytes` at the same offsets. */
  read(from: number, to: number): void {
    try {
      readRange(this.fd, this.bytes, from, to);
    } catch (error) {
      throw cannotRead(this.shown, error);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Bytes [from, to) of the file at `path` into `bytes`, on another thread than the one that opened
 * it. False when the file is no longer the one `identity` describes (written or replaced
 * meanwhile) or cannot be read: the caller reads it afresh.
 */
export function readSharedRange(path: string, bytes: Buffer, from: number, to: number, identity: FileIdentity): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    readRange(fd, bytes, from, to);
    const now = identityOf(fstatSync(fd));
    return now.size === identity.size && now.mtimeMs === identity.mtimeMs && now.ctimeMs === identity.ctimeMs && now.ino === identity.ino && now.dev === identity.dev;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function identityOf(stats: { size: number; mtimeMs: number; ctimeMs: number; ino: number; dev: number }): FileIdentity {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino, dev: stats.dev };
}

function readRange(fd: number, bytes: Buffer, from: number, to: number): void {
  for (let offset = from; offset < to; ) {
    const read = readSync(fd, bytes, offset, to - offset, offset);
    if (read === 0) break;
    offset += read;
  }
}
