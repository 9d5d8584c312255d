import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { NodesService } from './service.js';

export function nodesRoutes(router: Router, nodes: NodesService): void {
  // Without `at`, every relation, ended ones included: the node page is where they are edited.
  route(router, endpoints.node, ({ params, query }) => nodes.get(params.id, query.at));
}
