import { describe, expect, it } from 'vitest';
import { flowerPetals, PETAL_COLOURS } from '../../client/src/lib/flower.js';

const petal = (id: string, perspective: 'kommunen' | 'borgerne' | 'medarbejderne') => ({ id, name: id, perspective });

describe('flowerPetals', () => {
  it('when there are no outcomes then there are no petals', () => {
    expect(flowerPetals([])).toEqual([]);
  });

  it('when there are four petals then they stand 90 degrees apart, grouped green, orange, blue', () => {
    const shapes = flowerPetals([
      petal('m', 'medarbejderne'),
      petal('b', 'borgerne'),
      petal('k1', 'kommunen'),
      petal('k2', 'kommunen'),
    ]);
    expect(shapes.map((s) => [s.id, s.angle, s.colour])).toEqual([
      ['k1', 0, PETAL_COLOURS.kommunen],
      ['k2', 90, PETAL_COLOURS.kommunen],
      ['b', 180, PETAL_COLOURS.borgerne],
      ['m', 270, PETAL_COLOURS.medarbejderne],
    ]);
  });

  it('when petals are placed then labels sit just beyond the tip, anchored away from the centre', () => {
    const [top, right, bottom, left] = flowerPetals(
      ['a', 'b', 'c', 'd'].map((id) => petal(id, 'kommunen')),
      100,
    );
    expect([top!.labelX, top!.labelY, top!.anchor]).toEqual([0, -110, 'middle']);
    expect([right!.labelX, right!.labelY, right!.anchor]).toEqual([110, 0, 'start']);
    expect([bottom!.labelX, bottom!.labelY, bottom!.anchor]).toEqual([0, 110, 'middle']);
    expect([left!.labelX, left!.labelY, left!.anchor]).toEqual([-110, 0, 'end']);
  });

  it('when a petal is drawn then its path runs from the core to the tip and back', () => {
    const [only] = flowerPetals([petal('x', 'borgerne')], 100, 20);
    expect(only!.d.startsWith('M 0 -20 C')).toBe(true);
    expect(only!.d).toContain(' 0 -100 C');
    expect(only!.d.endsWith('0 -20 Z')).toBe(true);
  });
});
