import { describe, expect, it } from 'vitest';
import { REL_TYPES } from '../../api/common.js';
import { parseRelationId, relationId } from '../../api/edit.js';

describe('a relation id', () => {
  it('when an id is made from a relation’s ends and type then it reads back as the same ends and type, for every type', () => {
    const ends = [
      ['mette-nielsen-duekilde', 'borger-og-arbejdsmarked'],
      ['søren.ærø_1:2', 'Åse-ÆØÅ'],
      ['a', 'b'.repeat(200)],
    ] as const;
    for (const type of REL_TYPES) {
      for (const [source, target] of ends) {
        expect(parseRelationId(relationId(source, type, target))).toEqual({ source, type, target });
      }
    }
    expect(relationId('lise', 'KNOWS', 'patricia')).toBe('lise|KNOWS|patricia');
  });

  it('when a text is not a relation id then it reads as none', () => {
    const texts = [
      '',
      'lise',
      'lise|KNOWS',
      'lise|knows|patricia',
      'lise|KNOWS|patricia|x',
      '|KNOWS|patricia',
      'lise|KNOWS|',
      'lise nielsen|KNOWS|patricia',
      `${'a'.repeat(201)}|KNOWS|patricia`,
      'lise|FRIEND_OF|patricia',
    ];
    expect(texts.map(parseRelationId)).toEqual(texts.map(() => null));
  });
});
