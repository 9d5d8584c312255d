import { describe, expect, it } from 'vitest';
import { fitLabels, keyboardOrder, twoLines, type Box } from '../../client/src/lib/labels.js';

// Every character 10 units wide: widths are easy to count.
const measure = (s: string) => s.length * 10;
const box = (x1: number, y1: number, x2: number, y2: number): Box => ({ x1, y1, x2, y2 });

describe('names over two lines', () => {
  it('when a name fits then it stays on one line', () => {
    expect(twoLines('Anna Bojsen', measure, 150)).toBe('Anna Bojsen');
  });

  it('when a name is too long then it breaks between words and the second line ends in an ellipsis after a whole word', () => {
    expect(twoLines('Arbejdsmarked, Erhverv & Ydelser', measure, 170)).toBe('Arbejdsmarked,\nErhverv & Ydelser');
    expect(twoLines('Fagligheder indenfor kommunen sammen om en fælles opgave', measure, 200)).toBe(
      'Fagligheder indenfor\nkommunen sammen om…',
    );
  });

  it('when one word is wider than a line then it keeps a line of its own up to half as wide again, and only beyond is it cut', () => {
    expect(twoLines('netværkslederuddannelsen', measure, 200)).toBe('netværkslederuddannelsen');
    expect(twoLines('KL netværkslederuddannelsen', measure, 200)).toBe('KL\nnetværkslederuddannelsen');
    expect(twoLines('a'.repeat(40), measure, 200)).toBe(`${'a'.repeat(29)}…`);
  });
});

describe('names that fit', () => {
  const bodies = [
    { id: 'centre', box: box(-10, -10, 10, 10) },
    { id: 'a', box: box(40, -10, 60, 10) },
    { id: 'b', box: box(45, 30, 65, 50) },
  ];

  it('when names would cover each other then the more important one is shown, and the other in its next free place', () => {
    const shown = fitLabels(
      [
        { id: 'centre', places: [box(-30, 12, 30, 24)], forced: true },
        // a's place below would cover b, above is free
        { id: 'a', places: [box(30, 12, 70, 34), box(30, -34, 70, -12)] },
        // b's only place is under the centre's name
        { id: 'b', places: [box(0, 20, 50, 28)] },
      ],
      bodies,
    );
    expect([...shown]).toEqual([
      ['centre', 0],
      ['a', 1],
    ]);
  });

  it('when a name is forced then it is shown even over a node, and others keep clear of it', () => {
    const shown = fitLabels(
      [
        { id: 'a', places: [box(-5, -40, 5, -30)] },
        { id: 'centre', places: [box(-20, -45, 70, -5)], forced: true },
      ],
      bodies,
    );
    expect([...shown]).toEqual([['centre', 0]]);
  });
});

describe('the keyboard order', () => {
  it('when nodes lie in rings then the order goes ring by ring, each clockwise from twelve o’clock, the ringless last', () => {
    const order = keyboardOrder(
      [
        { id: 'left', ring: 1, x: -10, y: 0 },
        { id: 'far', ring: 2, x: 0, y: 20 },
        { id: 'loose', ring: undefined, x: 5, y: 5 },
        { id: 'top', ring: 1, x: 0, y: -10 },
        { id: 'centre', ring: 0, x: 0, y: 0 },
        { id: 'right', ring: 1, x: 10, y: 0 },
        { id: 'bottom', ring: 1, x: 0, y: 10 },
      ],
      { x: 0, y: 0 },
    );
    expect(order).toEqual(['centre', 'top', 'right', 'bottom', 'left', 'far', 'loose']);
  });
});
