import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { RippleService } from './service.js';

export function rippleRoutes(router: Router, ripple: RippleService): void {
  route(router, endpoints.ripple, ({ params, query }) => ripple.ripple(params.id, query.at));
}
