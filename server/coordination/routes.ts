import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../http.js';
import type { CoordinationService } from './service.js';

export function coordinationRoutes(router: Router, coordination: CoordinationService): void {
  route(router, endpoints.departments, () => coordination.departments());
  route(router, endpoints.coordination, () => coordination.coordination());
}
