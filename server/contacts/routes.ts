import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import type { ContactsService } from './service.js';

export function contactsRoutes(router: Router, contacts: ContactsService): void {
  route(router, endpoints.contacts, ({ query }) => contacts.contacts(query));
}
