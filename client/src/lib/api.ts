import { z } from 'zod';
import { sessionEndpoints } from '../../../api/auth.js';
import type { Endpoint } from '../../../api/endpoint.js';
import { endpoints as apiEndpoints } from '../../../api/endpoints.js';
import { type ErrorAnswer, errorAnswers } from '../../../api/errors.js';

// The client's only way to the server. Every endpoint is called the same way,
//   api.call('updateNode', { id, version, properties })
// with one object that holds its path parameters, query parameters and body fields by name,
// typed from the endpoint's zod schemas (api/endpoints.ts, and api/auth.ts for signing in).
// Every answer is parsed with the endpoint's response schema, so a mismatch shows up here and not
// as a broken view; every failure is an ApiError, discriminated by status (api/errors.ts).

const endpoints = { ...apiEndpoints, ...sessionEndpoints };
type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

type None = Record<never, never>;
type OptionalKeys<T> = { [K in keyof T]-?: None extends Pick<T, K> ? K : never }[keyof T];
/**
 * A query parameter as the caller gives it: the value the server reads from it (z.output: a
 * number, a list as an array, a flag as a boolean), as its z.input is only the text it travels as.
 * Optional where z.input's key is.
 */
type QueryValue<F> = F extends z.ZodType
  ? NonNullable<z.output<F>> extends readonly (infer I)[]
    ? readonly I[]
    : NonNullable<z.output<F>>
  : never;
type QueryFields<Shape, In> = {
  [K in keyof Shape as K extends OptionalKeys<In> ? never : K]: QueryValue<Shape[K]>;
} & { [K in keyof Shape as K extends OptionalKeys<In> ? K : never]?: QueryValue<Shape[K]> | undefined };

type ParamsOf<E> = E extends { params: infer P extends z.ZodType } ? z.input<P> : None;
type QueryOf<E> = E extends { query: infer Q extends z.ZodObject } ? QueryFields<Q['shape'], z.input<Q>> : None;
/** A JSON body's fields are the input's own; a body of another type (a CSV file's text) is its `body`. */
type BodyOf<E> = E extends { body: infer B extends z.ZodType }
  ? E extends { requestType: string }
    ? { body: z.input<B> }
    : z.input<B>
  : None;
type Flat<T> = { [K in keyof T]: T[K] };

/** What an endpoint takes: its path parameters, query parameters and body fields in one object. */
export type Input<K extends EndpointName> = Flat<ParamsOf<Endpoints[K]> & QueryOf<Endpoints[K]> & BodyOf<Endpoints[K]>>;
/** What an endpoint answers, parsed. */
export type Answer<K extends EndpointName> = z.output<Endpoints[K]['response']>;
/** The input may be left out where it has no required field. */
type Args<K extends EndpointName> = None extends Input<K> ? [input?: Input<K>] : [input: Input<K>];
/** Endpoints a browser can navigate to or download from. */
type Gettable = { [K in EndpointName]: Endpoints[K]['method'] extends 'get' ? K : never }[EndpointName];

/** Failures of the client's own: no answer, or one the API does not declare (so no HTTP status of the API). */
type ClientProblem =
  /** The server could not be reached. */
  | { status: 0; code: 'offline'; message: string }
  /** An answer that is not one the API declares (a proxy's error page, say). */
  | { status: 0; code: 'http'; httpStatus: number; message: string }
  /** A success whose shape is not the endpoint's response schema. */
  | { status: 0; code: 'schema'; httpStatus: number; message: string }
  /** Something else went wrong in the client. */
  | { status: 0; code: 'client'; message: string };
export type ApiProblem = ErrorAnswer | ClientProblem;

class ApiFailure extends Error {
  override name = 'ApiError';
}
/**
 * A failed call: the server's error answer (api/errors.ts) or the client's own, discriminated by
 * status, so after `if (e.status === 409)` e.current is the node or relation in the way.
 */
export type ApiError = ApiFailure & ApiProblem;
export const ApiError = {
  /** `e instanceof ApiError` holds for this module's errors, and narrows e to the union above. */
  [Symbol.hasInstance](value: unknown): value is ApiError {
    return value instanceof ApiFailure;
  },
  of<P extends ApiProblem>(problem: P): ApiFailure & P {
    return Object.assign(new ApiFailure(problem.message), problem);
  },
};

/** The failure an answer with a status other than 2xx stands for. */
function failure(status: number, answer: unknown): ApiError {
  const declared = errorAnswers.safeParse(typeof answer === 'object' && answer !== null ? { ...answer, status } : null);
  if (declared.success) return ApiError.of(declared.data);
  return ApiError.of({ status: 0, code: 'http', httpStatus: status, message: `The server answered ${status}.` });
}

/** An answer parsed with its schema; ApiError 'schema' when it does not have that shape. */
function parsed<S>(schema: S & z.core.$ZodType, answer: unknown, url: string, status: number): z.output<S> {
  const result = z.safeParse(schema, answer);
  if (result.success) return result.data;
  throw ApiError.of({
    status: 0,
    code: 'schema',
    httpStatus: status,
    message: `The answer of ${url} did not have the expected shape.`,
  });
}

const leftOut = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

export function createApi(baseUrl = '', fetchImpl: typeof fetch = (...a) => fetch(...a)) {
  /** An input's address (path parameters filled in, query parameters in their declared order) and body. */
  function request(endpoint: Endpoint, input: object): { url: string; body: unknown } {
    const given = new Map(Object.entries(input));
    const path = endpoint.path.replace(/\{(\w+)\}/g, (_: string, key: string) =>
      encodeURIComponent(String(given.get(key) ?? '')),
    );
    const query = new URLSearchParams();
    for (const key of Object.keys(endpoint.query?.shape ?? {})) {
      const v = given.get(key);
      if (!leftOut(v)) query.set(key, Array.isArray(v) ? v.join(',') : String(v));
    }
    const taken = new Set([...Object.keys(endpoint.params?.shape ?? {}), ...Object.keys(endpoint.query?.shape ?? {})]);
    const fields = Object.fromEntries([...given].filter(([key]) => !taken.has(key)));
    const body = !endpoint.body ? undefined : endpoint.requestType ? fields.body : fields;
    return { url: `${baseUrl}${path}${query.size ? `?${query}` : ''}`, body };
  }

  /** Calls an endpoint with its input and answers its parsed answer; throws ApiError. */
  async function call<K extends EndpointName>(name: K, ...[input]: Args<K>): Promise<Answer<K>> {
    const endpoint: Endpoint = endpoints[name];
    const { url, body } = request(endpoint, input ?? {});
    const headers: Record<string, string> = { accept: endpoint.responseType ?? 'application/json' };
    if (body !== undefined)
      headers['content-type'] = endpoint.requestType ? `${endpoint.requestType}; charset=utf-8` : 'application/json';
    let res: Response;
    try {
      res = await fetchImpl(url, {
        method: endpoint.method.toUpperCase(),
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: endpoint.requestType ? String(body) : JSON.stringify(body) }),
      });
    } catch {
      throw ApiError.of({ status: 0, code: 'offline', message: 'The server could not be reached.' });
    }
    if (!res.ok) throw failure(res.status, await res.json().catch(() => null));
    const answer: unknown =
      res.status === 204 ? null : endpoint.responseType ? await res.text() : await res.json().catch(() => undefined);
    const schema: Endpoints[K]['response'] = endpoints[name].response;
    return parsed(schema, answer, url, res.status);
  }

  /** The address of a GET endpoint with its input, for links and navigations (file downloads, signing in). */
  function href<K extends Gettable>(name: K, ...[input]: Args<K>): string {
    return request(endpoints[name], input ?? {}).url;
  }

  return { call, href };
}

export type Api = ReturnType<typeof createApi>;
export const api = createApi();
