import { Component, type ErrorInfo, type ReactNode } from 'react';
import { isChunkLoadError } from './chunk-error';

interface Props {
  children: ReactNode;
  /** What the boundary stands in for, in the message ("panel", "page"). */
  part: string;
}

/**
 * Catches an error from the part below it (a lazily loaded panel, the article) and shows what
 * happened in its place, so the rest of the page, and the training, carry on instead of React
 * unmounting everything to a blank page. A chunk that cannot be fetched means a newer build has
 * replaced the one this tab runs: the notice offers a reload, which keeps the address, and the
 * address holds the run (experiment, seed, every changed setting). Give it a `key` that changes with
 * the experiment, so another section gets a fresh try.
 */
export class PanelErrorBoundary extends Component<Props, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error: error ?? new Error('unknown error') };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.warn(`The ${this.props.part} failed to render:`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    const reload = (
      <a
        href={window.location.href}
        data-testid="reload-link"
        onClick={(e) => {
          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
          e.preventDefault();
          // reload() rather than following the link: a link to the same address with a #fragment only scrolls.
          window.location.reload();
        }}
      >
        Reload
      </a>
    );
    if (isChunkLoadError(error)) {
      return (
        <div className="alert" role="alert" data-testid="new-version">
          <p>
            <strong>A new version of this page is available.</strong> This tab still runs the previous one, whose
            files for this {this.props.part} are gone from the server. {reload} to switch to the new version: the
            address keeps your experiment, seed and settings.
          </p>
        </div>
      );
    }
    return (
      <div className="alert alert-error" role="alert" data-testid="part-error">
        <p>
          <strong>This {this.props.part} stopped with an error:</strong> {error instanceof Error ? error.message : String(error)}.{' '}
          {reload} to start it again: the address keeps your experiment, seed and settings.
        </p>
      </div>
    );
  }
}
