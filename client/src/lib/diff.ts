// Diffing Cytoscape elements by id (as react-cytoscapejs does): the graph keeps its nodes,
// positions and selection when new data arrives, and only what changed is touched.

export interface ElementDef {
  data: { id: string; [key: string]: unknown };
}

export interface ElementDiff<E extends ElementDef> {
  add: E[];
  remove: string[];
  update: E[];
}

function sameData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

/** What to add, remove and update to turn `current` (data by id) into `next`. */
export function diffElements<E extends ElementDef>(
  current: Map<string, Record<string, unknown>>,
  next: E[],
): ElementDiff<E> {
  const nextIds = new Set<string>();
  const add: E[] = [];
  const update: E[] = [];
  for (const el of next) {
    if (nextIds.has(el.data.id)) continue; // a repeated id is drawn once
    nextIds.add(el.data.id);
    const had = current.get(el.data.id);
    if (!had) add.push(el);
    else if (!sameData(had, el.data)) update.push(el);
  }
  const remove = [...current.keys()].filter((id) => !nextIds.has(id));
  // Nodes before edges: an edge can only be added once both its ends exist.
  add.sort((a, b) => Number('source' in a.data) - Number('source' in b.data));
  return { add, remove, update };
}
