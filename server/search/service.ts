import { KINDS, today } from '../../api/common.js';
import type { z } from 'zod';
import type { SearchHit, SearchResponse, searchQuery } from '../../api/explore.js';
import type { Queries, RowOf } from '../common/queries.js';
import { kleTerms, toLucene } from './lucene.js';
import { NO_HELP, searchHelp } from './help.js';
import { kindHints, marksIn } from './words.js';

/** What a search takes: the API's query (searchQuery) as parsed. */
export type SearchInput = z.output<typeof searchQuery>;

export function searchService(queries: Queries) {
  return {
    async search({ q, kinds, limit }: SearchInput): Promise<SearchResponse> {
      const lucene = toLucene(q);
      if (!lucene) return { q, hits: [], ...NO_HELP };
      const wanted = kinds?.length ? kinds : [...KINDS];
      // A kind filter drops hits after the index has ranked them, so fetch more to fill the page.
      const fetch = wanted.length < KINDS.length ? Math.min(limit * 10, 500) : limit;
      // Search is of now: someone who has left is never offered (docs/model.md, leavers).
      return queries.readTx(async (t) => {
        const rows = await t.search({
          lucene,
          ...kleTerms(q),
          ...kindHints(q),
          kinds: wanted,
          fetch,
          limit,
          today: today(),
        });
        const hits = rows.map((r) => toHit(r, q));
        return { q, hits, ...(await searchHelp(queries, t, q, hits.length)) };
      });
    },
  };
}

function toHit(r: RowOf<'search'>, q: string): SearchHit {
  const kind = r.kind;
  // Each fact only for the kind that has it (a Project's own `kind` is not a network's kind).
  const text = (v: unknown, ...of: SearchHit['kind'][]) => (of.includes(kind) && typeof v === 'string' && v ? v : null);
  const title = text(r.title, 'Person');
  const department = text(r.department, 'Person', 'Unit');
  return {
    id: r.id,
    kind,
    name: r.name,
    score: r.score,
    marks: marksIn([r.name, title, department], q),
    title,
    department,
    networkKind: text(r.networkKind, 'Network'),
    status: text(r.status, 'Network'),
    perspective: text(r.perspective, 'Outcome'),
    partnerType: text(r.partnerType, 'Partner'),
  };
}
