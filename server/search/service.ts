import { KINDS } from '../../api/common.js';
import type { SearchHit, SearchResponse } from '../../api/explore.js';
import type { Db, Row } from '../common/db/index.js';
import type { Queries } from '../common/queries.js';
import { toLucene } from './lucene.js';

export interface SearchInput {
  q: string;
  kinds?: string[] | undefined;
  limit: number;
}

export function searchService(db: Db, queries: Queries) {
  const query = queries.get('search');
  return {
    async search({ q, kinds, limit }: SearchInput): Promise<SearchResponse> {
      const lucene = toLucene(q);
      if (!lucene) return { q, hits: [] };
      const wanted = kinds?.length ? kinds : [...KINDS];
      // A kind filter drops hits after the index has ranked them, so fetch more to fill the page.
      const fetch = wanted.length < KINDS.length ? Math.min(limit * 10, 500) : limit;
      const rows = await db.read(query, { lucene, kinds: wanted, fetch, limit });
      return { q, hits: rows.map(toHit) };
    },
  };
}

function toHit(r: Row): SearchHit {
  const kind = r.kind as SearchHit['kind'];
  // Each fact only for the kind that has it (a Project's own `kind` is not a network's kind).
  const text = (v: unknown, of: SearchHit['kind']) => (kind === of && typeof v === 'string' && v ? v : null);
  return {
    id: r.id as string,
    kind,
    name: r.name as string,
    score: Number(r.score),
    title: text(r.title, 'Person'),
    department: text(r.department, 'Person'),
    networkKind: text(r.networkKind, 'Network'),
    status: text(r.status, 'Network'),
    perspective: text(r.perspective, 'Outcome'),
    partnerType: text(r.partnerType, 'Partner'),
  };
}
