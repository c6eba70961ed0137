import { useEffect, useState } from 'react';
import { readTheme, saveTheme, systemTheme, THEME_ORDER, type ThemeChoice } from './theme';
import './theme.css';

const LABEL: Record<ThemeChoice, string> = { auto: 'Auto', light: 'Light', dark: 'Dark' };
const ICON: Record<ThemeChoice, string> = { auto: '◐', light: '☀', dark: '☾' };

/** One button that cycles the colour theme: auto (the system's) → light → dark. Remembered on this device. */
export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(readTheme);
  const [system, setSystem] = useState(systemTheme);
  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!mq) return;
    const onChange = () => setSystem(mq.matches ? 'dark' : 'light');
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  const next = THEME_ORDER[(THEME_ORDER.indexOf(choice) + 1) % THEME_ORDER.length]!;
  const shown = choice === 'auto' ? `${LABEL.auto} (${system})` : LABEL[choice];
  return (
    <button
      type="button"
      className="theme-toggle"
      data-testid="theme-toggle"
      data-theme-choice={choice}
      aria-label={`Colour theme: ${shown}. Switch to ${LABEL[next].toLowerCase()}.`}
      title={`Colour theme: ${shown}. Click for ${LABEL[next].toLowerCase()}.`}
      onClick={() => {
        saveTheme(next);
        setChoice(next);
      }}
    >
      <span aria-hidden="true">{ICON[choice]}</span> {LABEL[choice]}
    </button>
  );
}
