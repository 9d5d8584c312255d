import { type NodeRef, nodeRefSchema } from '../../../api/common.js';
import { session } from './session.svelte';

// "Who am I": the starting person for "how do I reach them" and who-to-contact. A signed-in user
// the server knows as a Person (GET /api/auth/me's `person`) starts from themself; anyone may
// pick another start, remembered in this browser only.
const KEY = 'ringe.me';

function read(): NodeRef | null {
  try {
    // Checked as the API's own node reference: the browser may hold something older or broken.
    const v = nodeRefSchema.safeParse(JSON.parse(localStorage.getItem(KEY) ?? 'null'));
    return v.success ? v.data : null;
  } catch {
    return null;
  }
}

class Me {
  /** The start picked in this browser, if any. */
  chosen = $state<NodeRef | null>(read());

  /** The Person the signed-in user is, as the server says; null when signed out or not linked. */
  get linked(): NodeRef | null {
    return session.me?.person ?? null;
  }

  /** Signed in, but the server knows no Person for the user: they are told so where the start would be. */
  get unknown(): boolean {
    return !!session.me?.user && !session.me.person;
  }

  /** Where the ways start: the one picked here, else the signed-in user themself. */
  get person(): NodeRef | null {
    return this.chosen ?? this.linked;
  }

  /** Whether the start is the signed-in user themself. */
  get isSelf(): boolean {
    return !!this.linked && this.person?.id === this.linked.id;
  }

  set(p: NodeRef | null): void {
    // Picking oneself is no choice to remember: the start then follows the user's own link.
    const keep = p && p.id !== this.linked?.id ? p : null;
    this.chosen = keep;
    if (keep) localStorage.setItem(KEY, JSON.stringify({ id: keep.id, kind: keep.kind, name: keep.name }));
    else localStorage.removeItem(KEY);
  }

  /** Starts from the signed-in user themself again. */
  startFromSelf(): void {
    this.set(null);
  }
}

export const me = new Me();
