import { useEffect, useState } from 'react';

type Katex = typeof import('katex').default;

/** KaTeX and its stylesheet load on the first formula, never with the page's first bundle. */
let loading: Promise<Katex> | null = null;
function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([m]) => m.default);
  return loading;
}

const rendered = new Map<string, string>();

/** A formula of the article's prose: the TeX source in monospace until KaTeX arrives, then typeset (with MathML for screen readers). */
export function Tex({ tex, block = false }: { tex: string; block?: boolean }) {
  const key = `${block ? 'D' : 'I'}${tex}`;
  const [, setLoaded] = useState(0);
  const html = rendered.get(key) ?? null;
  useEffect(() => {
    if (rendered.has(key)) return;
    let alive = true;
    void loadKatex().then((katex) => {
      rendered.set(key, katex.renderToString(tex, { throwOnError: false, displayMode: block }));
      if (alive) setLoaded((n) => n + 1);
    });
    return () => {
      alive = false;
    };
  }, [key, tex, block]);
  const Tag = block ? 'div' : 'span';
  // A display formula scrolls sideways in a narrow column (the prose beside a pinned figure): focusable,
  // so a keyboard can scroll it too (axe: scrollable-region-focusable).
  const focus = block ? { tabIndex: 0 } : {};
  if (html === null) return <Tag className={`tex tex-pending${block ? ' tex-block' : ''}`} {...focus}>{tex}</Tag>;
  return <Tag className={`tex${block ? ' tex-block' : ''}`} {...focus} dangerouslySetInnerHTML={{ __html: html }} />;
}
