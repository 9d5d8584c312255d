// Geometry of the booklet's flower: one petal per outcome, around a centre, coloured by the
// perspective it serves (green kommunen, orange borgerne, blue medarbejderne).

export const PERSPECTIVES = ['kommunen', 'borgerne', 'medarbejderne'] as const;
export type Perspective = (typeof PERSPECTIVES)[number];

/** Fill colours as in the booklet; dark enough that white text on them is not needed (labels sit outside). */
export const PETAL_COLOURS: Record<Perspective, string> = {
  kommunen: '#2e8540',
  borgerne: '#e07b00',
  medarbejderne: '#1f6fb2',
};

export interface PetalInput {
  id: string;
  name: string;
  perspective: Perspective;
}

export interface PetalShape extends PetalInput {
  /** Degrees clockwise from straight up. */
  angle: number;
  /** SVG path of the petal, drawn around (0,0). */
  d: string;
  colour: string;
  /** Where its label starts, outside the petal tip. */
  labelX: number;
  labelY: number;
  anchor: 'start' | 'middle' | 'end';
}

// `|| 0` turns -0 into 0, so the SVG never says "-0".
const round = (n: number) => Math.round(n * 100) / 100 || 0;

/**
 * Lays out petals evenly around the centre, grouped by perspective in the booklet's order so
 * each colour forms one arc. `radius` is the petal length from the centre.
 */
export function flowerPetals(petals: PetalInput[], radius = 100, core = 22): PetalShape[] {
  const ordered = PERSPECTIVES.flatMap((p) => petals.filter((x) => x.perspective === p));
  const n = ordered.length;
  if (n === 0) return [];
  const step = 360 / n;
  // Petal width shrinks as more petals share the circle, but never vanishes.
  const half = Math.min(radius * 0.45, ((Math.PI * radius) / n) * 0.55);
  return ordered.map((p, i) => {
    const angle = round(i * step);
    const rad = (angle * Math.PI) / 180;
    const dx = Math.sin(rad);
    const dy = -Math.cos(rad);
    // A symmetric petal along the y axis, rotated into place by the transform in the SVG.
    const d = `M 0 ${-core} C ${round(half)} ${round(-core - radius * 0.35)} ${round(half)} ${round(-radius * 0.85)} 0 ${-radius} C ${round(-half)} ${round(-radius * 0.85)} ${round(-half)} ${round(-core - radius * 0.35)} 0 ${-core} Z`;
    const lr = radius + 10;
    return {
      ...p,
      angle,
      d,
      colour: PETAL_COLOURS[p.perspective],
      labelX: round(dx * lr),
      labelY: round(dy * lr),
      anchor: Math.abs(dx) < 0.2 ? 'middle' : dx > 0 ? 'start' : 'end',
    };
  });
}
