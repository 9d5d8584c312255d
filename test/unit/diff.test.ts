import { describe, expect, it } from 'vitest';
import { diffElements } from '../../client/src/lib/diff.js';

const node = (id: string, label = id) => ({ data: { id, label } });
const edge = (id: string, source: string, target: string) => ({ data: { id, source, target } });

describe('diffElements', () => {
  it('when the graph is empty then every element is added, nodes before edges', () => {
    expect(diffElements(new Map(), [edge('a-b', 'a', 'b'), node('a'), node('b')])).toEqual({
      add: [node('a'), node('b'), edge('a-b', 'a', 'b')],
      remove: [],
      update: [],
    });
  });

  it('when new data keeps some ids then only the rest is added, removed or updated', () => {
    const current = new Map<string, Record<string, unknown>>([
      ['a', { id: 'a', label: 'a' }],
      ['b', { id: 'b', label: 'b' }],
      ['a-b', { id: 'a-b', source: 'a', target: 'b' }],
    ]);
    expect(diffElements(current, [node('a'), node('b', 'Bo'), node('c'), edge('b-c', 'b', 'c')])).toEqual({
      add: [node('c'), edge('b-c', 'b', 'c')],
      remove: ['a-b'],
      update: [node('b', 'Bo')],
    });
  });

  it('when the same data comes again then nothing changes', () => {
    const current = new Map<string, Record<string, unknown>>([['a', { id: 'a', label: 'a' }]]);
    expect(diffElements(current, [node('a')])).toEqual({ add: [], remove: [], update: [] });
  });

  it('when an id repeats in the new data then it is drawn once', () => {
    expect(diffElements(new Map(), [node('a'), node('a', 'again')]).add).toEqual([node('a')]);
  });
});
