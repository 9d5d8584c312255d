import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { GraphService } from './service.js';

export function graphRoutes(router: Router, graph: GraphService): void {
  route(router, endpoints.graph, ({ query }) => graph.graph(query));
}
