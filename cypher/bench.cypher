// name: benchIds
// The ids of one kind of synthetic node, in id order: the benchmark draws its inputs from them.
MATCH (n:Entity)
WHERE n.source = 'synthetic' AND $kind IN labels(n)
RETURN n.id AS id
ORDER BY id;

// name: benchWords
// Words people would search for: the first $limit synthetic people's names, and every synthetic network's name and theme.
CALL () {
  MATCH (n:Entity:Person)
  WHERE n.source = 'synthetic'
  RETURN n.name AS name, null AS theme
  LIMIT $limit
  UNION ALL
  MATCH (n:Entity:Network)
  WHERE n.source = 'synthetic'
  RETURN n.name AS name, n.theme AS theme
}
RETURN name, theme;

// name: benchRounds
// The synthetic survey rounds that have answers, in id order: the benchmark asks for their results.
MATCH (a:SurveyAnswer)
WHERE a.source = 'synthetic'
WITH DISTINCT a.roundId AS id
RETURN id
ORDER BY id;
