import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { HistoryService } from './service.js';

export function historyRoutes(router: Router, history: HistoryService): void {
  route(router, endpoints.nodeHistory, ({ params, query }) => history.ofNode(params.id, query));
  route(router, endpoints.history, ({ query }) => history.all(query));
}
