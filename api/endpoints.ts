import type { z } from 'zod';
import { adminEndpoints } from './admin.js';
import { meResponse } from './auth.js';
import { ep } from './endpoint.js';
import * as e from './edit.js';
import * as x from './explore.js';
import { handoverEndpoints } from './handovers.js';
import { surveyEndpoints } from './surveys.js';
import { leadershipEndpoints } from './leadership.js';
import { reportEndpoints } from './report.js';
import { syncEndpoints } from './sync.js';
import { transferEndpoints } from './transfer.js';
import { z as zod } from 'zod';

export type { Endpoint } from './endpoint.js';

export const endpoints = {
  search: ep({
    method: 'get',
    path: '/api/search',
    summary:
      'Full-text search over people, networks, departments, partners, trainings and outcomes (Danish, forgiving of typos and ae/oe/aa).',
    query: x.searchQuery,
    response: x.searchResponse,
  }),
  searchMisses: ep({
    method: 'get',
    path: '/api/search/misses',
    summary:
      'Topics people asked about and found no one, counted per week (words only): the relations still to be mapped. Coordinators and admins only.',
    role: 'coordinator',
    query: x.searchMissesQuery,
    response: x.searchMissesResponse,
  }),
  node: ep({
    method: 'get',
    path: '/api/nodes/{id}',
    summary: "A node's properties and its direct relations by type; for a person, the contact card.",
    params: x.nodeParams,
    query: x.atQuery,
    response: x.nodeResponse,
  }),
  rings: ep({
    method: 'get',
    path: '/api/nodes/{id}/rings',
    summary: 'The rings in the water: nodes by hop distance from the centre, as Cytoscape elements.',
    params: x.nodeParams,
    query: x.ringsQuery,
    response: x.ringsResponse,
  }),
  paths: ep({
    method: 'get',
    path: '/api/paths',
    summary:
      'The shortest ways from one node to another, each step as facts (the node it leaves, the relation, the node it reaches).',
    query: x.pathsQuery,
    response: x.pathsResponse,
  }),
  contacts: ep({
    method: 'get',
    path: '/api/contacts',
    summary: 'Who to contact about a topic, ranked, with the reasons and the way there from a person.',
    query: x.contactsQuery,
    response: x.contactsResponse,
  }),
  networks: ep({
    method: 'get',
    path: '/api/networks',
    summary: 'Networks, filtered by kind, status, phase and department.',
    query: x.networksQuery,
    response: x.networksResponse,
  }),
  flower: ep({
    method: 'get',
    path: '/api/networks/{id}/flower',
    summary: "A network's flower: its petals by perspective, leaders, partners, status and phase.",
    params: x.nodeParams,
    query: x.todayQuery,
    response: x.flowerResponse,
  }),
  departments: ep({
    method: 'get',
    path: '/api/departments',
    summary: 'Departments with their people and the networks those people lead or join.',
    query: x.todayQuery,
    response: x.departmentsResponse,
  }),
  coordination: ep({
    method: 'get',
    path: '/api/coordination',
    summary:
      'The department-by-department matrix: what links each pair, each share of cross ties, and who stands alone.',
    query: x.todayQuery,
    response: x.coordinationResponse,
  }),
  me: ep({
    method: 'get',
    path: '/api/auth/me',
    summary: 'Who is signed in (or null), their roles, and how signing in works here.',
    role: 'public',
    response: meResponse,
  }),
  graph: ep({
    method: 'get',
    path: '/api/graph',
    summary: 'The whole graph or a filtered part of it as Cytoscape elements, capped.',
    query: x.graphQuery,
    response: x.graphResponse,
  }),
  createNode: ep({
    method: 'post',
    path: '/api/nodes',
    summary:
      'Creates a node with a client-made id; repeating the same request returns the same node, never a second one.',
    role: 'coordinator',
    body: e.createNodeBody,
    status: 201,
    response: e.nodeEditResponse,
  }),
  updateNode: ep({
    method: 'patch',
    path: '/api/nodes/{id}',
    summary: "Changes a node's properties if `version` is still current; 409 with the current node otherwise.",
    role: 'coordinator',
    params: x.nodeParams,
    body: e.updateNodeBody,
    response: e.nodeEditResponse,
  }),
  deleteNode: ep({
    method: 'delete',
    path: '/api/nodes/{id}',
    summary: 'Deletes a node and its relations if `version` is still current; 409 with the current node otherwise.',
    role: 'coordinator',
    params: x.nodeParams,
    query: e.versionQuery,
    status: 204,
    response: zod.null(),
  }),
  createRelation: ep({
    method: 'post',
    path: '/api/relations',
    summary: 'Creates a relation the model allows; its id is source|TYPE|target, so a retry never makes a second one.',
    role: 'coordinator',
    body: e.createRelationBody,
    status: 201,
    response: e.relationEditResponse,
  }),
  updateRelation: ep({
    method: 'patch',
    path: '/api/relations/{id}',
    summary: "Changes a relation's since, until, via or wording if `version` is still current.",
    role: 'coordinator',
    params: e.relationParams,
    body: e.updateRelationBody,
    response: e.relationEditResponse,
  }),
  deleteRelation: ep({
    method: 'delete',
    path: '/api/relations/{id}',
    summary: 'Deletes a relation if `version` is still current.',
    role: 'coordinator',
    params: e.relationParams,
    query: e.versionQuery,
    status: 204,
    response: zod.null(),
  }),
  nodeHistory: ep({
    method: 'get',
    path: '/api/nodes/{id}/history',
    summary: "A node's changes, newest first: who, when, what, before and after (also after the node was deleted).",
    params: x.nodeParams,
    query: e.historyQuery,
    response: e.historyResponse,
  }),
  history: ep({
    method: 'get',
    path: '/api/history',
    summary: 'All changes to the graph, newest first.',
    query: e.historyQuery,
    response: e.historyResponse,
  }),
  undo: ep({
    method: 'post',
    path: '/api/nodes/{id}/undo',
    summary: "Undoes the node's last change (recorded as a change of its own).",
    role: 'coordinator',
    params: x.nodeParams,
    response: zod.strictObject({ change: e.changeSchema }),
  }),
  ...adminEndpoints,
  ...transferEndpoints,
  ...leadershipEndpoints,
  ...reportEndpoints,
  ...handoverEndpoints,
  ...syncEndpoints,
  ...surveyEndpoints,
} as const;

export type Endpoints = typeof endpoints;
export type Response<K extends keyof Endpoints> = z.infer<Endpoints[K]['response']>;
