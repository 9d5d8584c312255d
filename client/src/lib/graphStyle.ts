import type cytoscape from 'cytoscape';
import type { Kind } from '../../../api/common.js';

// How the graph looks: colour by department, shape by kind, cross-department ties stronger.

/** Colour-blind-safe department colours, each at least 3:1 against white (WCAG non-text contrast). */
export const DEPARTMENT_PALETTE = ['#0072b2', '#c4450c', '#007a5a', '#a8427e', '#8a6500', '#2b6cb0', '#6b4f9e', '#8b3a3a', '#3d6b21', '#4a5568'];
export const NO_DEPARTMENT = '#6b7280';

export const KIND_SHAPES: Record<Kind, cytoscape.Css.NodeShape> = {
  Person: 'ellipse',
  Network: 'hexagon',
  Department: 'round-rectangle',
  Partner: 'diamond',
  Training: 'triangle',
  Outcome: 'star',
  Forum: 'octagon',
  Project: 'rectangle',
};

/** A stable colour per department: the order of the sorted ids decides, so every view agrees. */
export function departmentColours(ids: string[]): Map<string, string> {
  return new Map([...new Set(ids)].sort().map((id, i) => [id, DEPARTMENT_PALETTE[i % DEPARTMENT_PALETTE.length]!]));
}

/**
 * From this many elements (nodes + edges) on, a graph is drawn for speed rather than finish: straight
 * (haystack) edges, the first ring's names only when zoomed in far enough to read them, and while
 * panning or zooming a snapshot without edges (GraphView). Smaller graphs (the booklet's, a person's
 * rings) look exactly as before.
 */
export const LARGE_GRAPH = 600;

/**
 * Above this many elements the force-directed layout (fcose) would keep the page busy for seconds
 * (about 8 s of a 2-core machine's time at 5,000), so the rings are laid out instead.
 */
export const FORCE_LAYOUT_MAX = 2000;

/** How names are written, for the nodes whose name is shown (most nodes have none, which keeps large graphs quick to style). */
const LABEL: cytoscape.Css.Node = {
  label: 'data(label)',
  'font-size': 11,
  color: '#1a1a1a',
  'text-valign': 'bottom',
  'text-margin-y': 4,
  'text-background-color': '#fff',
  'text-background-opacity': 0.85,
  'text-background-padding': '2px',
  'text-wrap': 'ellipsis',
  'text-max-width': '140px',
};

export function stylesheet(colourOf: (department: string | null) => string, { large = false }: { large?: boolean } = {}): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': (n: cytoscape.NodeSingular) => colourOf(n.data('department') ?? null),
        shape: (n: cytoscape.NodeSingular) => KIND_SHAPES[n.data('kind') as Kind] ?? 'ellipse',
        width: 26,
        height: 26,
        'border-width': 2,
        'border-color': '#fff',
      },
    },
    // Names of the centre and the first ring are always shown; others on hover or selection.
    { selector: 'node[ring <= 1], node.hover, node:selected, node.path', style: LABEL },
    { selector: 'node[ring = 0]', style: { width: 40, height: 40, 'border-color': '#1a1a1a', 'border-width': 3, 'font-weight': 'bold' } },
    { selector: 'node:selected', style: { 'border-color': '#d9480f', 'border-width': 4 } },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'line-color': '#9aa5b1',
        'curve-style': large ? 'haystack' : 'bezier',
      },
    },
    { selector: 'edge[?crossDepartment]', style: { width: 4, 'line-color': '#b3261e' } },
    { selector: 'edge.path', style: { width: 5, 'line-color': '#d9480f', 'z-index': 10 } },
    { selector: 'node.path', style: { 'border-color': '#d9480f', 'border-width': 4 } },
    { selector: '.faded', style: { opacity: 0.25 } },
    // A large graph fitted to the canvas is drawn small: names too small to read (under 8 px) are left
    // out, except the one pointed at, selected or on the path.
    ...(large
      ? [
          { selector: 'node', style: { 'min-zoomed-font-size': 8 } },
          { selector: 'node.hover, node:selected, node.path', style: { 'min-zoomed-font-size': 0 } },
        ]
      : []),
  ];
}
