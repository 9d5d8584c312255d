// A network's ripples on day $at (server/ripple/service.ts walks the hops). Every relation walked
// holds on day $at, and a network ties its people, and ripples, only from its startedAt (@holds, the rule
// in rings.cypher). The walk runs in one read transaction and addresses people by elementId(), which holds
// within it (as rings do): at 50,000 people the third ring is most of the municipality, and a seek by
// element id reads neither an index nor a property.

// name: rippleNetwork
// The network, whether it has started by day $at, and the element ids of the people who lead or take part in it on day $at (hop 1; none before it started); no row when the id is no network.
MATCH (n:Network {id: $id})
WITH n, (NOT n:Network OR @holds(n, $at)) AS holds
OPTIONAL MATCH (p:Person)-[r:LEADS|PARTICIPATES_IN]->(n)
  WHERE holds
    AND @holds(r, $at)
RETURN n.id AS id, n.name AS name, holds, collect(DISTINCT elementId(p)) AS people;

// name: rippleTied
// The people (element ids) tied on day $at to any of the given $ids (a shared network or training, or a KNOWS), but those $seen.
// Each branch reads $ids itself: a list imported into a UNION subquery would be part of every row the UNION
// keeps apart, and a frontier of thousands then fills the transaction's memory (gigabytes at 50,000 people).
CALL () {
  UNWIND $ids AS ref
  MATCH (p:Person) WHERE elementId(p) = ref
  MATCH (p)-[r:LEADS|PARTICIPATES_IN]->(x:Network)
  WHERE @holds(r, $at)
    AND (NOT x:Network OR @holds(x, $at))
  WITH DISTINCT x
  MATCH (x)<-[r:LEADS|PARTICIPATES_IN]-(q:Person)
  WHERE @holds(r, $at)
  RETURN q
  UNION
  UNWIND $ids AS ref
  MATCH (p:Person) WHERE elementId(p) = ref
  MATCH (p)-[r:COMPLETED]->(x:Training)
  WHERE @holds(r, $at)
  WITH DISTINCT x
  MATCH (x)<-[r:COMPLETED]-(q:Person)
  WHERE @holds(r, $at)
  RETURN q
  UNION
  UNWIND $ids AS ref
  MATCH (p:Person) WHERE elementId(p) = ref
  MATCH (p)-[r:KNOWS]-(q:Person)
  WHERE @holds(r, $at)
  RETURN q
}
WITH q
  WHERE NOT elementId(q) IN $seen
RETURN collect(elementId(q)) AS people;

// name: rippleReach
// For the people reached (element ids): their departments on day $at with how many work in each, and the partners of the network and of the (started) networks they lead or join.
MATCH (n:Network {id: $id})
CALL (n) {
  UNWIND $people AS ref
  MATCH (p:Person) WHERE elementId(p) = ref
  MATCH (p)-[r:WORKS_IN]->(d:Department)
  WHERE @holds(r, $at)
  WITH d, count(DISTINCT p) AS people
  ORDER BY people DESC, d.name, d.id
  RETURN collect(d {.id, .name, people: people}) AS departments
}
CALL (n) {
  CALL (n) {
    RETURN n AS x
    UNION
    UNWIND $people AS ref
    MATCH (p:Person) WHERE elementId(p) = ref
    MATCH (p)-[r:LEADS|PARTICIPATES_IN]->(x:Network)
    WHERE @holds(r, $at)
      AND (NOT x:Network OR @holds(x, $at))
    RETURN x
  }
  MATCH (x)-[r:COLLABORATES_WITH]->(partner:Partner)
  WHERE @holds(r, $at)
  WITH DISTINCT partner
  ORDER BY partner.name, partner.id
  RETURN collect(partner {.id, .name}) AS partners
}
RETURN departments, partners;

// name: rippleNewRelations
// KNOWS relations with `via` the network that hold on day $at, and how many join people with no department in common then (both having one).
MATCH (a:Person)-[k:KNOWS]->(b:Person)
WHERE k.via = $id
  AND @holds(k, $at)
WITH k,
     [(a)-[r:WORKS_IN]->(d:Department)
       WHERE @holds(r, $at) | d.id] AS mine,
     [(b)-[r:WORKS_IN]->(d:Department)
       WHERE @holds(r, $at) | d.id] AS theirs
RETURN count(k) AS total,
       count(CASE WHEN size(mine) > 0 AND size(theirs) > 0 AND none(d IN mine WHERE d IN theirs) THEN k END) AS crossDepartment;
