// The URL holds the whole view (what is selected, which view, filters, language), so any view
// can be bookmarked and shared, and back/forward work.

export const VIEWS = [
  'search',
  'node',
  'networks',
  'network',
  'departments',
  'department',
  'overview',
  'new',
  'data',
  'report',
  'sources',
  'survey',
] as const;
export type View = (typeof VIEWS)[number];
export const LANGS = ['da', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const LAYOUTS = ['rings', 'fcose'] as const;
export type Layout = (typeof LAYOUTS)[number];

export interface AppState {
  view: View;
  /** The selected node (person, network, department ...). */
  id: string | null;
  /** "Who to contact about ..." topic. */
  topic: string;
  kinds: string[];
  departments: string[];
  status: string[];
  lang: Lang;
  layout: Layout;
  depth: number;
  /** The day the graph is shown as it stood (YYYY-MM-DD); null is today. */
  at: string | null;
  /** The report's "changes since" day (YYYY-MM-DD); null lists no changes. */
  since: string | null;
}

export const DEFAULT_STATE: AppState = {
  view: 'search',
  id: null,
  topic: '',
  kinds: [],
  departments: [],
  status: [],
  lang: 'da',
  layout: 'rings',
  depth: 2,
  at: null,
  since: null,
};

/** A real calendar day as YYYY-MM-DD, or null. */
export function validDay(v: string | null): string | null {
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v ? v : null;
}

const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);
const oneOf = <T extends string>(all: readonly T[], v: string | null, fallback: T): T =>
  (all as readonly string[]).includes(v ?? '') ? (v as T) : fallback;

/**
 * The survey answer page's short link, `#/surveys/<roundId>` (the form invitations and QR codes
 * carry), as the state it stands for; null for any other fragment (the skip link's #main).
 */
export function hashState(hash: string): Pick<AppState, 'view' | 'id'> | null {
  const m = hash.match(/^#\/surveys\/([\p{L}\p{N}_.:-]{1,200})$/u);
  return m ? { view: 'survey', id: m[1]! } : null;
}

/** Reads the state from a query string; anything unknown falls back to the default. */
export function parseState(search: string): AppState {
  const p = new URLSearchParams(search);
  const depth = Number(p.get('depth'));
  const raw = p.get('id');
  const id = raw && /^[\p{L}\p{N}_.:-]{1,200}$/u.test(raw) ? raw : null;
  return {
    view: oneOf(VIEWS, p.get('view'), id ? 'node' : 'search'),
    id,
    topic: (p.get('topic') ?? '').slice(0, 200),
    kinds: list(p.get('kinds')),
    departments: list(p.get('departments')),
    status: list(p.get('status')),
    lang: oneOf(LANGS, p.get('lang'), 'da'),
    layout: oneOf(LAYOUTS, p.get('layout'), 'rings'),
    depth: Number.isInteger(depth) && depth >= 1 && depth <= 4 ? depth : DEFAULT_STATE.depth,
    at: validDay(p.get('at')),
    since: validDay(p.get('since')),
  };
}

/** Writes the state as a query string, leaving defaults out so links stay short. */
export function formatState(s: AppState): string {
  const p = new URLSearchParams();
  if (s.view !== 'search') p.set('view', s.view);
  if (s.id) p.set('id', s.id);
  if (s.topic) p.set('topic', s.topic);
  if (s.kinds.length) p.set('kinds', s.kinds.join(','));
  if (s.departments.length) p.set('departments', s.departments.join(','));
  if (s.status.length) p.set('status', s.status.join(','));
  if (s.lang !== 'da') p.set('lang', s.lang);
  if (s.layout !== 'rings') p.set('layout', s.layout);
  if (s.depth !== DEFAULT_STATE.depth) p.set('depth', String(s.depth));
  if (s.at) p.set('at', s.at);
  if (s.since) p.set('since', s.since);
  const q = p.toString();
  return q ? `?${q}` : '';
}
