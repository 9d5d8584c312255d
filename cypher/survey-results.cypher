// A survey round's results (server/surveys/results.ts works the figures out from these rows): the
// round, its answers (or the results kept at close), the departments of the people named on the
// day they were named, the petals accepted from its texts; closing a round and deleting its raw
// answers; the rounds the leadership's matrix and the report read. A SurveyRound and a
// SurveyAnswer are no Entity: nothing here reaches explore, export or search.

// name: surveyResultsRound
// A round with its network's name, how many were asked, how many raw answers it holds and its kept results (JSON text, null until kept); no row when there is none.
MATCH (r:SurveyRound {id: $id})
OPTIONAL MATCH (n:Network {id: r.networkId})
RETURN r.id AS id, r.networkId AS networkId, n.name AS networkName, r.opensOn AS opensOn, r.closesOn AS closesOn,
       r.closedOn AS closedOn, coalesce(r.askNamed, false) AS askNamed, size(coalesce(r.asked, [])) AS asked,
       r.answersDeletedOn AS answersDeletedOn, r.results AS results,
       COUNT { MATCH (a:SurveyAnswer {roundId: r.id}) } AS answers;

// name: surveyResultsLock
// Takes the round's write lock (an answer written meanwhile waits), so a close or a deletion reads every answer there is; the round's id, none when there is no round.
MATCH (r:SurveyRound {id: $id})
SET r.resultsLock = true
REMOVE r.resultsLock
RETURN r.id AS id;

// name: surveyResultsAnswers
// The raw answers of the given rounds: who answered, when, their departments that day, whom they named and their ratings (JSON text).
UNWIND $roundIds AS roundId
MATCH (a:SurveyAnswer {roundId: roundId})
RETURN a.roundId AS roundId, a.personId AS personId, toString(a.at) AS at, coalesce(a.departmentIds, []) AS departmentIds,
       coalesce(a.named, []) AS named, coalesce(a.ratings, '[]') AS ratings
ORDER BY roundId, personId;

// name: surveyResultsDepartmentsOn
// The departments each given person works in on the given day (rows {id, at}), by id.
UNWIND $people AS row
WITH row.id AS pid, row.at AS day
OPTIONAL MATCH (:Person {id: pid})-[w:WORKS_IN]->(d:Department)
  WHERE @holds(w, day)
RETURN pid AS id, day AS at, collect(DISTINCT d.id) AS departments;

// name: surveyResultsDepartmentNames
// The names of the given departments (those there still are).
UNWIND $ids AS id
MATCH (d:Department {id: id})
RETURN d.id AS id, d.name AS name;

// name: surveyResultsPetals
// The petals (Outcomes) the network created from the round's texts, by name.
MATCH (:Network {id: $networkId})-[:CREATED]->(o:Outcome)
WHERE o.round = $roundId
WITH DISTINCT o
RETURN o.id AS id, o.name AS name, o.perspective AS perspective
ORDER BY o.name, o.id;

// name: surveyResultsEarlier
// The network's other rounds that opened before the given one (the same day: made before it) and are closed by day $today, latest first, with their kept results and how many raw answers they hold.
MATCH (r:SurveyRound {id: $id})
MATCH (e:SurveyRound {networkId: r.networkId})
WHERE e.id <> r.id
  AND (e.opensOn < r.opensOn OR (e.opensOn = r.opensOn AND toString(e.createdAt) < toString(r.createdAt)))
  AND (e.closedOn IS NOT NULL OR e.closesOn < $today)
RETURN e.id AS id, e.results AS results, e.answersDeletedOn IS NOT NULL AS answersDeleted,
       COUNT { MATCH (a:SurveyAnswer {roundId: e.id}) } AS answers
ORDER BY e.opensOn DESC, toString(e.createdAt) DESC, e.id DESC;

// name: surveyResultsClose
// Closes a round on day $today and keeps its results (JSON text).
MATCH (r:SurveyRound {id: $id})
SET r.closedOn = $today, r.results = $results
RETURN r.id AS id;

// name: surveyResultsKeep
// Keeps a closed round's results (JSON text) worked out from its raw answers: a round closed by its date has none until first read, and kept ones that still count someone erased since are replaced.
MATCH (r:SurveyRound {id: $id})
SET r.results = $results
RETURN r.id AS id;

// name: surveyResultsDeleteAnswers
// Deletes a round's raw answers and notes the day, keeping the given results (worked out from those raw answers just before, so no one erased since the close is counted); how many answers went.
MATCH (r:SurveyRound {id: $id})
SET r.results = $results, r.answersDeletedOn = coalesce(r.answersDeletedOn, $today)
WITH r
OPTIONAL MATCH (a:SurveyAnswer {roundId: r.id})
DETACH DELETE a
RETURN count(a) AS deleted;

// name: surveyMeasuredRounds
// Every round closed by day $at (closed by hand on or before it, or ended before it), by network, latest first, with its kept results and how many raw answers it holds (counted on the index, none read).
MATCH (r:SurveyRound)
WHERE (r.closedOn IS NOT NULL AND r.closedOn <= $at) OR r.closesOn < $at
RETURN r.id AS id, r.networkId AS networkId, r.opensOn AS opensOn, r.closedOn AS closedOn, r.closesOn AS closesOn,
       r.results AS results, r.answersDeletedOn IS NOT NULL AS answersDeleted,
       COUNT { MATCH (a:SurveyAnswer {roundId: r.id}) } AS answers
ORDER BY networkId, opensOn DESC, toString(r.createdAt) DESC, id DESC;

// name: surveyMeasuredFingerprint
// What the measured coordination of day $at rests on, cheaply: how many answers and rounds there are, and how many rounds are closed by $at, have had their raw answers deleted or have kept results (server/coordination/service.ts keeps the figures while these stay the same).
CALL () {
  MATCH (a:SurveyAnswer)
  RETURN count(a) AS answers
}
CALL () {
  MATCH (r:SurveyRound)
  RETURN count(r) AS rounds,
         count(CASE WHEN (r.closedOn IS NOT NULL AND r.closedOn <= $at) OR r.closesOn < $at THEN 1 END) AS closed,
         count(r.answersDeletedOn) AS answersDeleted,
         count(r.results) AS kept
}
RETURN answers, rounds, closed, answersDeleted, kept;
