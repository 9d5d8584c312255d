import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { searchService } from './service.js';
import type { Queries } from '../common/queries.js';
import { listMisses } from './help.js';

export function searchRoutes(router: Router, search: ReturnType<typeof searchService>, queries: Queries): void {
  route(router, endpoints.search, ({ query }) => search.search(query));
  route(router, endpoints.searchMisses, async ({ query }) => ({ misses: await listMisses(queries, query.weeks) }));
}
