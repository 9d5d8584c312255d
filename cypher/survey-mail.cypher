// Survey invitations and reminders (issue 20, server/surveys/mail.ts): who a round asks, with their
// work e-mail and whether they have answered. A SurveyRound and a SurveyAnswer are no Entity (see
// surveys.cypher); an answer's id is `<roundId>|<personId>`.

// name: surveyMailRound
// A round with its network's name and days, and those it asks in its order: name, work e-mail, the day they left (null: not left) and whether they have answered; no row when there is none.
MATCH (r:SurveyRound {id: $id})
OPTIONAL MATCH (n:Network:Entity {id: r.networkId})
CALL (r) {
  UNWIND range(0, size(coalesce(r.asked, [])) - 1) AS i
  WITH i, r.asked[i] AS pid
  OPTIONAL MATCH (p:Person:Entity {id: pid})
  WITH i, pid, p, EXISTS { MATCH (:SurveyAnswer {id: r.id + '|' + pid}) } AS answered
  ORDER BY i
  RETURN collect({id: pid, name: coalesce(p.name, pid), email: p.email, leftOn: p.leftOn, answered: answered}) AS asked
}
RETURN r.id AS id, r.networkId AS networkId, coalesce(n.name, r.networkId) AS networkName, r.opensOn AS opensOn,
       r.closesOn AS closesOn, r.closedOn AS closedOn, asked;
