import { scaleLinear } from 'd3';
import { palette } from './palette';

/** Half the width of the fan's box, in units of |G|. */
export const REACH = 3;

interface GradientFanProps {
  /** Each minibatch gradient's component along the full-batch gradient G, in units of |G|. */
  along: Float32Array;
  /** Its component orthogonal to G (signed), in units of |G|. */
  across: Float32Array;
  /** Minibatch size the arrows were drawn with. */
  batch: number;
  size: number;
  description: string;
}

/**
 * Minibatch gradients as arrows from the origin, in the plane of (along G, across G): the full-batch
 * gradient is the arrow to (1, 0). A tight fan means the minibatch is a good estimate of G.
 */
export function GradientFan({ along, across, batch, size, description }: GradientFanProps) {
  const pad = 26;
  // A fixed scale (the box is ±REACH·|G|): shrinking the batch visibly spreads the fan, instead of the
  // view zooming out to keep every arrow inside. Arrows longer than that end at the edge, drawn dashed.
  const reach = REACH;
  let clipped = 0;
  for (let i = 0; i < along.length; i++) if (Math.abs(along[i]!) > reach || Math.abs(across[i]!) > reach) clipped++;
  const s = scaleLinear().domain([-reach, reach]).range([pad, size - pad]);
  const sy = scaleLinear().domain([-reach, reach]).range([size - pad, pad]);
  const clip = (v: number) => Math.max(-reach, Math.min(reach, v));
  return (
    <figure className="chart">
      <svg width={size} height={size} role="img" aria-label={description}>
        <defs>
          <marker id="fan-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill={palette.sky} />
          </marker>
          <marker id="fan-head-g" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill={palette.vermillion} />
          </marker>
        </defs>
        <line x1={s(-reach)} x2={s(reach)} y1={sy(0)} y2={sy(0)} className="grid" />
        <line x1={s(0)} x2={s(0)} y1={sy(-reach)} y2={sy(reach)} className="grid" />
        <circle cx={s(0)} cy={sy(0)} r={s(1) - s(0)} fill="none" className="grid" strokeDasharray="3 3" />
        {Array.from(along, (a, i) => {
          const out = Math.abs(a) > reach || Math.abs(across[i]!) > reach;
          // Scale the arrow down to the box's edge along its own direction, so its angle stays true.
          const k = out ? reach / Math.max(Math.abs(a), Math.abs(across[i]!)) : 1;
          return (
            <line
              key={i}
              x1={s(0)}
              y1={sy(0)}
              x2={s(clip(a * k))}
              y2={sy(clip(across[i]! * k))}
              stroke={palette.sky}
              strokeOpacity={0.75}
              strokeWidth={1.4}
              strokeDasharray={out ? '4 3' : undefined}
              markerEnd={out ? undefined : 'url(#fan-head)'}
            />
          );
        })}
        <line x1={s(0)} y1={sy(0)} x2={s(1)} y2={sy(0)} stroke={palette.vermillion} strokeWidth={3} markerEnd="url(#fan-head-g)" />
        <text x={s(0) + 4} y={pad - 10} className="tick-text">across G</text>
        <text x={size - pad} y={sy(0) - 6} textAnchor="end" className="tick-text">along G</text>
      </svg>
      <figcaption className="legend">
        <span><svg width="18" height="8" aria-hidden="true"><line x1="0" x2="18" y1="4" y2="4" stroke={palette.vermillion} strokeWidth={3} /></svg>full-batch gradient G</span>
        <span><svg width="18" height="8" aria-hidden="true"><line x1="0" x2="18" y1="4" y2="4" stroke={palette.sky} strokeWidth={2} /></svg>{along.length} minibatch gradients (B = {batch})</span>
        <span>dashed circle: |G|; box: ±{REACH}|G|</span>
        {clipped > 0 && <span data-testid="fan-clipped">{clipped} longer than the box (dashed, cut at its edge)</span>}
      </figcaption>
    </figure>
  );
}
