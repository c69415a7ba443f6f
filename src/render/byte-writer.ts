/**
 * Collects a report's text and pre-encoded bytes into buffers of about 64 KB, so a renderer that
 * emits a dozen small pieces per instance hands the writer one chunk per few hundred instances.
 * A buffer is never reused once taken: the stream may still hold it.
 */
export class ByteWriter {
  private buffer: Buffer;
  private used = 0;
  private readonly size: number;

  constructor(size = 1 << 16) {
    this.size = size;
    this.buffer = Buffer.allocUnsafe(size);
  }

  /** Text as UTF-8. */
  text(text: string): void {
    // At most 3 bytes of UTF-8 per UTF-16 unit.
    if (this.used + text.length * 3 > this.buffer.length) this.grow(text.length * 3);
    this.used += this.buffer.write(text, this.used);
  }

  bytes(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.buffer.length) this.grow(bytes.length);
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** One ASCII character. */
  ascii(code: number): void {
    if (this.used + 1 > this.buffer.length) this.grow(1);
    this.buffer[this.used++] = code;
  }

  /** The bytes so far once there are at least `atLeast` of them (all of them by default). */
  take(atLeast = 1): Uint8Array | undefined {
    if (this.used < atLeast || this.used === 0) return undefined;
    const full = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(this.size);
    this.used = 0;
    return full;
  }

  /** Room for `needed` more bytes: a larger buffer that keeps what is written so far. */
  private grow(needed: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.size, (this.used + needed) * 2));
    next.set(this.buffer.subarray(0, this.used));
    this.buffer = next;
  }
}
