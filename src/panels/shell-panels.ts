/**
 * Panels drawn by the panel shell (common/PanelShell), which lays the section's prose out itself. The
 * others still get the prose above them from the article, until they move to the shell. A plain
 * module (no React) so the layout e2e can list the sections it checks.
 */
export const shellPanels: ReadonlySet<string> = new Set(['baseline', 'sparse-credit', 'bptt-memory', 'place-replay', 'learned-proxy', 'policy-entropy', 'fatal-state', 'loss-surface', 'gradient-variance', 'binary-latents']);
