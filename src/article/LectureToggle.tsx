import { setLecture, usePage } from './navigation';

/** The header's way into lecture mode (the same as `?lecture=1` or the l key). */
export function LectureToggle() {
  const lecture = usePage((s) => s.lecture);
  return (
    <button type="button" aria-pressed={lecture} onClick={() => setLecture(!lecture)} data-testid="lecture-toggle" title="One panel fills the screen, large type, projector colours (l)">
      Lecture mode
    </button>
  );
}
