import { formatState, hashState, parseState, type AppState, type View } from './url';

/** The view that shows a node of this kind. */
export function viewOf(kind: string): View {
  return kind === 'Network' ? 'network' : kind === 'Department' ? 'department' : 'node';
}

/** The app's state, kept in and restored from the URL. */
class Router {
  state = $state<AppState>(parseState(window.location.search));

  constructor() {
    this.#fromHash();
    window.addEventListener('popstate', () => {
      this.state = parseState(window.location.search);
    });
    window.addEventListener('hashchange', () => this.#fromHash());
  }

  /**
   * A short link (`#/surveys/<roundId>`, in invitations) becomes the page's ordinary address, so
   * signing in (which comes back to path and query) and back/forward keep it.
   */
  #fromHash(): void {
    const patch = hashState(window.location.hash);
    if (patch) this.go(patch, { replace: true });
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
    this.go({ view: viewOf(kind), id });
  }

  /** The link to the state after `patch`, for real <a href>s (new tab, copy link). */
  href(patch: Partial<AppState>): string {
    return formatState({ ...this.state, ...patch }) || '?';
  }
}

export const router = new Router();
