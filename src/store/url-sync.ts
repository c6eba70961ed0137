/** Keep the address bar equal to the state that reproduces the run: one subscriber, replaceState only. */
import { appStore } from './store';
import { encodeUrlState } from '../params/url';
import { schemaOf, DEFAULT_EXPERIMENT_ID } from '../core/catalog';

export function shareableQuery(): string {
  const s = appStore.getState();
  const schema = schemaOf(s.experimentId);
  if (!schema) return '';
  return encodeUrlState(
    { experimentId: s.experimentId, seed: s.seed, backend: s.backendChoice, params: s.params },
    schema,
    DEFAULT_EXPERIMENT_ID,
  );
}

export function shareableUrl(): string {
  const url = new URL(window.location.href);
  url.search = shareableQuery();
  return url.toString();
}

export function startUrlSync(): () => void {
  let last = '';
  return appStore.subscribe((s, prev) => {
    if (s.params === prev.params && s.seed === prev.seed && s.backendChoice === prev.backendChoice && s.experimentId === prev.experimentId) return;
    const query = shareableQuery();
    if (query === last) return;
    last = query;
    // Page-level keys (lecture mode, hidden controls) are kept as they were.
    const url = new URL(window.location.href);
    const keep = new URLSearchParams(url.search);
    const next = new URLSearchParams(query);
    for (const key of ['hide', 'embed', 'lecture', 'section', 'thread', 'threads', 'deck']) {
      const v = keep.get(key);
      if (v !== null) next.set(key, v);
    }
    url.search = next.toString();
    window.history.replaceState(null, '', url);
  });
}
