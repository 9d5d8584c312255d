import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { get } from '../http.js';
import type { GraphService } from './service.js';

export function graphRoutes(router: Router, graph: GraphService): void {
  get(router, endpoints.graph, ({ query }) => graph.graph(query));
}
