// name: changeRecord
// Records one change: who, when (the real-time clock, finer than datetime()'s milliseconds, so changes in a row keep their order), what, and the values before and after (as JSON text).
CREATE (c:Change {id: $id, at: datetime.realtime(), actorSub: $actorSub, actorName: $actorName,
                  action: $action, targetKind: $targetKind, targetId: $targetId,
                  before: $before, after: $after, undoOf: $undoOf});

// name: historyAll
// All recorded changes, newest first, optionally only those before $before (an ISO time, for paging back).
MATCH (c:Change)
WHERE $before IS NULL OR c.at < datetime($before)
RETURN c.id AS id, c.at AS at, c.actorSub AS actorSub, c.actorName AS actorName, c.action AS action,
       c.targetKind AS targetKind, c.targetId AS targetId, c.before AS before, c.after AS after, c.undoOf AS undoOf
ORDER BY c.at DESC, c.id DESC
LIMIT $limit;

// name: historyOfNode
// A node's changes and those of relations touching it (ids "$id|TYPE|other" or "other|TYPE|$id"), newest first.
CALL () {
  MATCH (c:Change {targetId: $id}) RETURN c
  UNION
  MATCH (c:Change) WHERE c.targetId STARTS WITH $id + '|' RETURN c
  UNION
  MATCH (c:Change) WHERE c.targetId ENDS WITH '|' + $id RETURN c
}
WITH c
WHERE $before IS NULL OR c.at < datetime($before)
RETURN c.id AS id, c.at AS at, c.actorSub AS actorSub, c.actorName AS actorName, c.action AS action,
       c.targetKind AS targetKind, c.targetId AS targetId, c.before AS before, c.after AS after, c.undoOf AS undoOf
ORDER BY c.at DESC, c.id DESC
LIMIT $limit;

// name: historyNodeKnown
// Whether an id is a node now or ever had a recorded change of its own.
RETURN EXISTS { MATCH (:Entity {id: $id}) } OR EXISTS { MATCH (:Change {targetId: $id}) } AS known;

// name: historyChange
// One recorded change by its id.
MATCH (c:Change {id: $id})
RETURN c.id AS id, c.at AS at, c.actorSub AS actorSub, c.actorName AS actorName, c.action AS action,
       c.targetKind AS targetKind, c.targetId AS targetId, c.before AS before, c.after AS after, c.undoOf AS undoOf;

// name: historyUndoCandidate
// The node's most recent own change that is neither an undo nor already undone.
OPTIONAL MATCH (u:Change {targetId: $id, action: 'undo'})
WITH collect(u.undoOf) AS undone
MATCH (c:Change {targetId: $id})
WHERE c.action <> 'undo' AND NOT c.id IN undone
RETURN c.id AS id, c.at AS at, c.actorSub AS actorSub, c.actorName AS actorName, c.action AS action,
       c.targetKind AS targetKind, c.targetId AS targetId, c.before AS before, c.after AS after, c.undoOf AS undoOf
ORDER BY c.at DESC, c.id DESC
LIMIT 1;

// name: historyNames
// The names of these nodes: the current name, or for a node that is gone the before/after of its latest own changes (newest first, at most 5) to find its last name in.
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
CALL (id, n) {
  OPTIONAL MATCH (c:Change {targetId: id})
  WHERE n IS NULL
  WITH c ORDER BY c.at DESC LIMIT 5
  RETURN collect([c.after, c.before]) AS recorded
}
RETURN id, n.name AS name, recorded;
