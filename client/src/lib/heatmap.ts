// Pure helpers for the leadership overview's coordination heatmap: the symmetric matrix built
// from the API's department pairs, the colour scale, and the text colour that stays readable
// (WCAG 2.1 AA, at least 4.5:1) on every cell.

export interface Ref {
  id: string;
  name: string;
}

/** The part of a coordination pair the matrix needs; the API's pairs carry more and fit this. */
export interface PairLike {
  a: Ref;
  b: Ref;
  ties: number;
}

export interface MatrixCell<P extends PairLike> {
  column: Ref;
  /** The pair behind the cell, or null when the two departments share no ties (or are one). */
  pair: P | null;
  ties: number;
  /** Row and column are the same department; the matrix counts only cross-department ties. */
  diagonal: boolean;
}

export interface MatrixRow<P extends PairLike> {
  department: Ref;
  cells: MatrixCell<P>[];
}

export interface Matrix<P extends PairLike> {
  rows: MatrixRow<P>[];
  /** The highest tie count of any pair (0 when there are none): the top of the colour scale. */
  max: number;
}

/** One key for a pair of departments, whichever way round they are given. */
export function pairKey(a: string, b: string): string {
  return a <= b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/**
 * The department-by-department matrix: one row and one column per department in the given
 * order, each cell holding the pair of its row and column, so cell (a, b) and cell (b, a) show
 * the same pair. Pairs naming a department outside the list, and pairs of a department with
 * itself, are left out.
 */
export function buildMatrix<P extends PairLike>(departments: readonly Ref[], pairs: readonly P[]): Matrix<P> {
  const known = new Set(departments.map((d) => d.id));
  const byKey = new Map<string, P>();
  let max = 0;
  for (const p of pairs) {
    if (p.a.id === p.b.id || !known.has(p.a.id) || !known.has(p.b.id)) continue;
    const key = pairKey(p.a.id, p.b.id);
    // Duplicates should not happen; if they do, the stronger one wins so the cell never understates.
    const seen = byKey.get(key);
    if (seen && seen.ties >= p.ties) continue;
    byKey.set(key, p);
    max = Math.max(max, p.ties);
  }
  const rows = departments.map((department) => ({
    department,
    cells: departments.map((column) => {
      const diagonal = column.id === department.id;
      const pair = diagonal ? null : (byKey.get(pairKey(department.id, column.id)) ?? null);
      return { column, pair, ties: pair?.ties ?? 0, diagonal };
    }),
  }));
  return { rows, max };
}

/** The pairs a department belongs to, each with the department on the other side, strongest first. */
export function pairsOf<P extends PairLike>(id: string, pairs: readonly P[]): { other: Ref; pair: P }[] {
  return pairs
    .filter((p) => p.a.id !== p.b.id && (p.a.id === id || p.b.id === id))
    .map((pair) => ({ other: pair.a.id === id ? pair.b : pair.a, pair }))
    .sort((x, y) => y.pair.ties - x.pair.ties);
}

// --- colour ---------------------------------------------------------------------------------

/** The scale runs from a faint tint to the brand colour (app.css --brand). */
export const SCALE_LOW = '#e6f0f5';
export const SCALE_HIGH = '#0b4f6c';
/** Cells without ties stay white, so "none" never looks like "a few". */
export const EMPTY_BACKGROUND = '#ffffff';
export const DARK_TEXT = '#000000';
export const LIGHT_TEXT = '#ffffff';

/** How strong a cell is, 0 (no ties) to 1 (the most tied pair); any tie shows at least a faint tint. */
export function intensity(ties: number, max: number): number {
  if (!(ties > 0) || !(max > 0)) return 0;
  return Math.min(1, ties / max);
}

function channels(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`Not a #rrggbb colour: ${hex}`);
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const toHex = (c: number[]) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/** The colour `t` (0 to 1) of the way from `from` to `to`, mixed in sRGB. */
export function mix(from: string, to: string, t: number): string {
  const a = channels(from);
  const b = channels(to);
  const k = Math.min(1, Math.max(0, t));
  return toHex(a.map((v, i) => v + (b[i]! - v) * k));
}

/** Relative luminance as WCAG 2.1 defines it. */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours, 1 to 21. */
export function contrast(x: string, y: string): number {
  const a = luminance(x);
  const b = luminance(y);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** Black or white, whichever reads better on `background` (one of them always reaches 4.5:1). */
export function textOn(background: string): string {
  return contrast(background, LIGHT_TEXT) >= contrast(background, DARK_TEXT) ? LIGHT_TEXT : DARK_TEXT;
}

/** Background and text colour of a cell with `ties` when the strongest pair has `max`. */
export function cellColours(ties: number, max: number): { background: string; text: string } {
  const k = intensity(ties, max);
  // Start the scale a little above its bottom so one tie is visibly different from none.
  const background = k === 0 ? EMPTY_BACKGROUND : mix(SCALE_LOW, SCALE_HIGH, 0.1 + 0.9 * k);
  return { background, text: textOn(background) };
}

// --- names ----------------------------------------------------------------------------------

/**
 * Short column headings: each department's first word ("Sundhed, Pleje & Omsorg" → "Sundhed"),
 * cut to `max` characters. Where two departments would get the same short name, both keep
 * their full name (cut to `max`), so no two columns look alike.
 */
export function shortNames(names: readonly string[], max = 14): string[] {
  const cut = (s: string) => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s);
  const first = names.map((n) => cut((n.trim().split(/\s+/)[0] ?? n).replace(/[,;:.&–-]+$/, '') || n.trim()));
  return names.map((n, i) => (first.filter((f) => f === first[i]).length > 1 ? cut(n.trim()) : first[i]!));
}

/** A bar's width in percent of the longest, with a sliver for any non-zero value so it shows. */
export function barWidth(value: number, max: number): number {
  if (!(value > 0) || !(max > 0)) return 0;
  return Math.max(2, Math.round((value / max) * 100));
}

/** Counts of the values, most common first, then in the order they first appeared. */
export function countBy<T>(items: readonly T[], keyOf: (item: T) => string): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count);
}
