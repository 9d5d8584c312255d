import neo4j from 'neo4j-driver';

/**
 * The one place where Neo4j values become JSON: integers become numbers, temporal values
 * ISO strings, nodes and relationships their properties. Everything leaving the database
 * passes through here.
 */
export function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // Most values are strings and plain numbers: answered before the driver's type checks, which are the costly part.
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toJson);
  // Maps come as plain objects, and the driver's types are all class instances: a map skips their checks.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return plain(value as Record<string, unknown>);
  if (neo4j.isInt(value)) {
    return value.inSafeRange() ? value.toNumber() : value.toString();
  }
  if (
    neo4j.isDate(value) ||
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  ) {
    return value.toString();
  }
  if (neo4j.isNode(value)) {
    return { ...(toJson(value.properties) as object), labels: value.labels };
  }
  if (neo4j.isRelationship(value)) {
    return { ...(toJson(value.properties) as object), type: value.type };
  }
  return plain(value as Record<string, unknown>);
}

/** A record of the driver (its toObject()) as a row of plain JSON, each value through toJson. */
export function toRow(record: Record<string, unknown>): Record<string, unknown> {
  return plain(record);
}

function plain(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const v = toJson(value[k]);
    // a property named __proto__ stays a property, as Object.fromEntries would keep it
    if (k === '__proto__')
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

/** A query's parameters going into Cypher, each through toParams. */
export function paramsToCypher(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(params)) out[k] = toParams(params[k]);
  return out;
}

/**
 * The other direction: parameters going into Cypher. JavaScript has no integer type, so whole
 * numbers become Neo4j integers (LIMIT, SKIP and ids need them); the rest goes as it is.
 */
export function toParams(value: unknown): unknown {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(toParams);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toParams(v)]));
  }
  return value;
}
