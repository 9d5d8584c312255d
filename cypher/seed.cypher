// name: countNodes
// How many nodes the database holds besides its record of migrations (the booklet is loaded only into an empty database).
MATCH (n) WHERE NOT n:Migration RETURN count(n) AS nodes;

// name: seedDepartments
// Creates or updates departments from seed rows.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:Department, n += row.props, n.version = coalesce(n.version, 1);

// name: seedPartners
// Creates or updates external partners from seed rows.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:Partner, n += row.props, n.version = coalesce(n.version, 1);

// name: seedForums
// Creates or updates forums (Chefforum, KommuneMED) from seed rows.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:Forum, n += row.props, n.version = coalesce(n.version, 1);

// name: seedProjects
// Creates or updates projects that networks continued as or spawned.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:Project, n += row.props, n.version = coalesce(n.version, 1);

// name: seedTrainings
// Creates or updates trainings and who offers them.
UNWIND $rows AS row
MERGE (t:Entity {id: row.id})
SET t:Training, t += row.props, t.version = coalesce(t.version, 1)
WITH t, row
MATCH (p:Partner {id: row.offeredBy})
MERGE (t)-[:OFFERED_BY]->(p);

// name: seedPeople
// Creates or updates people, their department and the trainings they completed.
UNWIND $rows AS row
MERGE (p:Entity {id: row.id})
SET p:Person, p += row.props, p.version = coalesce(p.version, 1)
WITH p, row
MATCH (d:Department {id: row.department})
MERGE (p)-[:WORKS_IN]->(d)
WITH p, row
UNWIND row.trainings AS done
MATCH (t:Training {id: done.training})
MERGE (p)-[c:COMPLETED]->(t)
SET c += done.props;

// name: seedNetworks
// Creates or updates networks (with their place in the booklet, bookletOrder) and their leaders, partners, forums, projects and outcomes.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:Network, n += row.props, n.bookletOrder = row.bookletOrder, n.version = coalesce(n.version, 1)
WITH n, row
CALL (n, row) {
  UNWIND row.leaders AS leaderId
  MATCH (p:Person {id: leaderId})
  MERGE (p)-[:LEADS]->(n)
}
CALL (n, row) {
  UNWIND row.partners AS partnerId
  MATCH (x:Partner {id: partnerId})
  MERGE (n)-[:COLLABORATES_WITH]->(x)
}
CALL (n, row) {
  UNWIND row.reportedTo AS forumId
  MATCH (f:Forum {id: forumId})
  MERGE (n)-[:REPORTED_TO]->(f)
}
CALL (n, row) {
  UNWIND row.initiatedBy AS forumId
  MATCH (f:Forum {id: forumId})
  MERGE (f)-[:INITIATED]->(n)
}
CALL (n, row) {
  UNWIND row.continuedAs AS projectId
  MATCH (x:Project {id: projectId})
  MERGE (n)-[:CONTINUED_AS]->(x)
}
CALL (n, row) {
  UNWIND row.spawned AS projectId
  MATCH (x:Project {id: projectId})
  MERGE (n)-[:SPAWNED]->(x)
}
CALL (n, row) {
  UNWIND row.outcomes AS o
  MERGE (x:Entity {id: o.id})
  SET x:Outcome, x += o.props, x.version = coalesce(x.version, 1)
  MERGE (n)-[:CREATED]->(x)
}
RETURN count(n) AS networks;
