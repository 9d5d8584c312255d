import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { CoordinationService } from './service.js';

export function coordinationRoutes(router: Router, coordination: CoordinationService): void {
  route(router, endpoints.departments, ({ query }) => coordination.departments(query.at));
  route(router, endpoints.coordination, ({ query }) => coordination.coordination(query.at));
}
