import { useCallback, useState } from 'react';
import { mapIndex, type NetworkFrame, type UnitRef } from '../../core/mlp/network-frame';

/**
 * Which hidden unit the reader is looking at: the one under the pointer (or keyboard focus), else the
 * one pinned by a click (so touch screens, which have no hover, can show one too). Held by the panel,
 * so the network figure and the decision map show the same unit.
 */
export interface UnitFocus {
  hovered: UnitRef | null;
  pinned: UnitRef | null;
  hover: (unit: UnitRef | null) => void;
  togglePin: (unit: UnitRef) => void;
}

export const sameUnit = (a: UnitRef | null, b: UnitRef | null) => !!a && !!b && a.layer === b.layer && a.unit === b.unit;

export function useUnitFocus(): UnitFocus {
  const [hovered, setHovered] = useState<UnitRef | null>(null);
  const [pinned, setPinned] = useState<UnitRef | null>(null);
  const togglePin = useCallback((unit: UnitRef) => setPinned((p) => (sameUnit(p, unit) ? null : unit)), []);
  return { hovered, pinned, hover: setHovered, togglePin };
}

/** The unit to show in this frame: hovered, else pinned, if the net still has it (a rebuild may drop it). */
export function shownUnit(focus: UnitFocus, net: NetworkFrame): UnitRef | null {
  for (const u of [focus.hovered, focus.pinned]) if (u && mapIndex(net.drawn, u) >= 0) return u;
  return null;
}
