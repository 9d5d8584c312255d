// The graph's names, worked out apart from Cytoscape so they can be tested on their own: how a long
// name is broken over two lines, which names fit without covering another name or node, and the
// order the keyboard visits the nodes in.

import { byCodeUnit } from '../../../api/order.js';

/** The width of a text as drawn, in the graph's units (CSS pixels at zoom 1). */
export type Measure = (text: string) => number;

const ELLIPSIS = '…';

/** The longest start of `text` that fits in `maxWidth` with "…" after it (at least one character). */
function cut(text: string, measure: Measure, maxWidth: number): string {
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(text.slice(0, mid) + ELLIPSIS) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + ELLIPSIS;
}

/** `line` with "…" after it, whole words dropped from its end until it fits; a lone word too wide is cut. */
function ending(line: string, measure: Measure, maxWidth: number): string {
  const words = line.split(' ');
  while (words.length > 1) {
    const candidate = words.join(' ') + ELLIPSIS;
    if (measure(candidate) <= maxWidth) return candidate;
    words.pop();
  }
  return measure(words[0]! + ELLIPSIS) <= maxWidth ? words[0]! + ELLIPSIS : cut(words[0]!, measure, maxWidth);
}

/**
 * A name as at most two lines no wider than `maxWidth`, broken between words. When the name does not
 * fit in two lines, the second ends in "…" after a whole word. A single word wider than a line (Danish
 * compounds: "netværkslederuddannelsen") gets a line of its own up to half as wide again, and is cut
 * inside the word only beyond that, as nothing else would fit.
 */
export function twoLines(text: string, measure: Measure, maxWidth: number): string {
  const wordWidth = maxWidth * 1.5;
  const clean = text.trim().replace(/\s+/g, ' ');
  if (measure(clean) <= maxWidth) return clean;
  const words = clean.split(' ');
  const lines: string[] = [];
  let i = 0;
  while (lines.length < 2 && i < words.length) {
    let line = words[i++]!;
    while (i < words.length && measure(`${line} ${words[i]}`) <= maxWidth) line += ` ${words[i++]}`;
    lines.push(line);
  }
  return lines
    .map((line, n) => {
      const more = n === lines.length - 1 && i < words.length;
      const lone = !line.includes(' ');
      if (more) return ending(line, measure, lone ? wordWidth : maxWidth);
      return measure(line) <= (lone ? wordWidth : maxWidth) ? line : cut(line, measure, wordWidth);
    })
    .join('\n');
}

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

export interface LabelCandidate {
  id: string;
  /** Where the name could be drawn, best first (below the node, then above, right, left). */
  places: Box[];
  /** Shown in its first place whatever it covers (the centre, the path): the others keep clear of it. */
  forced?: boolean;
}

/**
 * Where to show which names: greedily, in the order given (most important first), each name in the
 * first of its places that covers no name already shown and no other node; a name with no such place
 * is left out. Forced names are placed first, in their first place. Quadratic in the number of
 * nodes, so only for graphs of a few hundred (the caller's cap). Answers the index of the place taken.
 */
export function fitLabels(candidates: LabelCandidate[], bodies: { id: string; box: Box }[]): Map<string, number> {
  const shown = new Map<string, number>();
  const placed: Box[] = [];
  const ordered = [...candidates.filter((c) => c.forced), ...candidates.filter((c) => !c.forced)];
  for (const c of ordered) {
    const at = c.forced
      ? 0
      : c.places.findIndex(
          (box) => !placed.some((b) => overlaps(b, box)) && !bodies.some((b) => b.id !== c.id && overlaps(b.box, box)),
        );
    if (at < 0 || !c.places[at]) continue;
    shown.set(c.id, at);
    placed.push(c.places[at]);
  }
  return shown;
}

export interface PlacedNode {
  id: string;
  /** Rings out from the centre; nodes without one come last. */
  ring: number | undefined;
  x: number;
  y: number;
}

/**
 * The order the keyboard visits the nodes in: ring by ring from the centre out, and within a ring
 * clockwise from twelve o'clock around the centre, as the eye reads the rings.
 */
export function keyboardOrder(nodes: PlacedNode[], centre: { x: number; y: number }): string[] {
  const angle = (n: PlacedNode) => {
    const a = Math.atan2(n.x - centre.x, centre.y - n.y);
    return a < 0 ? a + 2 * Math.PI : a;
  };
  return nodes
    .map((n) => ({ n, ring: n.ring ?? Number.POSITIVE_INFINITY, a: angle(n) }))
    .sort((p, q) => p.ring - q.ring || p.a - q.a || byCodeUnit(p.n.id, q.n.id))
    .map((p) => p.n.id);
}

/** How many names the graph shows, for the sentence under it. */
export interface LabelCount {
  shown: number;
  total: number;
  /** A large graph is not placed name by name: the first ring's names show when zoomed in far enough. */
  large: boolean;
}
