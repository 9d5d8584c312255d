// name: nodeById
// One node by its id, through the :Entity id index, with its kind (the first known label).
MATCH (n:Entity {id: $id})
RETURN n.id AS id, [l IN $kinds WHERE l IN labels(n)][0] AS kind, n.name AS name, properties(n) AS properties;

// name: nodeWithRelations
// One node by its id with its direct relations, both directions, all of them when $at is null or else those that held on day $at, by type then name, capped at $limit (one more is fetched to tell if it was cut): one round trip.
// A relation holds on day $at by the rule in rings.cypher.
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (n)-[r]-(m:Entity)
  WHERE type(r) IN $types
    AND ($at IS NULL OR @holds(r, $at))
  WITH r, m, type(r) AS type, m.name AS name
  ORDER BY type, name
  LIMIT $limit + 1
  RETURN collect({type: type, direction: CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END,
                  id: m.id, kind: [l IN $kinds WHERE l IN labels(m)][0], name: name, properties: properties(r)}) AS relations
}
RETURN n.id AS id, [l IN $kinds WHERE l IN labels(n)][0] AS kind, n.name AS name, properties(n) AS properties, relations;

// name: personCard
// A person's card facts on day $at beside their relations: the day's units (MEMBER_OF) each with the units above it (top first) and its department, the first department by name, the manager (REPORTS_TO), leftOn when it is on or before day $at, and each network role a coordinator has said is handed to someone else (handedTo).
// A unit's department is its own mapping (ROLLS_UP_TO) or else its nearest mapped ancestor's (PART_OF). The walk up
// the tree is bounded, and as a walk never takes a relationship twice, a loop a source made cannot hold it.
MATCH (p:Person {id: $id})
CALL (p) {
  OPTIONAL MATCH (p)-[m:MEMBER_OF]->(u:Unit)
  WHERE @holds(m, $at)
  WITH DISTINCT u
  WHERE u IS NOT NULL
  ORDER BY u.name, u.id
  CALL (u) {
    OPTIONAL MATCH up = (u)-[:PART_OF*1..30]->(:Unit)
    WITH up
    ORDER BY length(up) DESC
    LIMIT 1
    RETURN CASE WHEN up IS NULL THEN [] ELSE [n IN reverse(tail(nodes(up))) | n {.id, .name}] END AS path
  }
  CALL (u) {
    OPTIONAL MATCH way = (u)-[:PART_OF*0..30]->(:Unit)-[:ROLLS_UP_TO]->(d:Department)
    WITH d, way
    ORDER BY length(way), d.name, d.id
    LIMIT 1
    RETURN CASE WHEN d IS NULL THEN null ELSE d {.id, .name} END AS department
  }
  RETURN collect({unit: u {.id, .name}, path: path, department: department}) AS units
}
RETURN CASE WHEN p.leftOn <= $at THEN p.leftOn END AS leftOn, units,
       COLLECT { MATCH (p)-[w:WORKS_IN]->(d:Department)
                 WHERE @holds(w, $at)
                 RETURN d {.id, .name} ORDER BY d.name, d.id LIMIT 1 }[0] AS department,
       COLLECT { MATCH (p)-[r:REPORTS_TO]->(m:Person)
                 WHERE @holds(r, $at)
                 RETURN m {.id, .name} ORDER BY m.name, m.id LIMIT 1 }[0] AS manager,
       COLLECT { MATCH (p)-[r:LEADS|PARTICIPATES_IN]->(n:Network)
                 WHERE r.handedTo IS NOT NULL
                 MATCH (q:Person {id: r.handedTo})
                 RETURN {network: n {.id, .name}, to: q {.id, .name}} ORDER BY n.name, n.id } AS handedOver;

// name: unitCard
// A unit's card facts on day $at: the units above it (top first), its department (its own mapping or its nearest mapped ancestor's, and which ancestor that is), its sub-units, its KLE subjects, and its people that day (MEMBER_OF, not left) by name, at most $limit, with how many there are.
MATCH (u:Unit {id: $id})
CALL (u) {
  OPTIONAL MATCH up = (u)-[:PART_OF*1..30]->(:Unit)
  WITH up
  ORDER BY length(up) DESC
  LIMIT 1
  RETURN CASE WHEN up IS NULL THEN [] ELSE [n IN reverse(tail(nodes(up))) | n {.id, .name}] END AS path
}
CALL (u) {
  OPTIONAL MATCH way = (u)-[:PART_OF*0..30]->(mapped:Unit)-[:ROLLS_UP_TO]->(d:Department)
  WITH d, mapped, way
  ORDER BY length(way), d.name, d.id
  LIMIT 1
  RETURN CASE WHEN d IS NULL THEN null ELSE d {.id, .name} END AS department,
         CASE WHEN mapped IS NULL OR mapped = u THEN null ELSE mapped {.id, .name} END AS departmentFrom
}
WITH u, path, department, departmentFrom,
     COLLECT { MATCH (p:Person)-[m:MEMBER_OF]->(u)
               WHERE @holds(m, $at)
                 AND (p.leftOn IS NULL OR p.leftOn > $at)
               RETURN DISTINCT p {.id, .name} AS person ORDER BY person.name, person.id } AS people
RETURN path, department, departmentFrom,
       COLLECT { MATCH (c:Unit)-[:PART_OF]->(u) RETURN c {.id, .name} AS child ORDER BY child.name, child.id } AS children,
       coalesce(u.kleNumbers, []) AS kleNumbers, coalesce(u.kleAspects, []) AS kleAspects, coalesce(u.kleTitles, []) AS kleTitles,
       people[..$limit] AS people, size(people) AS peopleTotal;
