/** The plane through the current weights: a heatmap with contours, or the same grid as a 3-D mesh. */
import { useState } from 'react';
import { SurfaceMap } from '../../charts/SurfaceMap';
import { SurfaceMesh } from '../../charts/SurfaceMesh';
import type { LossSurfaceFrameData } from '../../core/experiments/loss-surface.schema';

type Plane = NonNullable<LossSurfaceFrameData['plane']>;

interface PlaneFigureProps {
  plane: Plane;
  /** Drawn at the live (coarser) resolution while training. */
  live: boolean;
  /** The chosen grid resolution (the plane may be drawn coarser while training). */
  resolution: number;
  logColor: boolean;
  size: number;
}

export function PlaneFigure({ plane, live, resolution, logColor, size }: PlaneFigureProps) {
  const [mode, setMode] = useState<'map' | 'mesh'>('map');
  if (plane.problem) {
    return (
      <div className="alert alert-info ls-plane-problem" role="status" data-testid="plane-problem">
        {plane.problem}
      </div>
    );
  }
  const description = `Training loss over a ${plane.resolution} by ${plane.resolution} grid of the plane (${plane.view}), span ${plane.span}.`;
  return (
    <>
      <div className="ls-plane-mode" role="group" aria-label="How to draw the plane">
        <button type="button" aria-pressed={mode === 'map'} onClick={() => setMode('map')}>
          Heatmap
        </button>
        <button type="button" aria-pressed={mode === 'mesh'} onClick={() => setMode('mesh')} data-testid="plane-mesh">
          3-D mesh
        </button>
      </div>
      {mode === 'mesh' ? (
        <SurfaceMesh values={plane.values} resolution={plane.resolution} span={plane.span} logColor={logColor} axisA={plane.axisA} axisB={plane.axisB} size={size} description={description} />
      ) : (
        <SurfaceMap
          values={plane.values}
          resolution={plane.resolution}
          span={plane.span}
          logColor={logColor}
          pathA={plane.pathA}
          pathB={plane.pathB}
          marks={plane.marks}
          axisA={plane.axisA}
          axisB={plane.axisB}
          size={size}
          description={description}
        />
      )}
      {live && (
        <p className="hint" data-testid="plane-live-resolution">
          While training, the views are sampled more coarsely (this plane at {plane.resolution} × {plane.resolution}, the lines at
          half their density) so they can refresh several times a second; pause to see them in full
          {plane.resolution !== resolution ? ` (${resolution} × ${resolution})` : ''}.
        </p>
      )}
    </>
  );
}
