import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { TrendsService } from './service.js';

export function trendsRoutes(router: Router, trends: TrendsService): void {
  route(router, endpoints.trends, () => trends.trends());
  route(router, endpoints.timeline, () => trends.timeline());
}
