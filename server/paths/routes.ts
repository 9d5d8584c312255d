import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { PathsService } from './service.js';

export function pathsRoutes(router: Router, paths: PathsService): void {
  route(router, endpoints.paths, ({ query }) => paths.paths(query));
}
