import type cytoscape from 'cytoscape';
import { flushSync, mount } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import GraphView from '../../client/src/rings/GraphView.svelte';
import { departmentColours, NO_DEPARTMENT } from '../../client/src/lib/graphStyle.js';
import { benchElements, DEPARTMENTS } from './elements.js';

// The client bench's page: the real GraphView (real stylesheet, real layouts) given a generated
// graph of ?n= elements, laid out with ?layout=rings|fcose. window.bench gives the elements and times,
// in the page, until the first frame drawn after the layout; then it pans and counts frames.

export interface DrawResult {
  nodes: number;
  edges: number;
  layout: string;
  /** From giving the elements to the layout's layoutstop. */
  layoutMs: number;
  /** From giving the elements to the first `render` after layoutstop. */
  firstDrawMs: number;
  renderer: string;
}
export interface PanResult {
  durationMs: number;
  /** Frames Cytoscape drew (its `render` events). */
  frames: number;
  fps: number;
  p95FrameMs: number;
  /** Animation frames the browser gave, for comparison. */
  animationFrames: number;
  /** Viewport changes the drag made (0 would mean the drag did not pan). */
  pans: number;
}
export interface BenchApi {
  ready: boolean;
  error?: string;
  /** Gives the elements and resolves at the first frame drawn after the layout. */
  draw(): Promise<DrawResult>;
  pan(durationMs: number): Promise<PanResult>;
  /** Animation frames per second while nothing is drawn. */
  idle(durationMs: number): Promise<number>;
}
declare global {
  interface Window {
    bench?: BenchApi;
  }
}

const params = new URLSearchParams(location.search);
const n = Number(params.get('n') ?? 1000);
const layout = params.get('layout') === 'fcose' ? 'fcose' : 'rings';
const { nodes, edges } = benchElements(n, Number(params.get('seed') ?? 7));
const colours = departmentColours(DEPARTMENTS);

// Props read through a reactive map, so the elements can be given after Cytoscape exists.
const state = new SvelteMap<'given', boolean>([['given', false]]);
const target = document.getElementById('app')!;
mount(GraphView, {
  target,
  props: {
    get nodes() {
      return state.get('given') ? nodes : [];
    },
    get edges() {
      return state.get('given') ? edges : [];
    },
    layout,
    get layoutKey() {
      return state.get('given') ? 1 : 0;
    },
    colourOf: (d: string | null) => (d ? (colours.get(d) ?? NO_DEPARTMENT) : NO_DEPARTMENT),
    label: 'bench',
  },
});
flushSync();
const cy = (target.querySelector('[data-testid="graph-canvas"]') as (HTMLElement & { cy?: cytoscape.Core }) | null)?.cy;
// Cytoscape's WebGL mode draws without emitting `render`: there, a drawn frame is an animation frame.
const webgl = !!(cy as unknown as { renderer(): { webgl?: boolean } } | undefined)?.renderer().webgl;

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A point of the canvas with no node under it (a corner, outside the fitted graph), in client coordinates. */
function emptyPoint(c: cytoscape.Core): { x: number; y: number } {
  const box = c.container()!.getBoundingClientRect();
  for (const [fx, fy] of [
    [0.01, 0.02],
    [0.99, 0.02],
    [0.01, 0.98],
    [0.99, 0.98],
    [0.5, 0.02],
  ] as const) {
    const x = box.width * fx;
    const y = box.height * fy;
    const hit = c.nodes().some((n) => {
      const b = n.renderedBoundingBox();
      return x >= b.x1 && x <= b.x2 && y >= b.y1 && y <= b.y2;
    });
    if (!hit) return { x: box.left + x, y: box.top + y };
  }
  return { x: box.left + 2, y: box.top + 2 };
}

// Panning as a person does it: the mouse pressed on the background and dragged, a small step
// every animation frame (a square, so the graph stays in view). A drag, not cy.panBy(), so the
// renderer's viewport-gesture paths (texture, hidden edges) are the ones measured.
function pan(durationMs: number): Promise<PanResult> {
  const c = cy!;
  const canvas = c.container()!.querySelector('canvas')!;
  const renders: number[] = [];
  const onRender = () => renders.push(performance.now());
  let pans = 0;
  const onPan = () => pans++;
  const mouse = (type: string, x: number, y: number, on: EventTarget) =>
    on.dispatchEvent(
      new MouseEvent(type, {
        clientX: x,
        clientY: y,
        button: 0,
        buttons: type === 'mouseup' ? 0 : 1,
        bubbles: true,
        cancelable: true,
        view: window,
      }),
    );
  const steps = [
    { x: 4, y: 0 },
    { x: 0, y: 4 },
    { x: -4, y: 0 },
    { x: 0, y: -4 },
  ];
  const at = emptyPoint(c);
  let animationFrames = 0;
  mouse('mousedown', at.x, at.y, canvas);
  if (!webgl) c.on('render', onRender);
  c.on('pan', onPan);
  const start = performance.now();
  return new Promise((resolve) => {
    const frame = () => {
      const now = performance.now();
      if (now - start >= durationMs) {
        c.off('render', onRender);
        c.off('pan', onPan);
        mouse('mouseup', at.x, at.y, window);
        const gaps = renders.slice(1).map((t, i) => t - renders[i]!);
        const elapsed = now - start;
        resolve({
          durationMs: elapsed,
          frames: renders.length,
          fps: (renders.length / elapsed) * 1000,
          p95FrameMs: percentile(gaps, 95),
          animationFrames,
          pans,
        });
        return;
      }
      animationFrames++;
      if (webgl) onRender();
      const step = steps[Math.floor((now - start) / 400) % steps.length]!;
      at.x += step.x;
      at.y += step.y;
      mouse('mousemove', at.x, at.y, window);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

function idle(durationMs: number): Promise<number> {
  let frames = 0;
  const start = performance.now();
  return new Promise((resolve) => {
    const frame = (now: number) => {
      if (now - start >= durationMs) resolve((frames / (now - start)) * 1000);
      else {
        frames++;
        requestAnimationFrame(frame);
      }
    };
    requestAnimationFrame(frame);
  });
}

function draw(): Promise<DrawResult> {
  const c = cy!;
  return new Promise((resolve) => {
    let layoutStop = 0;
    let t0 = 0;
    c.one('layoutstop', () => {
      layoutStop = performance.now();
      const drawn = () =>
        resolve({
          nodes: c.nodes().length,
          edges: c.edges().length,
          layout,
          layoutMs: layoutStop - t0,
          firstDrawMs: performance.now() - t0,
          renderer: webgl ? 'webgl' : 'canvas',
        });
      // WebGL draws in Cytoscape's next animation frame callback; ours, asked for after it, runs after it.
      if (webgl) requestAnimationFrame(drawn);
      else c.one('render', drawn);
    });
    t0 = performance.now();
    state.set('given', true);
    flushSync();
  });
}

// Ready once the empty canvas has been drawn; the bench then calls draw() (measuring around it).
const api: BenchApi = { ready: false, draw, pan, idle };
window.bench = api;
if (!cy) api.error = 'GraphView did not expose its Cytoscape instance.';
else requestAnimationFrame(() => requestAnimationFrame(() => (api.ready = true)));
