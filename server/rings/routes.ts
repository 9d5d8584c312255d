import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { ringsService } from './service.js';

export function ringsRoutes(router: Router, rings: ReturnType<typeof ringsService>): void {
  route(router, endpoints.rings, ({ params, query }) => rings.rings(params.id, query.depth, query.limit, query.at));
}
