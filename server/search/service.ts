import { KINDS } from '../../api/common.js';
import type { SearchHit, SearchResponse } from '../../api/explore.js';
import type { Db, Row } from '../common/db/index.js';
import { NETWORK_KIND_DA, PERSPECTIVE_DA } from '../common/labels.js';
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
  return {
    id: r.id as string,
    kind: r.kind as SearchHit['kind'],
    name: r.name as string,
    subtitle: subtitle(r),
    score: Number(r.score),
  };
}

function subtitle(r: Row): string | null {
  const join = (...parts: unknown[]) => parts.filter((p) => typeof p === 'string' && p).join(', ') || null;
  switch (r.kind) {
    case 'Person':
      return join(r.title, r.department);
    case 'Network':
      return join(NETWORK_KIND_DA[r.networkKind as string], r.status);
    case 'Outcome':
      return join(PERSPECTIVE_DA[r.perspective as string]);
    case 'Partner':
      return join(r.partnerType);
    default:
      return null;
  }
}
