import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { get } from '../http.js';
import type { PathsService } from './service.js';

export function pathsRoutes(router: Router, paths: PathsService): void {
  get(router, endpoints.paths, ({ query }) => paths.paths(query));
}
