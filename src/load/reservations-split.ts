// Cutting a snapshot file's top-level `Reservations` array into pieces that can be parsed on their
// own (by another thread), and the rest of the file into a document without it.
//
// Nothing here decides on a guess. The positions are found by looking at a few bytes, and they
// are right exactly when the pieces parse:
// - `contextText` puts a placeholder where the array was. If that parses and the placeholder
//   comes out as the top-level "Reservations" value, the bytes before the array are what JSON.parse
//   reads up to that member's value, and the bytes after it are the rest of the document.
// - Each chunk is a run of whole elements: wrapped in brackets it must parse as an array. The first
//   chunk starts where the array starts, so if it parses, it ends where an element ends, at the
//   array's own level; by induction every cut is, and the last chunk ends at the array's `]`.
// Then the file parses, and JSON.parse(file) is the context with Reservations = the chunks'
// elements, in order. Whoever parses the pieces must fall back to parsing the whole file when any
// piece fails (a cut that looked right but was not, or a file that is not JSON).

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const BACKSLASH = 0x5c;

export interface ReservationsSplit {
  /** Where the JSON text starts (3 after a UTF-8 byte order mark). */
  begin: number;
  /** Byte offset of the `[` that opens the top-level Reservations array, and of its `]`. */
  open: number;
  close: number;
  /** Byte ranges [start, end) of runs of whole elements; the commas between runs are outside. */
  chunks: Array<{ start: number; end: number }>;
}

const KEY = Buffer.from('"Reservations"');

/** Where the top-level Reservations array opens, and its first element. */
export interface ReservationsStart {
  begin: number;
  open: number;
  /** The `{` of the first element. */
  first: number;
}

/** Where the array closes, found from its last element (see `reservationsEnd`). */
export interface ReservationsEnd {
  close: number;
  last: { start: number; comma: number };
}

/**
 * Find the top-level Reservations array of a JSON snapshot and cut it into runs of elements of
 * about `chunkBytes` each. Undefined when the layout is not one this recognises (the caller parses
 * the file whole): no such key, an array too small to cut, or an end that cannot be placed.
 */
export function splitReservations(bytes: Buffer, chunkBytes: number): ReservationsSplit | undefined {
  const start = reservationsStart(bytes);
  if (!start) return undefined;
  const { begin, open, first } = start;
  const end = reservationsEnd(bytes, first, first + 1);
  if (end) return { begin, open, close: end.close, chunks: cutReservations(bytes, first, end, chunkBytes) };
  // Otherwise the array's end, found from the last cut: a cut that went past the array (into a
  // later member whose elements look alike) shows as an end that is not a `]`, so the cut is dropped.
  const starts = elementStarts(bytes, first, chunkBytes);
  while (starts.length > 1) {
    const close = closingBracket(bytes, starts[starts.length - 1]!.start);
    if (close !== undefined) return { begin, open, close, chunks: chunksOf(starts, close) };
    starts.pop();
  }
  return undefined;
}

/**
 * The top-level Reservations array's `[` and first element, in `bytes` (which may be the head of
 * a file: undefined until enough of it is there, or when the layout is not recognised), looking
 * from `from` on.
 */
export function reservationsStart(bytes: Buffer, from = 0): ReservationsStart | undefined {
  const begin = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let at = bytes.indexOf(KEY, Math.max(begin, from)), tries = 0; at >= 0 && tries < 4; at = bytes.indexOf(KEY, at + 1), tries++) {
    // An escaped quote would make this the inside of a longer key or value.
    if (at > begin && bytes[at - 1] === BACKSLASH) continue;
    let i = skipSpace(bytes, at + KEY.length);
    if (bytes[i] !== COLON) continue;
    i = skipSpace(bytes, i + 1);
    if (bytes[i] !== OPEN_BRACKET) continue;
    const open = i;
    const first = skipSpace(bytes, open + 1);
    if (bytes[first] !== OPEN_BRACE || !elementSignature(bytes, first)) return undefined;
    return { begin, open, first };
  }
  return undefined;
}

/**
 * In the usual layout the array is the document's last member: its last element is found from
 * the end (in `bytes` from `tailFrom` on), and only that element is scanned for the `]` (scanning
 * a chunk costs milliseconds). The chunk before it must parse like any other, which proves it an
 * element of the array. Undefined for any other layout.
 */
export function reservationsEnd(bytes: Buffer, first: number, tailFrom: number): ReservationsEnd | undefined {
  const signature = elementSignature(bytes, first);
  if (!signature) return undefined;
  const found = bytes.subarray(tailFrom).lastIndexOf(signature);
  if (found < 0) return undefined;
  const at = tailFrom + found;
  const comma = separatorBefore(bytes, at);
  if (at <= first || comma === undefined) return undefined;
  const close = closingBracket(bytes, at);
  if (close === undefined || !endsDocument(bytes, close + 1)) return undefined;
  return { close, last: { start: at, comma } };
}

/** Runs of about `chunkBytes` from the first element to the array's end, the last element a run of its own. */
export function cutReservations(bytes: Buffer, first: number, end: ReservationsEnd, chunkBytes: number): Array<{ start: number; end: number }> {
  const starts = elementStarts(bytes, first, chunkBytes).filter((s) => s.start < end.last.start);
  if (end.last.start > first) starts.push(end.last);
  return chunksOf(starts, end.close);
}

/**
 * Where runs of about `chunkBytes` start: at an element that begins the way the first one does,
 * from its `{` up to its first key (with the same spacing, which in an indented file also gives
 * its depth), after `}` and `,`. `comma` is the separator before it.
 */
function elementStarts(bytes: Buffer, first: number, chunkBytes: number): Array<{ start: number; comma: number }> {
  const starts = [{ start: first, comma: -1 }];
  const signature = elementSignature(bytes, first);
  if (!signature) return starts;
  for (let at = bytes.indexOf(signature, first + chunkBytes); at >= 0; ) {
    const comma = separatorBefore(bytes, at);
    if (comma !== undefined) {
      starts.push({ start: at, comma });
      at = bytes.indexOf(signature, at + chunkBytes);
    } else {
      at = bytes.indexOf(signature, at + 1);
    }
  }
  return starts;
}

/** The first element's bytes from its `{` up to the end of its first key; undefined when unusual. */
function elementSignature(bytes: Buffer, first: number): Buffer | undefined {
  const keyStart = skipSpace(bytes, first + 1);
  const keyEnd = bytes[keyStart] === QUOTE ? bytes.indexOf(QUOTE, keyStart + 1) : -1;
  if (keyEnd < 0 || keyEnd - first > 200) return undefined;
  return bytes.subarray(first, keyEnd + 1);
}

/** The `,` before `at` when it follows a `}` (spaces aside): where an element can start. */
function separatorBefore(bytes: Buffer, at: number): number | undefined {
  let i = at - 1;
  while (isSpace(bytes[i]!)) i--;
  const comma = i;
  i--;
  while (isSpace(bytes[i]!)) i--;
  return bytes[comma] === COMMA && bytes[i] === CLOSE_BRACE ? comma : undefined;
}

function chunksOf(starts: Array<{ start: number; comma: number }>, close: number): Array<{ start: number; end: number }> {
  return starts.map((s, i) => ({ start: s.start, end: i + 1 < starts.length ? starts[i + 1]!.comma : close }));
}

/**
 * From the start of an element, the `]` that closes its array: brackets counted outside strings.
 * Undefined when the count ends on a `}` (the cut was not in this array) or at the end of input.
 */
function closingBracket(bytes: Buffer, from: number): number | undefined {
  let depth = 0;
  for (let i = from; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === QUOTE) {
      // To the closing quote: one not preceded by an odd number of backslashes.
      for (;;) {
        const q = bytes.indexOf(QUOTE, i + 1);
        if (q < 0) return undefined;
        let slashes = 0;
        while (bytes[q - 1 - slashes] === BACKSLASH) slashes++;
        i = q;
        if (slashes % 2 === 0) break;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0) return c === CLOSE_BRACKET ? i : undefined;
      depth--;
    }
  }
  return undefined;
}

/**
 * The document with the array replaced by `placeholder` (a JSON value), as text. After parsing,
 * the placeholder must be the top-level "Reservations" value for the split to stand.
 */
export function contextText(bytes: Buffer, split: ReservationsSplit, placeholder: string): string {
  return bytes.toString('utf8', split.begin, split.open) + placeholder + bytes.toString('utf8', split.close + 1);
}

/** One chunk as the text of a JSON array. */
export function chunkText(bytes: Buffer, chunk: { start: number; end: number }): string {
  return `[${bytes.toString('utf8', chunk.start, chunk.end)}]`;
}

/** Whether only the top-level object's `}` (and spaces) come from `i` on. */
function endsDocument(bytes: Buffer, i: number): boolean {
  const brace = skipSpace(bytes, i);
  return bytes[brace] === CLOSE_BRACE && skipSpace(bytes, brace + 1) === bytes.length;
}

function skipSpace(bytes: Buffer, i: number): number {
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  return i;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
