/**
 * One legend for a group of figures: the estimators drawn there, grouped by family (one hue each), each
 * variant with its dash pattern. Replaces a legend under every chart of the group.
 */
import type { EstimatorKey } from '../../core/experiments/gradient-variance.schema';
import { FAMILIES, FAMILY_ORDER, LOOK } from './look';

export function LineSwatch({ k }: { k: EstimatorKey }) {
  const look = LOOK[k];
  return (
    <svg className="gv-line-swatch" width="22" height="10" aria-hidden="true">
      <line x1="1" x2="21" y1="5" y2="5" stroke={look.color} strokeWidth={2.5} strokeDasharray={look.dash} />
    </svg>
  );
}

export function FamilyLegend({ items, label }: { items: { key: EstimatorKey; label: string }[]; label: string }) {
  const groups = FAMILY_ORDER.map((f) => ({ family: f, members: items.filter((i) => LOOK[i.key].family === f) })).filter((g) => g.members.length > 0);
  if (groups.length === 0) return null;
  return (
    <div className="gv-legend" role="group" aria-label={label}>
      {groups.map((g) => (
        <div key={g.family} className="gv-legend-family">
          <span className="gv-legend-family-name" style={{ color: FAMILIES[g.family].text }}>
            {FAMILIES[g.family].label}
          </span>
          {g.members.map((m) => (
            <span key={m.key} className="gv-legend-item">
              <LineSwatch k={m.key} />
              {m.label}
            </span>
          ))}
        </div>
      ))}
    </div>
  );
}
