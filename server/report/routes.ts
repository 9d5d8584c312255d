import type { Router } from 'express';
import { today } from '../../api/common.js';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { ReportService } from './service.js';

export function reportRoutes(router: Router, report: ReportService): void {
  route(router, endpoints.report, ({ query }) => report.report({ today: today(), since: query.since }));
}
