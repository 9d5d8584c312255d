import { formatState, parseState, type AppState } from './url';

/** The app's state, kept in and restored from the URL. */
class Router {
  state = $state<AppState>(parseState(window.location.search));

  constructor() {
    window.addEventListener('popstate', () => {
      this.state = parseState(window.location.search);
    });
  }

  /** Changes the state; a new history entry unless `replace` (for typing, filters). */
  go(patch: Partial<AppState>, { replace = false } = {}): void {
    const next = { ...this.state, ...patch };
    const url = `${window.location.pathname}${formatState(next)}`;
    if (replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    this.state = next;
  }

  /** Opens a node in the view that suits its kind. */
  open(kind: string, id: string): void {
    const view = kind === 'Network' ? 'network' : kind === 'Department' ? 'department' : 'node';
    this.go({ view, id });
  }
}

export const router = new Router();
