/**
 * Collects a report's text and pre-encoded bytes into buffers of about 64 KB, so a renderer that
 * emits a dozen small pieces per instance hands the writer one chunk per few hundred instances.
 * A piece that does not fit closes the buffer (it is never copied into a larger one) and starts
 * the next; a buffer is never reused once taken: the stream may still hold it. Chunks end between
 * pieces, so each holds whole UTF-8 characters.
 */
export class ByteWriter {
  private buffer: Buffer;
  private used = 0;
  private readonly size: number;
  /** Buffers closed because the next piece did not fit, in order. */
  private readonly full: Uint8Array[] = [];

  /** Memory to write into before any is allocated (see `MemorySource`). */
  private readonly memory: MemorySource | undefined;

  constructor(size = 1 << 16, memory?: MemorySource) {
    this.size = size;
    this.memory = memory;
    this.buffer = this.allocate(size);
  }

  /** Text as UTF-8. */
  text(text: string): void {
    // At most 3 bytes of UTF-8 per UTF-16 unit.
    if (this.used + text.length * 3 > this.buffer.length) this.next(text.length * 3);
    this.used += this.buffer.write(text, this.used);
  }

  bytes(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.buffer.length) this.next(bytes.length);
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** One ASCII character. */
  ascii(code: number): void {
    if (this.used + 1 > this.buffer.length) this.next(1);
    this.buffer[this.used++] = code;
  }

  /**
   * The bytes so far, as one or more chunks, once there are at least `atLeast` of them (all of
   * them by default); undefined otherwise.
   */
  take(atLeast = 1): Uint8Array[] | undefined {
    const pending = this.full.reduce((n, chunk) => n + chunk.length, 0) + this.used;
    if (pending < atLeast || pending === 0) return undefined;
    const chunks = this.full.splice(0);
    if (this.used > 0) {
      chunks.push(this.buffer.subarray(0, this.used));
      this.buffer = this.allocate(this.size);
      this.used = 0;
    }
    return chunks;
  }

  /** Close the current buffer and start one with room for `needed` bytes. */
  private next(needed: number): void {
    if (this.used > 0) this.full.push(this.buffer.subarray(0, this.used));
    this.buffer = this.allocate(Math.max(this.size, needed));
    this.used = 0;
  }

  private allocate(size: number): Buffer {
    const given = this.memory?.(size);
    return given && given.length >= size ? given : Buffer.allocUnsafe(size);
  }
}

/**
 * Memory that nothing else uses any more, at least `size` bytes of it, or undefined. Fresh memory
 * costs a page fault per 4 KB on first write, which for a fleet's report of tens of MB is a
 * good part of writing it; memory that was written before does not (cli/json-report.ts hands
 * over the pages of a snapshot file that has been parsed).
 */
export type MemorySource = (size: number) => Buffer | undefined;
