import { useId } from 'react';
import { interpolateViridis } from 'd3';

/** The viridis colour ramp as a small legend swatch, low values on the left. */
export function ViridisSwatch({ width }: { width: number }) {
  // An id per instance: two charts on one page must not share (or clobber) one gradient.
  const id = `viridis-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    <svg width={width} height="10" aria-hidden="true">
      <defs>
        <linearGradient id={id}>
          {[0, 0.25, 0.5, 0.75, 1].map((v) => (
            <stop key={v} offset={v} stopColor={interpolateViridis(v)} />
          ))}
        </linearGradient>
      </defs>
      <rect width={width} height="10" fill={`url(#${id})`} />
    </svg>
  );
}
