import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { get } from '../http.js';
import type { searchService } from './service.js';

export function searchRoutes(router: Router, search: ReturnType<typeof searchService>): void {
  get(router, endpoints.search, ({ query }) => search.search(query));
}
