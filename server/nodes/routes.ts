import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../http.js';
import type { NodesService } from './service.js';

export function nodesRoutes(router: Router, nodes: NodesService): void {
  route(router, endpoints.node, ({ params }) => nodes.get(params.id));
}
