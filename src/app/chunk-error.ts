/**
 * Whether an error is a failed load of one of the build's own files (a lazily imported chunk or its
 * stylesheet): what a tab opened on an earlier deployment meets once the server has only the newer
 * build's files. Each browser words it differently; Vite's preloader adds the stylesheet case.
 */
const CHUNK_LOAD_MESSAGES = [
  /Failed to fetch dynamically imported module/i, // Chromium
  /error loading dynamically imported module/i, // Firefox
  /Importing a module script failed/i, // Safari
  /Unable to preload CSS/i, // Vite's preloader, for a chunk's stylesheet
];

export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return CHUNK_LOAD_MESSAGES.some((pattern) => pattern.test(message));
}
