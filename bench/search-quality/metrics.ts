// Ranking metrics of the judged question set (bench/search-quality/questions.ts), used by `npm run bench`
// and by test/search-quality.test.ts alike. An answer is a list of ids, best first; a judgment gives
// some ids a grade: 2 the right one, 1 also relevant, anything not judged 0.

export type Grade = 1 | 2;
export type Judgments = ReadonlyMap<string, Grade>;

/** The grade that makes an answer right for P@1 and MRR: "also relevant" alone is not finding the right person. */
export const RIGHT: Grade = 2;
/** nDCG's cut-off: what a card list shows without scrolling on a phone. */
export const NDCG_DEPTH = 5;

const gradeOf = (judged: Judgments, id: string) => judged.get(id) ?? 0;

/** 1 when the first answer is a right one (grade 2), else 0. */
export function precisionAt1(ranked: readonly string[], judged: Judgments): number {
  return ranked.length > 0 && gradeOf(judged, ranked[0]!) >= RIGHT ? 1 : 0;
}

/** 1 / the rank of the first right answer (grade 2); 0 when none is among the answers. */
export function reciprocalRank(ranked: readonly string[], judged: Judgments): number {
  const at = ranked.findIndex((id) => gradeOf(judged, id) >= RIGHT);
  return at < 0 ? 0 : 1 / (at + 1);
}

/**
 * Normalised discounted cumulative gain at `depth` with graded gains 2^grade - 1 (3 for the right
 * one, 1 for also relevant; Järvelin & Kekäläinen, with Burges' exponential gain): the answer's DCG
 * over the DCG of the judged answers in their best order. An id answered twice counts once.
 */
export function ndcgAt(ranked: readonly string[], judged: Judgments, depth = NDCG_DEPTH): number {
  const dcg = (grades: number[]) =>
    grades.slice(0, depth).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...judged.values()].sort((a, b) => b - a));
  if (ideal === 0) return 0;
  return dcg([...new Set(ranked)].map((id) => gradeOf(judged, id))) / ideal;
}

export interface Scores {
  p1: number;
  rr: number;
  ndcg5: number;
}

/** The three scores of one answer. */
export function scoresOf(ranked: readonly string[], judged: Judgments): Scores {
  return { p1: precisionAt1(ranked, judged), rr: reciprocalRank(ranked, judged), ndcg5: ndcgAt(ranked, judged) };
}

export interface Figures {
  /** Questions asked. */
  n: number;
  /** P@1, MRR and nDCG@5: the means over the questions, rounded to three decimals. */
  p1: number;
  mrr: number;
  ndcg5: number;
}

/** The means of many answers' scores. */
export function figuresOf(scores: readonly Scores[]): Figures {
  const mean = (f: (s: Scores) => number) =>
    scores.length ? Math.round((scores.reduce((sum, s) => sum + f(s), 0) / scores.length) * 1000) / 1000 : 0;
  return { n: scores.length, p1: mean((s) => s.p1), mrr: mean((s) => s.rr), ndcg5: mean((s) => s.ndcg5) };
}
