import { z } from 'zod';
import { errorSchema } from '../../../api/common.js';
import { endpoints, type Endpoint } from '../../../api/endpoints.js';

type JsonSchema = Record<string, unknown>;

type Override = NonNullable<Parameters<typeof z.toJSONSchema>[1]>['override'];

/**
 * Where zod's own translation would promise something else than the server checks:
 * - an email: zod checks it with its pattern, which the document carries; `format: email` would
 *   let a client's validator apply its own idea of an address, which refuses some zod takes;
 * - a comma-separated list in a query (csvOf in api/common.ts): zod reads it as a string, the
 *   document says what it is, an array of checked items sent comma-joined (see parameters()).
 * - a tuple of unchecked values (a plan's [before, after]): said as an array of that many items,
 *   which means the same; some readers of 3.1 documents (schemathesis 4.32) turn `prefixItems`
 *   back into draft 4's array form of `items` and then call their own result an invalid schema.
 */
const override: Override = ({ zodSchema, jsonSchema }) => {
  const def = zodSchema._zod.def as { type: string; format?: string; in?: z.ZodType; out?: unknown };
  if (def.type === 'string' && def.format === 'email') delete jsonSchema.format;
  if (def.type === 'pipe' && def.in?._zod.def.type === 'pipe' && def.out instanceof z.ZodArray) {
    for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
    const { $schema: _, ...array } = input(def.out);
    Object.assign(jsonSchema, array);
  }
  const prefix = jsonSchema.prefixItems;
  if (def.type === 'tuple' && Array.isArray(prefix) && prefix.every((p) => Object.keys(p).length === 0)) {
    delete jsonSchema.prefixItems;
    delete jsonSchema.items;
  }
};

const options = (io: 'input' | 'output') =>
  ({ io, unrepresentable: 'any', target: 'draft-2020-12', override }) as const;
const input = (s: z.ZodType): JsonSchema => z.toJSONSchema(s, options('input')) as JsonSchema;
const output = (s: z.ZodType): JsonSchema => z.toJSONSchema(s, options('output')) as JsonSchema;

function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = input(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    // A list is one value, its items joined by commas (?kinds=Person,Network).
    ...(s.type === 'array' ? { style: 'form', explode: false } : {}),
    schema: s,
  }));
}

/** Every answer names its request (server/security.ts); error bodies repeat it as error.requestId. */
const requestIdHeader = {
  'X-Request-Id': { description: "The request's id, as in the server's log lines.", schema: { type: 'string' } },
};

const errorResponse = (description: string) => ({
  description,
  headers: requestIdHeader,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operation(name: string, e: Endpoint) {
  const status = e.status ?? 200;
  const needsRole = e.role !== 'public' && (e.method !== 'get' || e.role !== undefined);
  const writes = e.method !== 'get';
  // A file answer (CSV, GraphML) or upload (CSV) is text of its own media type, not JSON.
  const responseType = e.responseType ?? 'application/json';
  const requestType = e.requestType ?? 'application/json';
  return {
    operationId: name,
    summary: e.summary,
    parameters: [...parameters(e.params, 'path'), ...parameters(e.query, 'query')],
    ...(e.body ? { requestBody: { required: true, content: { [requestType]: { schema: input(e.body) } } } } : {}),
    responses: {
      [String(status)]:
        status === 204
          ? { description: 'Done', headers: requestIdHeader }
          : {
              description: 'OK',
              headers: requestIdHeader,
              content: { [responseType]: { schema: output(e.response) } },
            },
      '400': errorResponse('A parameter is missing or invalid; the message names it.'),
      ...(needsRole
        ? {
            '401': errorResponse('Not signed in.'),
            '403': errorResponse(`Needs the ${e.role} role, or the request did not come from Ringe's own origin.`),
          }
        : {}),
      // An id in the path, or one named in the query or body (a path's ends, a department filter, a relation's ends).
      ...(e.params || e.query || e.body ? { '404': errorResponse('Nothing has that id.') } : {}),
      ...(writes
        ? {
            '409': errorResponse(
              'In conflict with what is stored (changed since you read it, or already there); the current state is in details.',
            ),
          }
        : {}),
      ...(e.body ? { '413': errorResponse('The request body is too large (100 kB; 20 MB for imports).') } : {}),
      ...(writes
        ? {
            '429': {
              ...errorResponse('Too many changes in a short time; Retry-After says when to try again.'),
              headers: {
                ...requestIdHeader,
                'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } },
              },
            },
          }
        : {}),
      '503': errorResponse('The database is not reachable right now.'),
    },
  };
}

/** OpenAPI 3.1, generated from the same zod schemas that check requests and answers. */
export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, e] of Object.entries(endpoints)) {
    paths[e.path] ??= {};
    paths[e.path]![e.method] = operation(name, e);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ringe API',
      version: '0.1.0',
      description:
        "Read API over Albertslund Kommune's network structure: search, contact cards, rings, paths, contacts and coordination.",
    },
    paths,
    components: { schemas: { Error: output(errorSchema) } },
  };
}
