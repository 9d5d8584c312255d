import type cytoscape from 'cytoscape';
import type { CyNode, Kind } from '../../../api/common.js';
import { twoLines } from './labels.js';

// How the graph looks: colour by department, shape by kind, cross-department ties stronger.

/** Colour-blind-safe department colours, each at least 3:1 against white (WCAG non-text contrast). */
export const DEPARTMENT_PALETTE = [
  '#0072b2',
  '#c4450c',
  '#007a5a',
  '#a8427e',
  '#8a6500',
  '#2b6cb0',
  '#6b4f9e',
  '#8b3a3a',
  '#3d6b21',
  '#4a5568',
];
export const NO_DEPARTMENT = '#6b7280';

/** A drawn node's data: the API's node data (CyNode), as GraphView gave it to Cytoscape, whose data() is untyped. */
export const nodeData = (n: cytoscape.NodeSingular): CyNode['data'] => n.data();

export const KIND_SHAPES: Record<Kind, cytoscape.Css.NodeShape> = {
  Person: 'ellipse',
  Network: 'hexagon',
  Department: 'round-rectangle',
  Partner: 'diamond',
  Training: 'triangle',
  Outcome: 'star',
  Forum: 'octagon',
  Project: 'rectangle',
  Unit: 'pentagon',
};

/** The corners of a regular polygon as Cytoscape makes them: flat at the bottom, stretched to fill the square from -1 to 1. */
function ngon(sides: number, rotation = 0): number[] {
  const step = (2 * Math.PI) / sides;
  const start = (sides % 2 === 0 ? Math.PI / 2 + step / 2 : Math.PI / 2) + rotation;
  return Array.from({ length: sides }, (_, i) => [Math.cos(start + i * step), Math.sin(-(start + i * step))]).flat();
}
function fitToSquare(points: number[]): number[] {
  const xs = points.filter((_, i) => i % 2 === 0);
  const ys = points.filter((_, i) => i % 2 === 1);
  const sx = 2 / (Math.max(...xs) - Math.min(...xs));
  const sy = 2 / (Math.max(...ys) - Math.min(...ys));
  const top = Math.min(...ys) * sy;
  return points.map((v, i) => (i % 2 === 0 ? v * sx : v * sy + (top < -1 ? -1 - top : 0)));
}
function star(): number[] {
  const outer = ngon(5);
  const inner = ngon(5, Math.PI / 5).map((v) => v * 0.5 * (3 - Math.sqrt(5)) * 1.57);
  return fitToSquare(
    Array.from({ length: 5 }, (_, i) => [outer[2 * i]!, outer[2 * i + 1]!, inner[2 * i]!, inner[2 * i + 1]!]).flat(),
  );
}
const SHAPE_POINTS: Partial<Record<cytoscape.Css.NodeShape, number[]>> = {
  hexagon: fitToSquare(ngon(6)),
  pentagon: fitToSquare(ngon(5)),
  octagon: fitToSquare(ngon(8)),
  triangle: fitToSquare(ngon(3)),
  rectangle: [-1, -1, 1, -1, 1, 1, -1, 1],
  diamond: [0, 1, 1, 0, 0, -1, -1, 0],
  star: star(),
};

/** A node shape's outline as an SVG path in the square from -1 to 1, drawn as Cytoscape draws it (for the legend). */
export function shapePath(shape: cytoscape.Css.NodeShape): string {
  if (shape === 'ellipse') return 'M -1 0 A 1 1 0 1 0 1 0 A 1 1 0 1 0 -1 0 Z';
  // Cytoscape rounds a node's corners by a quarter of its size: half the half-width here.
  if (shape === 'round-rectangle')
    return 'M -0.5 -1 H 0.5 Q 1 -1 1 -0.5 V 0.5 Q 1 1 0.5 1 H -0.5 Q -1 1 -1 0.5 V -0.5 Q -1 -1 -0.5 -1 Z';
  const points = SHAPE_POINTS[shape] ?? SHAPE_POINTS.rectangle!;
  const pairs = Array.from(
    { length: points.length / 2 },
    (_, i) => `${points[2 * i]!.toFixed(3)} ${points[2 * i + 1]!.toFixed(3)}`,
  );
  return `M ${pairs.join(' L ')} Z`;
}

/** A stable colour per department: the order of the sorted ids decides, so every view agrees. */
export function departmentColours(ids: string[]): Map<string, string> {
  return new Map([...new Set(ids)].sort().map((id, i) => [id, DEPARTMENT_PALETTE[i % DEPARTMENT_PALETTE.length]!]));
}

/**
 * From this many elements (nodes + edges) on, a graph is drawn for speed rather than finish: straight
 * (haystack) edges, the first ring's names only when zoomed in far enough to read them, and while
 * panning or zooming a snapshot without edges (GraphView). Smaller graphs (the booklet's, a person's
 * rings) are drawn for finish: bezier edges, and every name that fits placed by GraphView.
 */
export const LARGE_GRAPH = 600;

/**
 * Above this many elements the force-directed layout (fcose) would keep the page busy for seconds
 * (about 8 s of a 2-core machine's time at 5,000), so the rings are laid out instead.
 */
export const FORCE_LAYOUT_MAX = 2000;

/**
 * Room between a small graph's nodes (below LARGE_GRAPH), for their names: the space between nodes of
 * the rings layout, and the force layout's edge length. Large graphs keep theirs tight.
 */
export const RING_SPACING = 40;
export const FORCE_EDGE_LENGTH = 110;

/** How names are drawn; GraphView works out the size of a name from these to see where it fits. */
export const LABEL_FONT = {
  size: 11,
  family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  lineHeight: 1.15,
  /** A name is broken over two lines this wide at most. */
  maxWidth: 150,
  /** Between the node and its name. */
  margin: 4,
  /** Around the name, on its background. */
  padding: 2,
};

let measureContext: CanvasRenderingContext2D | null | undefined;
/** The width of a text as Cytoscape measures it (canvas, rounded up), in graph units. */
export function measureLabel(text: string, bold = false): number {
  if (measureContext === undefined) measureContext = document.createElement('canvas').getContext('2d');
  if (!measureContext) return text.length * LABEL_FONT.size * 0.6;
  measureContext.font = `normal ${bold ? 'bold' : 'normal'} ${LABEL_FONT.size}px ${LABEL_FONT.family}`;
  return Math.ceil(measureContext.measureText(text).width);
}

const wrapped = new Map<string, string>();
/** A node's name as drawn: at most two lines, broken between words (cached; names repeat across redraws). */
export function labelText(name: string, bold = false): string {
  const key = `${bold ? 'b' : 'n'}${name}`;
  let text = wrapped.get(key);
  if (text === undefined) {
    text = twoLines(name, (s) => measureLabel(s, bold), LABEL_FONT.maxWidth);
    wrapped.set(key, text);
  }
  return text;
}

/**
 * Where a name may go, best first: below the node (no class), above, right, left. GraphView gives a
 * node the class of the first place where its name covers nothing.
 */
export const LABEL_PLACES = [null, 'label-top', 'label-right', 'label-left'] as const;

/** How names are written, for the nodes whose name is shown (most nodes have none, which keeps large graphs quick to style). */
const LABEL: cytoscape.Css.Node = {
  label: (n: cytoscape.NodeSingular) => labelText(String(n.data('label') ?? ''), n.data('ring') === 0),
  'font-size': LABEL_FONT.size,
  'font-family': LABEL_FONT.family,
  'line-height': LABEL_FONT.lineHeight,
  color: '#1a1a1a',
  'text-valign': 'bottom',
  'text-margin-y': LABEL_FONT.margin,
  'text-background-color': '#fff',
  'text-background-opacity': 0.85,
  'text-background-padding': `${LABEL_FONT.padding}px`,
  // The lines are broken by labelText; the slack keeps Cytoscape from breaking them again.
  'text-wrap': 'wrap',
  'text-max-width': `${LABEL_FONT.maxWidth + 4}px`,
};

export function stylesheet(
  colourOf: (department: string | null) => string,
  { large = false }: { large?: boolean } = {},
): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': (n: cytoscape.NodeSingular) => colourOf(n.data('department') ?? null),
        shape: (n: cytoscape.NodeSingular) => KIND_SHAPES[nodeData(n).kind] ?? 'ellipse',
        width: 26,
        height: 26,
        'border-width': 2,
        'border-color': '#fff',
      },
    },
    // Names: always the centre's; in a small graph those GraphView found room for (class labelled), in a
    // large one the first ring's (when zoomed in far enough, below); and the one pointed at, selected,
    // on the path or focused by the keyboard.
    {
      selector: `node[ring = 0], node.hover, node:selected, node.path, node.focused, ${large ? 'node[ring <= 1]' : 'node.labelled'}`,
      style: LABEL,
    },
    { selector: 'node.label-top', style: { 'text-valign': 'top', 'text-margin-y': -LABEL_FONT.margin } },
    {
      selector: 'node.label-right',
      style: {
        'text-valign': 'center',
        'text-halign': 'right',
        'text-margin-y': 0,
        'text-margin-x': LABEL_FONT.margin,
      },
    },
    {
      selector: 'node.label-left',
      style: {
        'text-valign': 'center',
        'text-halign': 'left',
        'text-margin-y': 0,
        'text-margin-x': -LABEL_FONT.margin,
      },
    },
    // The centre is drawn after its rings, so nothing covers it or its name (on an opaque background).
    {
      selector: 'node[ring = 0]',
      style: {
        width: 40,
        height: 40,
        'border-color': '#1a1a1a',
        'border-width': 3,
        'font-weight': 'bold',
        'z-index': 10,
        'text-background-opacity': 1,
      },
    },
    { selector: 'node:selected', style: { 'border-color': '#d9480f', 'border-width': 4 } },
    // What the pointer or the keyboard is on comes above everything, the centre too, name and all.
    { selector: 'node.hover, node.focused', style: { 'z-index': 20, 'text-background-opacity': 1 } },
    // The keyboard's focus ring: the app's focus colour around the node, outside its white border.
    { selector: 'node.focused', style: { 'underlay-color': '#d9480f', 'underlay-opacity': 1, 'underlay-padding': 5 } },
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
          { selector: 'node.hover, node:selected, node.path, node.focused', style: { 'min-zoomed-font-size': 0 } },
        ]
      : []),
  ];
}
