import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { PrivacyService } from './service.js';

export function privacyRoutes(router: Router, privacy: PrivacyService): void {
  route(router, endpoints.personExport, ({ params }) => privacy.exportPerson(params.id));
  route(router, endpoints.erasePerson, ({ params, query, user }) => privacy.erase(params.id, query.confirm, user!));
}
