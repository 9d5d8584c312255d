// name: changeRecord
// Records one change: who, when, what, and the values before and after (as JSON text).
CREATE (c:Change {id: $id, at: datetime(), actorSub: $actorSub, actorName: $actorName,
                  action: $action, targetKind: $targetKind, targetId: $targetId,
                  before: $before, after: $after, undoOf: $undoOf});
