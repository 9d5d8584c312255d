import type { z } from 'zod';
import type { Role } from './auth.js';

/** One endpoint of the API: where it is, who may call it, and the zod schemas of what it takes and gives. */
export interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI-style path, e.g. /api/nodes/{id}. */
  path: string;
  summary: string;
  /**
   * The least role that may call it. Reads default to 'reader' (and need no sign-in unless
   * READ_REQUIRES_SIGNIN); a state-changing endpoint must name its role.
   */
  role?: Role | 'public';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Media type of the request body when it is not JSON (e.g. text/csv); the body schema is then its text. */
  requestType?: string;
  /**
   * The handler checks each item of the body for CPR-like values itself (imports: such an item
   * is rejected with its reason, the rest is written). Otherwise route() refuses a state-changing
   * request whose body holds one, before anything else reads the body (api/cpr.ts).
   */
  cprPerItem?: true;
  /**
   * A state-changing endpoint any signed-in reader may call, because what it changes is decided
   * by who the caller is: their own survey answer, a round of a network they lead. The handler
   * checks that (role must then be 'reader'); every other write needs coordinator or admin.
   */
  callerDecides?: true;
  /** Media type of the success answer when it is not JSON (a file such as text/csv); the response schema is then its text. */
  responseType?: string;
  /** HTTP status of success; 200 unless said. */
  status?: 200 | 201 | 204;
  response: z.ZodType;
}

/** Declares an endpoint, keeping its exact schema types. */
export const ep = <E extends Endpoint>(e: E) => e;
