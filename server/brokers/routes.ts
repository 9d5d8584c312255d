import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { BrokersService } from './service.js';

export function brokersRoutes(router: Router, brokers: BrokersService): void {
  route(router, endpoints.brokers, ({ query }) => brokers.brokers(query));
}
