import { afterAll, describe, expect, it } from 'vitest';
import { byCodeUnit } from '../api/order.js';
import { testDb } from './helpers.js';

const db = testDb();
afterAll(() => db.close());

describe('one comparator of texts, as Cypher orders them', () => {
  it('when texts beyond the first 65,536 characters are sorted then the comparator orders them as Cypher ORDER BY does', async () => {
    // By code point U+FFFD and U+E000 come before an emoji or a mathematical letter (two UTF-16 code
    // units, the first from 0xD800); by code unit, as Cypher and JavaScript compare, after them.
    const texts = ['b', 'a', '\uFFFD', '😀', 'æble', 'Å', 'ab', '', 'A', 'Øre', 'zz😀', 'zz\uFFFD', '\uE000', '𝔸'];
    const rows = await db.read('UNWIND $texts AS text RETURN text ORDER BY text', { texts });
    const cypher = rows.map((r) => r.text);
    expect(cypher).toEqual([
      '',
      'A',
      'a',
      'ab',
      'b',
      'zz😀',
      'zz\uFFFD',
      'Å',
      'Øre',
      'æble',
      '𝔸',
      '😀',
      '\uE000',
      '\uFFFD',
    ]);
    expect([...texts].sort(byCodeUnit)).toEqual(cypher);
  });

  it('when two texts are equal then they compare as equal, and otherwise in opposite orders', () => {
    expect([byCodeUnit('a', 'a'), byCodeUnit('a', 'b'), byCodeUnit('b', 'a'), byCodeUnit('', 'a')]).toEqual([
      0, -1, 1, -1,
    ]);
  });
});
