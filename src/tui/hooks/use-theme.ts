import { createContext, useContext } from 'react';
import type { Verdict } from '../../eval/types.ts';

// Colour is a property of the session: off under NO_COLOR (https://no-color.org), TERM=dumb, or
// when the caller says so. Components ask for colour props here and get none when it is off.

export interface Theme {
  color: boolean;
}

export const ThemeContext = createContext<Theme>({ color: false });

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

export type Colour = 'green' | 'red' | 'yellow' | 'magenta' | 'cyan' | 'gray';

const VERDICT_COLOUR: Record<Verdict, Colour> = { reachable: 'green', blocked: 'red', partial: 'yellow', unknown: 'magenta' };

/** Props for ink's Text: a colour when colour is on, nothing otherwise. */
export function tint(theme: Theme, colour: Colour | undefined): { color?: Colour } {
  return theme.color && colour ? { color: colour } : {};
}

export function verdictTint(theme: Theme, verdict: Verdict): { color?: Colour } {
  return tint(theme, VERDICT_COLOUR[verdict]);
}

/** Dim text, which is a colour too: none under NO_COLOR. */
export function dim(theme: Theme): { dimColor?: boolean } {
  return theme.color ? { dimColor: true } : {};
}
