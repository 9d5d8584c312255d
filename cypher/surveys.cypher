// Survey rounds and their answers (issue 20, server/surveys/). A SurveyRound and a SurveyAnswer are
// no :Entity and have no relationship, so explore, export and search never show them; a round's
// `asked` and an answer's `named` hold Person ids. Days are 'YYYY-MM-DD' strings.

// name: surveyNetwork
// One network by id, with its name; no row when the id is no network.
MATCH (n:Network:Entity {id: $id})
RETURN n.id AS id, coalesce(n.name, n.id) AS name;

// name: surveyRoundsOfNetwork
// A network's survey rounds, newest first (by first day, then by when opened).
MATCH (r:SurveyRound {networkId: $networkId})
OPTIONAL MATCH (n:Network:Entity {id: r.networkId})
RETURN r.id AS id, r.networkId AS networkId, coalesce(n.name, r.networkId) AS networkName,
       r.opensOn AS opensOn, r.closesOn AS closesOn, r.closedOn AS closedOn, r.askNamed AS askNamed,
       r.answersDeletedOn AS answersDeletedOn, r.asked AS asked
ORDER BY opensOn DESC, r.createdAt DESC, id;

// name: surveyRound
// One survey round by id with its network's name and the ids of those asked; no row when there is none.
MATCH (r:SurveyRound {id: $id})
OPTIONAL MATCH (n:Network:Entity {id: r.networkId})
RETURN r.id AS id, r.networkId AS networkId, coalesce(n.name, r.networkId) AS networkName,
       r.opensOn AS opensOn, r.closesOn AS closesOn, r.closedOn AS closedOn, r.askNamed AS askNamed,
       r.answersDeletedOn AS answersDeletedOn, r.asked AS asked;

// name: surveyRoundLock
// Takes the round's write lock (held to the end of the transaction, so answers to it are written one at a time) and reads it; no row when there is none.
MATCH (r:SurveyRound {id: $id})
SET r._lock = true
REMOVE r._lock
WITH r
OPTIONAL MATCH (n:Network:Entity {id: r.networkId})
RETURN r.id AS id, r.networkId AS networkId, coalesce(n.name, r.networkId) AS networkName,
       r.opensOn AS opensOn, r.closesOn AS closesOn, r.closedOn AS closedOn, r.askNamed AS askNamed,
       r.answersDeletedOn AS answersDeletedOn, r.asked AS asked;

// name: surveyLeadsNetwork
// Whether the person leads, on day $at, the network $id or the network of the survey round $id.
OPTIONAL MATCH (r:SurveyRound {id: $id})
WITH coalesce(r.networkId, $id) AS networkId
RETURN EXISTS {
  MATCH (:Person:Entity {id: $personId})-[l:LEADS]->(:Network:Entity {id: networkId})
  WHERE @holds(l, $at)
} AS leads;

// name: surveyAskable
// The people who lead or take part in the network on day $at and have not left by then, nor by $today: those a round opening on $at asks.
MATCH (p:Person:Entity)-[r:LEADS|PARTICIPATES_IN]->(:Network:Entity {id: $networkId})
WHERE @holds(r, $at)
  AND (p.leftOn IS NULL OR (p.leftOn > $at AND p.leftOn > $today))
RETURN DISTINCT p.id AS id
ORDER BY id;

// name: surveyRoundCreate
// Stores a new survey round with the given properties.
CREATE (r:SurveyRound)
SET r = $props
RETURN r.id AS id;

// name: surveyAskedAppend
// Adds the given people to a round's asked (those not in it already), keeping its order.
MATCH (r:SurveyRound {id: $id})
SET r.asked = coalesce(r.asked, []) + [p IN $ids WHERE NOT p IN coalesce(r.asked, [])]
RETURN size(r.asked) AS asked;

// name: surveyPeople
// The people of the given ids that exist, with name and the day they left (null when they have not).
MATCH (p:Person:Entity)
WHERE p.id IN $ids
RETURN p.id AS id, coalesce(p.name, p.id) AS name, p.leftOn AS leftOn;

// name: surveyOutcomes
// The outcomes (petals) of the given ids that exist, with name.
MATCH (o:Outcome:Entity)
WHERE o.id IN $ids
RETURN o.id AS id, coalesce(o.name, o.id) AS name;

// name: surveyDepartmentsOfPerson
// The departments a person works in on day $at (WORKS_IN holding then), by id.
MATCH (:Person:Entity {id: $personId})-[w:WORKS_IN]->(d:Department:Entity)
WHERE @holds(w, $at)
RETURN DISTINCT d.id AS id
ORDER BY id;

// name: surveyNetworkDepartments
// The departments of the people who lead or take part in the network on day $at (their WORKS_IN holding then), by name: those a respondent may rate.
MATCH (p:Person:Entity)-[r:LEADS|PARTICIPATES_IN]->(:Network:Entity {id: $networkId})
WHERE @holds(r, $at)
MATCH (p)-[w:WORKS_IN]->(d:Department:Entity)
WHERE @holds(w, $at)
WITH DISTINCT d
RETURN d.id AS id, coalesce(d.name, d.id) AS name
ORDER BY name, id;

// name: surveyAnswer
// One answer by id (roundId|personId); no row when there is none.
MATCH (a:SurveyAnswer {id: $id})
RETURN a.id AS id, a.roundId AS roundId, a.personId AS personId, a.at AS at, a.departmentIds AS departmentIds,
       a.named AS named, a.ratings AS ratings, a.texts AS texts;

// name: surveyAnswerLock
// Takes an answer's write lock (held to the end of the transaction) and reads it; no row when there is none.
MATCH (a:SurveyAnswer {id: $id})
SET a._lock = true
REMOVE a._lock
RETURN a.id AS id, a.roundId AS roundId, a.personId AS personId, a.at AS at, a.departmentIds AS departmentIds,
       a.named AS named, a.ratings AS ratings, a.texts AS texts;

// name: surveyAnswers
// Every answer of a round, oldest first.
MATCH (a:SurveyAnswer {roundId: $roundId})
RETURN a.id AS id, a.roundId AS roundId, a.personId AS personId, a.at AS at, a.departmentIds AS departmentIds,
       a.named AS named, a.ratings AS ratings, a.texts AS texts
ORDER BY at, id;

// name: surveyAnswerOfText
// The ids of the round's answers whose texts' JSON holds $needle (`"id":"<textId>"`): the answer that holds a text.
MATCH (a:SurveyAnswer {roundId: $roundId})
WHERE a.texts CONTAINS $needle
RETURN a.id AS id;

// name: surveyAnswerWrite
// Stores an answer, replacing every property of an earlier one with the same id; says whether there was one.
MERGE (a:SurveyAnswer {id: $props.id})
  ON CREATE SET a._created = true
WITH a, coalesce(a._created, false) AS created
SET a = $props
RETURN NOT created AS replaced;

// name: surveyAnswerSetTexts
// Replaces an answer's texts (JSON text), as accepting one as a petal marks it.
MATCH (a:SurveyAnswer {id: $id})
SET a.texts = $texts
RETURN a.id AS id;

// name: surveyKnowsFrom
// The KNOWS relations from a person to any of the given people, with where they came from (`source`, `round`): which a survey answer would not write anew.
MATCH (:Person:Entity {id: $personId})-[k:KNOWS]->(b:Entity)
WHERE b.id IN $ids
RETURN b.id AS target, k.source AS source, k.round AS round;

// name: surveyKnowsOfRound
// The KNOWS a survey round wrote from a person (`source` survey, `round` the round), by the other end's id.
MATCH (:Person:Entity {id: $personId})-[k:KNOWS {source: 'survey', round: $roundId}]->(b:Entity)
RETURN b.id AS target
ORDER BY target;

// name: surveyAnswersOfPerson
// Every survey answer a person gave, with its round's network and days (their data export), oldest first.
MATCH (a:SurveyAnswer {personId: $personId})
OPTIONAL MATCH (r:SurveyRound {id: a.roundId})
OPTIONAL MATCH (n:Network:Entity {id: a.networkId})
RETURN a.id AS id, a.roundId AS roundId, a.networkId AS networkId, coalesce(n.name, a.networkId) AS networkName,
       r.opensOn AS opensOn, r.closesOn AS closesOn, a.at AS at, a.departmentIds AS departmentIds,
       a.named AS named, a.ratings AS ratings, a.texts AS texts
ORDER BY at, id;

// name: surveyAnswersMentioning
// Erasure: takes the write locks of other people's answers whose texts' JSON holds one of the lower-case needles (the erased person's name or email, the redactor decides), and reads them.
MATCH (a:SurveyAnswer)
WHERE a.personId <> $id AND any(n IN $needles WHERE toLower(a.texts) CONTAINS n)
SET a._lock = true
REMOVE a._lock
RETURN a.id AS id, a.roundId AS roundId, a.personId AS personId, a.at AS at, a.departmentIds AS departmentIds,
       a.named AS named, a.ratings AS ratings, a.texts AS texts
ORDER BY id;

// name: surveyRetentionDue
// The rounds whose raw answers are kept no longer: not yet deleted and ended (closed by hand, else their last day) before day $before; at most $limit, longest ended first.
MATCH (r:SurveyRound)
WHERE r.answersDeletedOn IS NULL AND coalesce(r.closedOn, r.closesOn) < $before
WITH r, coalesce(r.closedOn, r.closesOn) AS endedOn
RETURN r.id AS id
ORDER BY endedOn, id
LIMIT $limit;

// name: surveyErasePerson
// Erasure: deletes the person's survey answers, takes them out of every round's asked, and puts the pseudonym for their id in others' answers' named; answers how many answers were deleted.
CALL () {
  MATCH (r:SurveyRound)
  WHERE $id IN r.asked
  SET r.asked = [p IN r.asked WHERE p <> $id]
}
CALL () {
  MATCH (a:SurveyAnswer)
  WHERE $id IN a.named AND a.personId <> $id
  SET a.named = [p IN a.named | CASE WHEN p = $id THEN $pseudonym ELSE p END]
}
OPTIONAL MATCH (own:SurveyAnswer {personId: $id})
WITH collect(own) AS answers
FOREACH (a IN answers | DELETE a)
RETURN size(answers) AS deleted;
