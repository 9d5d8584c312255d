import { request as httpRequest, type Agent } from 'node:http';
import { today, type RelType } from '../api/common.js';
import { relationId, type EditedRelation } from '../api/edit.js';
import type { NodeResponse } from '../api/explore.js';

// Edits for the benchmark's "after an edit" rows (issue 22): one real change of the tie graph at a
// time, through the HTTP API as a coordinator makes it, each added relation deleted again by the
// next edit, so the graph ends as it began.

/** The relations added in turn, each deleted again by the edit after it. */
const ADDED: readonly RelType[] = ['KNOWS', 'PARTICIPATES_IN', 'WORKS_IN'];
/** Random draws tried for ends the relation does not join yet before giving up. */
const TRIES = 100;

export interface GraphEdits {
  /** Makes the next edit and says which (e.g. "add KNOWS", "delete KNOWS"). */
  next(): Promise<string>;
  /** Deletes the relation the last edit added, if it is still there. */
  restore(): Promise<void>;
}

interface Options {
  port: number;
  agent: Agent;
  /** The session cookie of a coordinator. */
  cookie: string;
  /** Draws a number in [0, 1): seeded, so every run makes the same edits. */
  pick: () => number;
  personIds: string[];
  networkIds: string[];
  departmentIds: string[];
}

/**
 * In turn: a KNOWS between two people, a person taking part in a network, a person working in one
 * more department (a change of the departments they work in), each added and then deleted. Every
 * relation added is one the graph lacked, without since or until, so it holds on today's day: each
 * edit changes the tie graph of the day the operations are asked about.
 */
export function graphEdits({ port, agent, cookie, pick, personIds, networkIds, departmentIds }: Options): GraphEdits {
  const origin = `http://127.0.0.1:${port}`;
  const one = <T>(list: T[]) => list[Math.floor(pick() * list.length)]!;
  const send = (method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      httpRequest(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          agent,
          headers: {
            cookie,
            origin,
            ...(data === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      )
        .on('error', reject)
        .end(data);
    });
  const node = async (id: string): Promise<NodeResponse> => {
    const { status, text } = await send('GET', `/api/nodes/${encodeURIComponent(id)}`);
    if (status !== 200) throw new Error(`GET /api/nodes/${id} answered ${status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as NodeResponse;
  };
  /** The ids of the nodes the node's relations of these types join it to, either way; null when the answer lists only some. */
  const joined = (n: NodeResponse, types: RelType[]) =>
    n.truncated ? null : new Set(types.flatMap((type) => (n.relations[type] ?? []).map((r) => r.node.id)));

  /** Ends for a new relation of the type, drawn until the graph does not join them yet. */
  const endsFor = async (type: RelType): Promise<[string, string]> => {
    for (let i = 0; i < TRIES; i++) {
      const source = one(personIds);
      const target = type === 'KNOWS' ? one(personIds) : type === 'WORKS_IN' ? one(departmentIds) : one(networkIds);
      if (source === target) continue;
      // A network holds from the day it started: one starting later ties no one today.
      if (type === 'PARTICIPATES_IN') {
        const startedAt = (await node(target)).node.properties.startedAt;
        if (typeof startedAt === 'string' && startedAt > today()) continue;
      }
      const types: RelType[] = type === 'PARTICIPATES_IN' ? ['LEADS', 'PARTICIPATES_IN'] : [type];
      if (joined(await node(source), types)?.has(target) === false) return [source, target];
    }
    throw new Error(`Found no two nodes without a ${type} between them in ${TRIES} draws.`);
  };

  let turn = 0;
  let added: EditedRelation | null = null;
  const remove = async (relation: EditedRelation) => {
    const { status, text } = await send(
      'DELETE',
      `/api/relations/${encodeURIComponent(relation.id)}?version=${relation.version}`,
    );
    if (status !== 204) throw new Error(`Deleting ${relation.id} answered ${status}: ${text.slice(0, 300)}`);
  };
  return {
    async next() {
      if (added) {
        const relation = added;
        await remove(relation);
        added = null;
        return `delete ${relation.type}`;
      }
      const type = ADDED[turn++ % ADDED.length]!;
      const [source, target] = await endsFor(type);
      const { status, text } = await send('POST', '/api/relations', { type, source, target });
      if (status !== 201) throw new Error(`Adding ${relationId(source, type, target)} answered ${status}: ${text}`);
      added = (JSON.parse(text) as { relation: EditedRelation }).relation;
      return `add ${type}`;
    },
    async restore() {
      if (added) await remove(added);
      added = null;
    },
  };
}
