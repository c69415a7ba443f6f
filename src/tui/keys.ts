// Every key the TUI understands, in one place: the help overlay and README.md (Terminal UI) list these.

export interface KeyHelp {
  keys: string;
  does: string;
}

export const KEY_HELP: readonly KeyHelp[] = [
  { keys: '↑ ↓  k j', does: 'move the cursor' },
  { keys: 'PgUp PgDn', does: 'move a page' },
  { keys: 'g G  Home End', does: 'first / last' },
  { keys: 'enter → l', does: 'open: instance → its checks → the check\'s path' },
  { keys: 'esc ⌫ ← h', does: 'back (on the list: clear the filter)' },
  { keys: '/', does: 'filter instances by name, id, subnet, VPC or verdict' },
  { keys: 'n  p', does: 'next / previous path of the check (path view)' },
  { keys: 'f', does: 'apply the suggested fix (what-if)' },
  { keys: 'space  t', does: 'toggle the rule, route or endpoint of the hop off / on' },
  { keys: 'u', does: 'undo the last edit' },
  { keys: 'w', does: 'list the edits (space there turns one off)' },
  { keys: 'e', does: 'export the edits as a change file for check --what-if' },
  { keys: '?', does: 'this help' },
  { keys: 'q  ctrl-c', does: 'quit' },
];

export const MARK_HELP = '✓ reachable  ✗ blocked  ◐ partial  ? unknown  * changed by your edits';

export const HINTS = {
  list: '↑↓ move · enter open · / filter · f fix · w edits · ? help · q quit',
  instance: '↑↓ check · enter path · f fix · u undo · w edits · esc back · ? help · q quit',
  path: '↑↓ hop · f fix · space toggle · n path · u undo · e export · esc back · ? · q',
  edits: '↑↓ edit · space turn off · u undo · e export · esc back · ? help · q quit',
  help: 'esc or ? closes the help · q quit',
} as const;

export interface Keystroke {
  input: string;
  key: KeyFlags;
}

/** The parts of ink's Key the TUI reads. */
export interface KeyFlags {
  upArrow: boolean;
  downArrow: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  pageUp: boolean;
  pageDown: boolean;
  home: boolean;
  end: boolean;
  return: boolean;
  escape: boolean;
  ctrl: boolean;
  meta: boolean;
  tab: boolean;
  backspace: boolean;
  delete: boolean;
}

const NO_KEY: KeyFlags = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageUp: false, pageDown: false, home: false, end: false, return: false, escape: false, ctrl: false, meta: false, tab: false, backspace: false, delete: false };

/**
 * ink passes plain text that arrives in one chunk as one input ("jj", "/web", "\rq"). Split it
 * into keystrokes, recognising enter, tab, backspace and delete among the characters.
 */
export function splitKeystrokes(input: string, key: KeyFlags): Keystroke[] {
  const special = (Object.keys(NO_KEY) as (keyof KeyFlags)[]).some((name) => key[name]);
  if (special || [...input].length <= 1) return [{ input, key }];
  return [...input].map((char) => {
    switch (char) {
      case '\r':
      case '\n':
        return { input: '', key: { ...NO_KEY, return: true } };
      case '\t':
        return { input: '', key: { ...NO_KEY, tab: true } };
      case '\b':
        return { input: '', key: { ...NO_KEY, backspace: true } };
      case '\u007f':
        return { input: '', key: { ...NO_KEY, delete: true } };
      default:
        return { input: char, key: NO_KEY };
    }
  });
}
