// name: kleSubjectsUpsert
// Creates or updates KleSubject nodes (number, title) from KL's KLE catalogue: main groups, groups and subjects.
UNWIND $rows AS row
MERGE (k:KleSubject {number: row.number})
SET k.title = row.title
RETURN count(k) AS subjects;
