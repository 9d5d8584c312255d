// name: sessionCreate
// Stores a new session under the hash of its token (the token itself lives only in the browser's cookie).
CREATE (s:Session {tokenHash: $tokenHash, sub: $sub, name: $name, roles: $roles,
                   createdAt: datetime(), lastSeenAt: datetime(),
                   expiresAt: datetime() + duration({hours: $absoluteHours})});

// name: sessionGet
// The signed-in user of a live session (not past its absolute end, not idle too long), and whether it is time to mark it seen.
MATCH (s:Session {tokenHash: $tokenHash})
WHERE s.expiresAt > datetime() AND s.lastSeenAt > datetime() - duration({minutes: $idleMinutes})
RETURN s.sub AS sub, s.name AS name, s.roles AS roles,
       s.lastSeenAt < datetime() - duration({seconds: 60}) AS stale;

// name: sessionTouch
// Marks a session as seen now, which keeps it from idling out.
MATCH (s:Session {tokenHash: $tokenHash})
SET s.lastSeenAt = datetime();

// name: sessionDelete
// Ends a session (sign-out).
MATCH (s:Session {tokenHash: $tokenHash})
DELETE s;

// name: sessionPurge
// Removes sessions that have ended, a batch at a time.
MATCH (s:Session)
WHERE s.expiresAt <= datetime() OR s.lastSeenAt <= datetime() - duration({minutes: $idleMinutes})
WITH s LIMIT 1000
DELETE s
RETURN count(*) AS purged;
