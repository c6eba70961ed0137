import { useEffect, useRef } from 'react';
import { fitCanvas } from './raster';

interface PixelGridProps {
  /** Row-major [count, side²] values in [0, 1]: the probability that each pixel is on (1 = black). */
  images: Float32Array;
  count: number;
  side: number;
  /** Edge length of one image in CSS pixels. */
  cell: number;
  /** Row label shown before the images. */
  label: string;
  /** Accessible description of what the row shows right now. */
  description: string;
  /** Index drawn with a ring (e.g. the image being inspected). */
  selected?: number | null;
  /** Images per row (default: all in one row). */
  columns?: number;
  /** Per image: drawn with a thick ring (e.g. units the recognition model switches on). */
  marked?: readonly boolean[];
  /** Makes each image a button. */
  onSelect?: (index: number) => void;
}

const GAP = 4;

/**
 * A row of small binary (or grey-level) images on one canvas: white is 0, black is 1, greys are
 * probabilities in between. With onSelect, transparent buttons over the images pick one.
 */
export function PixelGrid({ images, count, side, cell, label, description, selected = null, onSelect, columns, marked }: PixelGridProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const cols = Math.max(1, Math.min(count, columns ?? count));
  const rows = Math.ceil(count / cols);
  const width = cols * cell + (cols - 1) * GAP;
  const height = rows * cell + (rows - 1) * GAP;
  // A string, so a fresh `marked` array with the same entries does not redraw.
  const markKey = marked?.map((m) => (m ? '1' : '0')).join('') ?? '';
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    fitCanvas(canvas, ctx, width, height);
    const px = cell / side;
    const pixels = side * side;
    for (let i = 0; i < count; i++) {
      const x0 = (i % cols) * (cell + GAP);
      const y0 = Math.floor(i / cols) * (cell + GAP);
      for (let p = 0; p < pixels; p++) {
        const v = images[i * pixels + p] ?? 0;
        const g = Math.round(255 * (1 - Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0))));
        ctx.fillStyle = `rgb(${g},${g},${g})`;
        // Overlap by a hair so no seams show between pixels.
        ctx.fillRect(x0 + (p % side) * px, y0 + Math.floor(p / side) * px, px + 0.5, px + 0.5);
      }
      const ring = i === selected || markKey[i] === '1';
      ctx.strokeStyle = ring ? '#D55E00' : '#999';
      ctx.lineWidth = ring ? 3 : 1;
      ctx.strokeRect(x0 + (ring ? 1.5 : 0.5), y0 + (ring ? 1.5 : 0.5), cell - (ring ? 3 : 1), cell - (ring ? 3 : 1));
    }
  }, [images, count, side, cell, width, height, cols, selected, markKey]);
  return (
    <figure className="pixel-grid">
      <figcaption className="pixel-grid-label">{label}</figcaption>
      <div className="pixel-grid-images" style={{ position: 'relative', width, height }}>
        <canvas ref={ref} style={{ width, height, display: 'block' }} role="img" aria-label={description} />
        {onSelect &&
          Array.from({ length: count }, (_, i) => (
            <button
              key={i}
              type="button"
              className="pixel-grid-pick"
              aria-label={`Inspect image ${i}`}
              aria-pressed={i === selected}
              onClick={() => onSelect(i)}
              style={{ position: 'absolute', left: (i % cols) * (cell + GAP), top: Math.floor(i / cols) * (cell + GAP), width: cell, height: cell }}
            />
          ))}
      </div>
    </figure>
  );
}

/** The grey scale's key: white = pixel off (probability 0), black = on (1). */
export function PixelScaleKey() {
  return (
    <div className="pixel-scale-key" aria-label="Grey scale: white is a pixel off (probability 0), black is on (probability 1)">
      <span>pixel on with probability 0</span>
      <svg width="90" height="12" aria-hidden="true">
        <defs>
          <linearGradient id="pixel-key-gradient">
            <stop offset="0" stopColor="#fff" />
            <stop offset="1" stopColor="#000" />
          </linearGradient>
        </defs>
        <rect x="0.5" y="0.5" width="89" height="11" fill="url(#pixel-key-gradient)" stroke="#999" />
      </svg>
      <span>1</span>
    </div>
  );
}
