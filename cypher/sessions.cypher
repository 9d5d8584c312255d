// name: sessionCreate
// Stores a new session under the hash of its token (the token itself lives only in the browser's cookie).
CREATE (s:Session {tokenHash: $tokenHash, sub: $sub, name: $name, roles: $roles, email: $email,
                   createdAt: datetime(), lastSeenAt: datetime(),
                   expiresAt: datetime() + duration({hours: $absoluteHours})});

// name: sessionGet
// The signed-in user of a live session (not past its absolute end, not idle too long), and whether it is time to mark it seen.
MATCH (s:Session {tokenHash: $tokenHash})
WHERE s.expiresAt > datetime() AND s.lastSeenAt > datetime() - duration({minutes: $idleMinutes})
RETURN s.sub AS sub, s.name AS name, s.roles AS roles, s.email AS email,
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

// name: sessionsEndForSub
// Ends every session of one person (their granted roles changed, so the new ones apply at their next sign-in).
MATCH (s:Session {sub: $sub})
DELETE s
RETURN count(*) AS ended;

// name: pendingLoginCreate
// Remembers an OpenID Connect sign-in in progress under the hash of its cookie value, for a few minutes, so any server process can finish it.
CREATE (:PendingLogin {idHash: $idHash, state: $state, nonce: $nonce, codeVerifier: $codeVerifier, returnTo: $returnTo,
                       createdAt: datetime(), expiresAt: datetime() + duration({minutes: $ttlMinutes})});

// name: pendingLoginTake
// Takes a sign-in in progress: deletes it (it can be used once) and returns it if it has not expired.
MATCH (p:PendingLogin {idHash: $idHash})
WITH p, p {.state, .nonce, .codeVerifier, .returnTo} AS login, p.expiresAt > datetime() AS live
DELETE p
RETURN login, live;

// name: pendingLoginPurge
// Removes sign-ins that were started but never finished, a batch at a time.
MATCH (p:PendingLogin)
WHERE p.expiresAt <= datetime()
WITH p LIMIT 1000
DELETE p
RETURN count(*) AS purged;

// name: roleGrantsList
// The admin-managed role list: each person's granted roles.
MATCH (g:RoleGrant)
RETURN g.sub AS sub, collect(DISTINCT g.role) AS roles
ORDER BY sub;

// name: roleGrantsFor
// The roles granted to one person by an admin (merged with their groups' roles at sign-in).
MATCH (g:RoleGrant {sub: $sub})
RETURN collect(DISTINCT g.role) AS roles;

// name: roleGrantsSet
// Replaces one person's granted roles: removes those not listed, adds the new ones with who granted them and when.
OPTIONAL MATCH (old:RoleGrant {sub: $sub})
WHERE NOT old.role IN $roles
DELETE old
WITH count(*) AS _
UNWIND $roles AS role
MERGE (g:RoleGrant {sub: $sub, role: role})
  ON CREATE SET g.grantedAt = datetime(), g.grantedBy = $grantedBy
RETURN count(g) AS granted;
