import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import { startApp, type RunningApp } from './helpers.js';

describe('GET /api/openapi.json', () => {
  let app: RunningApp;
  let doc: any;
  beforeAll(async () => {
    app = await startApp();
    const res = await fetch(`${app.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    doc = await res.json();
  });
  afterAll(() => app.close());

  it('when fetched then it is OpenAPI 3.1 with every endpoint of the API', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([...new Set(Object.values(endpoints).map((e) => e.path))].sort());
  });

  it('when read then the search parameters say which are required and their bounds', () => {
    const params = doc.paths['/api/search'].get.parameters;
    expect(params.map((p: any) => [p.name, p.in, p.required])).toEqual([
      ['q', 'query', true],
      ['kinds', 'query', false],
      ['limit', 'query', false],
    ]);
    expect(params[2].schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 50, default: 10 });
  });

  it('when read then the rings path parameter and depth bound match the API', () => {
    const op = doc.paths['/api/nodes/{id}/rings'].get;
    expect(op.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    expect(op.parameters.find((p: any) => p.name === 'depth').schema).toMatchObject({ minimum: 1, maximum: 4, default: 2 });
    expect(Object.keys(op.responses)).toEqual(['200', '400', '404', '503']);
  });

  it('when read then the contact card answer lists its fields as required, with no others allowed', () => {
    const schema = doc.paths['/api/nodes/{id}'].get.responses['200'].content['application/json'].schema;
    expect(schema.required).toEqual(['node', 'relations', 'truncated', 'card']);
    expect(schema.additionalProperties).toBe(false);
    const card = schema.properties.card.anyOf.find((s: any) => s.type === 'object');
    expect(card.required).toEqual(['name', 'title', 'department', 'email', 'phone', 'leads', 'participatesIn', 'trainings']);
  });
});
