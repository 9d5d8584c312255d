// name: benchIds
// The ids of one kind of synthetic node, in id order: the benchmark draws its inputs from them.
MATCH (n:Entity)
WHERE n.source = 'synthetic' AND $kind IN labels(n)
RETURN n.id AS id
ORDER BY id;

// name: benchWords
// Words people would search for: synthetic people's names and networks' themes.
MATCH (n:Entity)
WHERE n.source = 'synthetic' AND (n:Person OR n:Network)
RETURN n.name AS name, n.theme AS theme
LIMIT $limit;
