import type { CyEdge, CyNode, RelType } from '../../api/common.js';
import { relationId } from '../../api/edit.js';
import { mulberry32 } from '../../server/common/random.js';

// A graph like a large municipality's rings, of about `total` elements (nodes + edges): people in
// ten departments, the networks they lead and take part in, a few partners; edges mostly
// person–network and KNOWS, a little over one edge per node. Deterministic for a seed.

export const DEPARTMENTS = Array.from({ length: 10 }, (_, i) => `dep-${i}`);

export function benchElements(total: number, seed = 7): { nodes: CyNode[]; edges: CyEdge[] } {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const nodeCount = Math.max(3, Math.round(total / 2.15));
  const edgeTarget = Math.max(2, total - nodeCount);
  const networkCount = Math.max(1, Math.round(nodeCount * 0.08));
  const partnerCount = Math.round(nodeCount * 0.02);
  const personCount = Math.max(1, nodeCount - networkCount - partnerCount);

  const nodes: CyNode[] = [];
  const people: { id: string; department: string }[] = [];
  const networks: { id: string; department: string }[] = [];
  for (let i = 0; i < personCount; i++) {
    const department = pick(DEPARTMENTS);
    people.push({ id: `p${i}`, department });
    nodes.push({ data: { id: `p${i}`, label: `Person ${i}`, kind: 'Person', department } });
  }
  for (let i = 0; i < networkCount; i++) {
    const department = pick(DEPARTMENTS);
    networks.push({ id: `n${i}`, department });
    nodes.push({
      data: {
        id: `n${i}`,
        label: `Netværk ${i}`,
        kind: 'Network',
        department,
        status: i % 5 === 0 ? 'afsluttet' : 'i gang',
      },
    });
  }
  for (let i = 0; i < partnerCount; i++)
    nodes.push({ data: { id: `x${i}`, label: `Partner ${i}`, kind: 'Partner', department: null } });

  const edges: CyEdge[] = [];
  const seen = new Set<string>();
  const add = (source: string, target: string, type: RelType, crossDepartment: boolean) => {
    const id = relationId(source, type, target);
    if (source === target || seen.has(id) || edges.length >= edgeTarget) return;
    seen.add(id);
    edges.push({ data: { id, source, target, type, crossDepartment } });
  };
  const byDepartment = new Map(DEPARTMENTS.map((d) => [d, people.filter((p) => p.department === d)]));
  // Every network has a leader, mostly from its own department.
  for (const n of networks) {
    const pool = byDepartment.get(n.department)!;
    const leader = pool.length > 0 && rnd() < 0.8 ? pick(pool) : pick(people);
    add(leader.id, n.id, 'LEADS', leader.department !== n.department);
  }
  // Every person takes part in a network (a few in two), mostly of their own department.
  for (const p of people) {
    const own = networks.filter((n) => n.department === p.department);
    const n = own.length > 0 && rnd() < 0.7 ? pick(own) : pick(networks);
    add(p.id, n.id, 'PARTICIPATES_IN', p.department !== n.department);
  }
  for (let i = 0; i < partnerCount; i++) add(pick(networks).id, `x${i}`, 'COLLABORATES_WITH', false);
  // The rest: people who know each other, mostly within a department.
  for (let tries = 0; edges.length < edgeTarget && tries < edgeTarget * 10; tries++) {
    const a = pick(people);
    const pool = byDepartment.get(a.department)!;
    const b = rnd() < 0.75 && pool.length > 1 ? pick(pool) : pick(people);
    add(a.id, b.id, 'KNOWS', a.department !== b.department);
  }

  // Rings: hops from the first person, as the rings endpoint gives them.
  const neighbours = new Map<string, string[]>(nodes.map((n) => [n.data.id, []]));
  for (const e of edges) {
    neighbours.get(e.data.source)!.push(e.data.target);
    neighbours.get(e.data.target)!.push(e.data.source);
  }
  const ring = new Map<string, number>([['p0', 0]]);
  let frontier = ['p0'];
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const id of frontier)
      for (const m of neighbours.get(id)!)
        if (!ring.has(m)) {
          ring.set(m, depth);
          next.push(m);
        }
    frontier = next;
  }
  const outer = Math.max(...ring.values()) + 1;
  for (const n of nodes) n.data.ring = ring.get(n.data.id) ?? outer;
  return { nodes, edges };
}
