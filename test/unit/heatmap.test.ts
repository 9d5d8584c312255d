import { describe, expect, it } from 'vitest';
import {
  barWidth,
  buildMatrix,
  cellColours,
  contrast,
  countBy,
  EMPTY_BACKGROUND,
  intensity,
  luminance,
  mix,
  pairKey,
  pairsOf,
  SCALE_HIGH,
  SCALE_LOW,
  shortNames,
  textOn,
} from '../../client/src/lib/heatmap.js';

const dept = (id: string, name = id.toUpperCase()) => ({ id, name });
const A = dept('a');
const B = dept('b');
const C = dept('c');
const pair = (a: { id: string; name: string }, b: { id: string; name: string }, ties: number) => ({
  a,
  b,
  ties,
  people: [] as string[],
});

describe('buildMatrix', () => {
  it('when pairs are given once then both cells of the pair show it and the matrix is symmetric', () => {
    const ab = pair(A, B, 3);
    const m = buildMatrix([A, B, C], [ab]);
    expect(m.rows.map((r) => r.department.id)).toEqual(['a', 'b', 'c']);
    expect(m.rows.map((r) => r.cells.map((c) => c.ties))).toEqual([
      [0, 3, 0],
      [3, 0, 0],
      [0, 0, 0],
    ]);
    expect(m.rows[0]!.cells[1]!.pair).toBe(ab);
    expect(m.rows[1]!.cells[0]!.pair).toBe(ab);
    expect(m.rows[1]!.cells[0]!.column).toEqual(A);
  });

  it('when a cell is on the diagonal then it is marked and holds no pair', () => {
    const m = buildMatrix([A, B], [pair(A, A, 9), pair(A, B, 1)]);
    expect(m.rows.map((r) => r.cells.map((c) => c.diagonal))).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(m.rows[0]!.cells[0]!.pair).toBeNull();
    // a same-department pair never sets the top of the scale
    expect(m.max).toBe(1);
  });

  it('when pairs name an unknown department then they are left out', () => {
    const m = buildMatrix([A, B], [pair(A, C, 7), pair(B, A, 2)]);
    expect(m.max).toBe(2);
    expect(m.rows[0]!.cells.map((c) => c.ties)).toEqual([0, 2]);
  });

  it('when there are no pairs then every cell is empty and the maximum is 0', () => {
    const m = buildMatrix([A, B], []);
    expect(m.max).toBe(0);
    expect(m.rows.flatMap((r) => r.cells.map((c) => c.pair))).toEqual([null, null, null, null]);
  });

  it('when the same pair comes twice then the stronger one is kept', () => {
    const weak = pair(A, B, 1);
    const strong = pair(B, A, 4);
    expect(buildMatrix([A, B], [weak, strong]).rows[0]!.cells[1]!.pair).toBe(strong);
  });
});

describe('pairKey and pairsOf', () => {
  it('when two ids are given either way round then the key is the same', () => {
    expect(pairKey('x', 'y')).toBe(pairKey('y', 'x'));
    expect(pairKey('x', 'y')).not.toBe(pairKey('x', 'z'));
  });

  it('when a department is in pairs on either side then it gets the other department of each, strongest first', () => {
    const list = pairsOf('b', [pair(A, B, 1), pair(B, C, 5), pair(A, C, 9)]);
    expect(list.map((x) => [x.other.id, x.pair.ties])).toEqual([
      ['c', 5],
      ['a', 1],
    ]);
  });
});

describe('colours', () => {
  it('when ties are 0 or the maximum is 0 then the intensity is 0 and the cell is white', () => {
    expect(intensity(0, 10)).toBe(0);
    expect(intensity(3, 0)).toBe(0);
    expect(cellColours(0, 10).background).toBe(EMPTY_BACKGROUND);
  });

  it('when ties grow then the cell gets darker, and the strongest pair gets the top of the scale', () => {
    const l = [1, 2, 5, 10].map((n) => luminance(cellColours(n, 10).background));
    expect([...l].sort((x, y) => y - x)).toEqual(l);
    expect(cellColours(10, 10).background).toBe(SCALE_HIGH);
    expect(cellColours(1, 10).background).not.toBe(SCALE_LOW);
    expect(cellColours(1, 10).background).not.toBe(EMPTY_BACKGROUND);
  });

  it('when any tie count is shown then its text has at least 4.5:1 contrast with the cell', () => {
    for (let ties = 0; ties <= 200; ties++) {
      const { background, text } = cellColours(ties, 200);
      expect(contrast(background, text), `${ties} ties on ${background}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('when the cell is dark then the text turns white, and on light cells it is dark', () => {
    expect(textOn(SCALE_HIGH)).toBe('#ffffff');
    expect(textOn(SCALE_LOW)).toBe('#000000');
    expect(textOn('#ffffff')).toBe('#000000');
  });

  it('when colours are mixed then the ends are the given colours', () => {
    expect(mix('#000000', '#ffffff', 0)).toBe('#000000');
    expect(mix('#000000', '#ffffff', 1)).toBe('#ffffff');
    expect(mix('#000000', '#ffffff', 0.5)).toBe('#808080');
    expect(mix('#000000', '#ffffff', 2)).toBe('#ffffff');
  });

  it('when contrast is measured then it matches the WCAG values', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(() => luminance('red')).toThrow();
  });
});

describe('shortNames', () => {
  it('when departments have distinct first words then the first word is the short name', () => {
    expect(shortNames(['Sundhed, Pleje & Omsorg', 'Social & Familie', 'Økonomi & Stab'])).toEqual([
      'Sundhed',
      'Social',
      'Økonomi',
    ]);
  });

  it('when two first words clash then both keep their full name, cut to size', () => {
    expect(shortNames(['Teknik Nord', 'Teknik Syd', 'Kultur'], 10)).toEqual(['Teknik No…', 'Teknik Syd', 'Kultur']);
  });

  it('when a first word is long then it is cut with an ellipsis', () => {
    expect(shortNames(['Arbejdsmarkedsafdelingen, Erhverv'], 10)).toEqual(['Arbejdsma…']);
  });
});

describe('bars and counts', () => {
  it('when a value is positive then its bar shows, and the largest fills the width', () => {
    expect(barWidth(0, 10)).toBe(0);
    expect(barWidth(1, 1000)).toBe(2);
    expect(barWidth(10, 10)).toBe(100);
    expect(barWidth(5, 0)).toBe(0);
  });

  it('when values are counted then the most common come first, ties in first-seen order', () => {
    expect(countBy(['x', 'y', 'y', 'z', 'x', 'y'], (s) => s)).toEqual([
      { key: 'y', count: 3 },
      { key: 'x', count: 2 },
      { key: 'z', count: 1 },
    ]);
  });
});
