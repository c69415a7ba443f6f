// Fixed-width text helpers: every row the TUI draws is exactly one terminal line, so heights are
// known before ink lays anything out (the screen must fit the terminal to avoid scrolling).

/** Cut to `width` columns, ending with … when something was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** Cut or pad with spaces to exactly `width` columns. */
export function fit(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(Math.max(0, width - [...cut].length));
}

/** Word-wrap into lines of at most `width` columns; words longer than a line are cut hard. */
export function wrap(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word;
      while ([...rest].length > width) {
        if (line) {
          lines.push(line);
          line = '';
        }
        lines.push([...rest].slice(0, width).join(''));
        rest = [...rest].slice(width).join('');
      }
      if (!rest) continue;
      if (!line) line = rest;
      else if ([...line].length + 1 + [...rest].length <= width) line += ` ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** The first row of a window of `height` rows over `count` rows that shows `cursor`, kept near the middle. */
export function windowStart(cursor: number, count: number, height: number): number {
  if (count <= height || height <= 0) return 0;
  return Math.max(0, Math.min(count - height, cursor - Math.floor(height / 2)));
}
