/**
 * Light/dark theme choice: 'auto' follows the system (prefers-color-scheme), 'light' and 'dark' are
 * forced through `data-theme` on <html>. Kept in localStorage (never in the URL: a shared link should
 * open in the reader's own theme). Applied when this module loads, before the first paint of the app.
 */
export type ThemeChoice = 'auto' | 'light' | 'dark';

export const THEME_KEY = 'gb-theme';
export const THEME_ORDER: readonly ThemeChoice[] = ['auto', 'light', 'dark'];

export function readTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : 'auto';
  } catch {
    return 'auto';
  }
}

export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'auto') delete root.dataset.theme;
  else root.dataset.theme = choice;
}

export function saveTheme(choice: ThemeChoice): void {
  applyTheme(choice);
  try {
    if (choice === 'auto') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    // Storage may be off (private mode, file://): the choice then lasts for this page only.
  }
}

/** What 'auto' resolves to right now. */
export function systemTheme(): 'light' | 'dark' {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

applyTheme(readTheme());
