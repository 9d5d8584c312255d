import { expect } from 'vitest';
import { type RunningApp, send } from '../helpers.js';

/**
 * Edits through the API for the kept-graph tests' random sequences, keeping track of what they made so later edits
 * can name it at its version. `nodes` are the nodes the test made (by Cypher), at version 1.
 */
export function apiEdits(app: RunningApp, cookie: string, nodes: readonly string[]) {
  /** Relations made by the edits, by id, with their version: deleted again at random. */
  const made = new Map<string, number>();
  /** Nodes' versions, as their edits answer them. */
  const versions = new Map<string, number>(nodes.map((id) => [id, 1]));

  const relate = async (type: string, source: string, target: string) => {
    const { status, body } = await send(app, 'POST', '/api/relations', { cookie, body: { type, source, target } });
    if (status === 201) made.set(body.relation.id, body.relation.version);
    else expect(status, JSON.stringify(body)).toBe(409); // already there
  };
  const unrelate = async (id: string) => {
    const { status } = await send(app, 'DELETE', `/api/relations/${encodeURIComponent(id)}?version=${made.get(id)}`, {
      cookie,
    });
    expect(status).toBe(204);
    made.delete(id);
  };
  const patch = async (id: string, properties: Record<string, unknown>) => {
    const { status, body } = await send(app, 'PATCH', `/api/nodes/${encodeURIComponent(id)}`, {
      cookie,
      body: { version: versions.get(id), properties },
    });
    expect(status, JSON.stringify(body)).toBe(200);
    versions.set(id, body.node.version);
  };
  /** Deletes a node at its version; its relations go with it. */
  const remove = async (id: string) => {
    const { status } = await send(app, 'DELETE', `/api/nodes/${encodeURIComponent(id)}?version=${versions.get(id)}`, {
      cookie,
    });
    expect(status).toBe(204);
    for (const r of [...made.keys()]) if (r.split('|').includes(id)) made.delete(r);
  };
  return { made, versions, relate, unrelate, patch, remove };
}
