import { useMemo } from 'react';
import katex from 'katex';
import 'katex/dist/katex.min.css';

/**
 * A constant formula of a panel (never user or URL data), typeset synchronously: panels that show
 * formulas load KaTeX with their own chunk. The MathML copy is kept for screen readers. (The
 * article's prose uses src/article/Tex.tsx, which loads KaTeX lazily instead.)
 */
export function Tex({ tex, block = false, className }: { tex: string; block?: boolean; className: string }) {
  const html = useMemo(() => katex.renderToString(tex, { throwOnError: false, displayMode: block }), [tex, block]);
  return <span className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
