import { type NodeRef, nodeRefSchema } from '../../../api/common.js';

// "Who am I": the starting person for "how do I reach them", remembered in this browser only.
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
  person = $state<NodeRef | null>(read());
  set(p: NodeRef | null): void {
    this.person = p;
    if (p) localStorage.setItem(KEY, JSON.stringify({ id: p.id, kind: p.kind, name: p.name }));
    else localStorage.removeItem(KEY);
  }
}

export const me = new Me();
