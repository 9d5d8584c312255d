import neo4j, { type Date as Neo4jDate } from 'neo4j-driver';
import { z } from 'zod';
import { KINDS, REL_TYPES } from '../../api/common.js';

/**
 * How cypher/<feature>.ts declares the queries of cypher/<feature>.cypher: each query once, by
 * its name, with its parameters and its row as zod schemas, and whether it reads or writes (a
 * query run on its own runs in a transaction of that kind; in a read transaction only reads
 * can be run). Rows are described as they leave server/common/db/convert.ts: integers as
 * numbers, temporal values as ISO strings, a missing value as null. Nothing parses rows at
 * run time (the types are trusted on the request path); test/queries.test.ts runs every query
 * on the test database and checks its rows against these schemas.
 */
export type Mode = 'read' | 'write';

export interface Declaration<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType, M extends Mode = Mode> {
  mode: M;
  params: P;
  row: R;
}

/** A query that only reads. */
export function read<P extends z.ZodType, R extends z.ZodType>(params: P, row: R): Declaration<P, R, 'read'> {
  return { mode: 'read', params, row };
}

/** A query that writes (also a schema statement). */
export function write<P extends z.ZodType, R extends z.ZodType>(params: P, row: R): Declaration<P, R, 'write'> {
  return { mode: 'write', params, row };
}

/** No parameters. */
export const none = z.object({});
/** No rows: a write without RETURN (the test fails if rows come back). */
export const noRows = z.never();

/** A day as the Cypher compares it: 'YYYY-MM-DD'. */
export const day = z.iso.date();
/** A day going in as a Neo4j date (the days server/common/days.ts makes), or null for an open end. */
export const neo4jDay = z.custom<Neo4jDate<number>>((v) => neo4j.isDate(v)).nullable();
/** A Neo4j date, datetime or duration as convert.ts gives it: its ISO string. */
export const temporal = z.string();
/** A whole number as convert.ts gives it (a Neo4j integer within JavaScript's safe range). */
export const int = z.number().int();
/** A node kind (its label). */
export const kind = z.enum(KINDS);
/** A relationship type. */
export const relType = z.enum(REL_TYPES);
/** The node kinds a query may name (KINDS, or some of them). */
export const kinds = z.array(kind).readonly();
/** The relationship types a query may walk (REL_TYPES, or some of them). */
export const relTypes = z.array(relType).readonly();
/** A list of ids (or other strings) passed as it is. */
export const ids = z.array(z.string()).readonly();
/** A node's or relationship's properties as a map. */
export const properties = z.record(z.string(), z.unknown());
/** A name that may be missing (name falls back to the id where it is shown). */
export const maybeString = z.string().nullable();
