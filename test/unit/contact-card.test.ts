import { describe, expect, it } from 'vitest';
import { markedRuns } from '../../client/src/lib/marks.js';
import { introText } from '../../client/src/lib/sentences.js';
import { sayIn } from '../locale.js';

// What a contact card and a search hit show of a topic (issue 21): the words it matched marked as whole
// words whatever their case, and whom to ask for an introduction, in Danish and English.

/** The runs as text with the marked ones in [brackets], to compare whole results at a glance. */
const shown = (...args: Parameters<typeof markedRuns>) =>
  markedRuns(...args)
    .map((r) => (r.mark ? `[${r.text}]` : r.text))
    .join('');

describe('marked words', () => {
  it('when marks are given then each whole-word occurrence is marked whatever its case, never part of a longer word', () => {
    expect(
      shown('Arbejds miljøarbejdet og arbejdsmiljø, ARBEJDSMILJØ-udvalget', ['Arbejdsmiljø', 'miljøarbejdet']),
    ).toBe('Arbejds [miljøarbejdet] og [arbejdsmiljø], [ARBEJDSMILJØ]-udvalget');
    expect(shown('Miljøarbejdet', ['miljø'])).toBe('Miljøarbejdet');
  });

  it('when a mark holds a character patterns use then it stands for itself, and data that looks like HTML stays text', () => {
    expect(shown('27.24 og 27124', ['27.24'])).toBe('[27.24] og 27124');
    expect(shown('<b>Tale</b> (a+b)', ['tale', 'a+b'])).toBe('<b>[Tale]</b> ([a+b])');
    expect(markedRuns('<img src=x>', ['img'])).toEqual([
      { text: '<', mark: false, at: 0 },
      { text: 'img', mark: true, at: 1 },
      { text: ' src=x>', mark: false, at: 4 },
    ]);
  });

  it("when marking is kept within the names a sentence holds then the sentence's own words stay unmarked", () => {
    const sentence = 'Leder netværket "Ledere i netværk".';
    expect(shown(sentence, ['leder', 'netværk'], ['Ledere i netværk'])).toBe('Leder netværket "Ledere i [netværk]".');
    expect(shown(sentence, ['ledere'], [null, undefined, 'Ledere i netværk'])).toBe(
      'Leder netværket "[Ledere] i netværk".',
    );
  });

  it('when there is nothing to mark then the text is one unmarked run', () => {
    expect(markedRuns('Erhvervsservice', [])).toEqual([{ text: 'Erhvervsservice', mark: false, at: 0 }]);
    expect(markedRuns('', ['x'])).toEqual([{ text: '', mark: false, at: 0 }]);
  });
});

describe('whom to ask for an introduction', () => {
  const via = { id: 'a', kind: 'Person', name: 'Anna Bojsen' } as const;
  const throughs = [
    { id: 't', kind: 'Training', name: 'Netværkslederuddannelsen' },
    { id: 'n', kind: 'Network', name: 'Bo i Albertslund' },
    { id: 'd', kind: 'Department', name: 'Social & Familie' },
    { id: 'u', kind: 'Unit', name: 'PPR' },
    { id: 'p', kind: 'Partner', name: 'UCC' },
    null,
  ] as const;

  it('when the asker and the first person share a training, network, department or unit, or know each other, then the sentence says so in each language', () => {
    expect(throughs.map((through) => introText(sayIn('da'), { via, through, direct: through === null }))).toEqual([
      'Spørg Anna Bojsen – I har begge taget Netværkslederuddannelsen',
      'Spørg Anna Bojsen – I er begge med i netværket "Bo i Albertslund"',
      'Spørg Anna Bojsen – I arbejder begge i Social & Familie',
      'Spørg Anna Bojsen – I arbejder begge i enheden "PPR"',
      'Spørg Anna Bojsen – I har begge forbindelse til UCC',
      'Spørg Anna Bojsen – I kender hinanden',
    ]);
    expect(throughs.map((through) => introText(sayIn('en'), { via, through, direct: through === null }))).toEqual([
      'Ask Anna Bojsen – you have both taken Netværkslederuddannelsen',
      'Ask Anna Bojsen – you are both in the network "Bo i Albertslund"',
      'Ask Anna Bojsen – you both work in Social & Familie',
      'Ask Anna Bojsen – you both work in the unit "PPR"',
      'Ask Anna Bojsen – you are both linked to UCC',
      'Ask Anna Bojsen – you know each other',
    ]);
  });

  it('when the first person is further along the way and shares nothing with the asker then the sentence only names them', () => {
    expect([
      introText(sayIn('da'), { via, through: null, direct: false }),
      introText(sayIn('en'), { via, through: null, direct: false }),
    ]).toEqual(['Spørg Anna Bojsen', 'Ask Anna Bojsen']);
  });

  it('when there is no one to ask then there is no sentence', () => {
    expect(introText(sayIn('da'), { via: null, through: null, direct: false })).toBeNull();
  });
});
