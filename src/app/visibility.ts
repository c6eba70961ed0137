/**
 * Training pauses while the tab is hidden (nobody is watching, and the laptop's fan is) and resumes
 * when it returns, saying so. Only a run the user had playing is resumed.
 */
import { appStore, pushNotice } from '../store/store';
import { setRunning } from '../store/actions';

export function startVisibilityPause(): () => void {
  let pausedByUs = false;
  const onChange = () => {
    if (document.hidden) {
      if (appStore.getState().running) {
        pausedByUs = true;
        void setRunning(false);
      }
    } else if (pausedByUs) {
      pausedByUs = false;
      void setRunning(true);
      pushNotice('info', 'Training paused while this tab was hidden and has resumed.');
    }
  };
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}
