import { useEffect, useRef } from 'react';
import { SHORTCUTS } from './keyboard';

/** The "?" overlay: a modal list of the keyboard shortcuts. Escape or the button closes it. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement | null>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    opener.current = document.activeElement;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const closed = () => {
    // Hand focus back explicitly: left on the dialog's Close button, the next Space would press that
    // (now hidden) button instead of reaching the page's play/pause shortcut.
    const back = opener.current;
    if (back instanceof HTMLElement && back.isConnected && back !== document.body) back.focus();
    else if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    onClose();
  };
  return (
    <dialog ref={ref} className="shortcut-help" aria-labelledby="shortcut-title" onClose={closed}>
      <h2 id="shortcut-title">Keyboard shortcuts</h2>
      <dl>
        {SHORTCUTS.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <h3>In the address</h3>
      <ul className="url-options">
        <li>
          <code>lecture=1</code>: one panel fills the screen, large type, projector colours.
        </li>
        <li>
          <code>embed=1</code> (with <code>exp=…</code>): the panel alone, for an iframe in slides.
        </li>
        <li>
          <code>hide=controls,prose,header,nav,presets,notices,footer</code> (any of them, or a setting’s name): leaves
          those parts out.
        </li>
      </ul>
      <button type="button" onClick={() => ref.current?.close()} autoFocus>
        Close
      </button>
    </dialog>
  );
}
