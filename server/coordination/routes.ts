import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { get } from '../http.js';
import type { CoordinationService } from './service.js';

export function coordinationRoutes(router: Router, coordination: CoordinationService): void {
  get(router, endpoints.departments, () => coordination.departments());
  get(router, endpoints.coordination, () => coordination.coordination());
}
