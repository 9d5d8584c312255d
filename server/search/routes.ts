import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { searchService } from './service.js';

export function searchRoutes(router: Router, search: ReturnType<typeof searchService>): void {
  route(router, endpoints.search, ({ query }) => search.search(query));
}
