import type { Request, Router } from 'express';
import type { z } from 'zod';
import type { Endpoint } from '../api/endpoints.js';
import { ValidationError } from './errors.js';

type Parsed<S> = S extends z.ZodType ? z.infer<S> : Record<string, never>;
export interface Input<E extends Endpoint> {
  params: Parsed<E['params']>;
  query: Parsed<E['query']>;
}

function parse(schema: z.ZodType | undefined, value: unknown, where: 'path' | 'query'): unknown {
  if (!schema) return {};
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.length ? String(issue.path[0]) : undefined;
  if (issue.code === 'unrecognized_keys') {
    throw new ValidationError(`Unknown ${where} parameter "${issue.keys[0]}".`, { field: issue.keys[0] });
  }
  if (field && (value as Record<string, unknown>)[field] === undefined) {
    throw new ValidationError(`The ${where} parameter "${field}" is required.`, { field });
  }
  throw new ValidationError(`The ${where} parameter "${field}" ${issue.message}.`, { field });
}

/**
 * Registers a GET endpoint: the path and query are parsed with the endpoint's zod schemas
 * (400 naming the field), then the handler gets the parsed values only.
 */
export function get<E extends Endpoint>(router: Router, endpoint: E, handler: (input: Input<E>) => Promise<z.infer<E['response']>>): void {
  const expressPath = endpoint.path.replace(/^\/api/, '').replace(/\{(\w+)\}/g, ':$1');
  router.get(expressPath, async (req: Request, res) => {
    const params = parse(endpoint.params, req.params, 'path') as Input<E>['params'];
    const query = parse(endpoint.query, req.query, 'query') as Input<E>['query'];
    res.json(await handler({ params, query }));
  });
}
