import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { get } from '../http.js';
import type { ContactsService } from './service.js';

export function contactsRoutes(router: Router, contacts: ContactsService): void {
  get(router, endpoints.contacts, ({ query }) => contacts.contacts(query));
}
