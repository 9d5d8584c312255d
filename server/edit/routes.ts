import type { Router } from 'express';
import { endpoints } from '../../api/endpoints.js';
import { route } from '../common/http.js';
import { signedIn, type EditService } from './service.js';

export function editRoutes(router: Router, edit: EditService): void {
  // The body's discriminated union is typed loosely by zod; its parse has checked kind and properties.
  route(router, endpoints.createNode, ({ body, user }) => edit.createNode(signedIn(user), body));
  route(router, endpoints.updateNode, ({ params, body, user }) => edit.updateNode(signedIn(user), params.id, body));
  route(router, endpoints.deleteNode, async ({ params, query, user }) => {
    await edit.deleteNode(signedIn(user), params.id, query.version);
    return null;
  });
  route(router, endpoints.createRelation, ({ body, user }) => edit.createRelation(signedIn(user), body));
  route(router, endpoints.updateRelation, ({ params, body, user }) =>
    edit.updateRelation(signedIn(user), params.id, body),
  );
  route(router, endpoints.deleteRelation, async ({ params, query, user }) => {
    await edit.deleteRelation(signedIn(user), params.id, query.version);
    return null;
  });
  route(router, endpoints.undo, ({ params, user }) => edit.undo(signedIn(user), params.id));
}
