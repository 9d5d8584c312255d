import { afterAll, describe, expect, it } from 'vitest';
import { kleTerms, toLucene } from '../server/search/lucene.js';
import { ENGLISH } from '../server/search/english.js';
import {
  ENGLISH_PHRASE_WEIGHT,
  ENGLISH_WEIGHT,
  englishReadings,
  familyOf,
  isEnglishOnly,
  kindHints,
  leavesOf,
  longWordStart,
  MAX_LEAVES,
  marksIn,
  nearWords,
  STOP_WORDS,
  splitCompound,
  spellingsOf,
  stem,
  wordTree,
  withinEdits,
  wordsOf,
} from '../server/search/words.js';
import { testDb } from './helpers.js';

// Danish word forms (server/search/words.ts) as plain functions. marksIn reads the very tree toLucene
// writes for the index, so a word it marks is one the index matches (test/search.test.ts asks the index).

const BOOKLET_NETWORK = 'Arbejds miljøarbejdet – bedre kommunikationsveje';

describe('compounds', () => {
  it('when a compound is split then its parts come as the word list spells them, linking s and e and inflections aside', () => {
    expect(splitCompound('arbejdsmiljø')).toEqual([['arbejde'], ['miljø']]);
    expect(splitCompound('cykelparkeringen')).toEqual([['cykel'], ['parkering']]);
    expect(splitCompound('sagsbehandling')).toEqual([['sag'], ['behandling']]);
    expect(splitCompound('velfærdsteknologi')).toEqual([['velfærd'], ['teknologi']]);
    // the fewest parts: the joined word the list knows stays one part
    expect(splitCompound('arbejdsmiljøarbejde')).toEqual([['arbejde'], ['miljøarbejde']]);
  });

  it('when æ/ø/å are typed as ae/oe/aa or as plain o and a then the compound splits the same', () => {
    expect(splitCompound('arbejdsmiljoe')).toEqual([['arbejde'], ['miljø']]);
    expect(splitCompound('arbejdsmiljo')).toEqual([['arbejde'], ['miljø']]);
  });

  it('when a word is no compound of known words, too short, or starts with a stop word then it is not split', () => {
    expect(splitCompound('kommune')).toBeNull();
    expect(splitCompound('undervisning')).toBeNull(); // "under" is a stop word
    expect(splitCompound('emne1a2b')).toBeNull();
    expect(splitCompound('net')).toBeNull();
  });

  it.each(['arbejdsmiljø', 'arbejds miljø', 'arbejds-miljø', 'arbejdsmiljo', 'arbejdsmiljoe', 'arbejdsmiljøarbejde'])(
    'when "%s" is typed then the booklet\'s "Arbejds miljøarbejdet" has both words marked',
    (typed) => {
      expect(marksIn([BOOKLET_NETWORK], typed)).toEqual(['Arbejds', 'miljøarbejdet']);
    },
  );

  it('when a compound is typed apart then the text writing it joined is marked', () => {
    expect(marksIn(['Cykelparkeringen ved skolen'], 'cykel parkering')).toEqual(['Cykelparkeringen']);
    expect(marksIn(['Cykel parkeringen ved skolen'], 'cykelparkering')).toEqual(['Cykel', 'parkeringen']);
  });

  it('when only one part of a typed compound is in a text then that text is not marked by the parts', () => {
    expect(marksIn(['Miljø & Teknik'], 'arbejdsmiljø')).toEqual([]);
  });
});

describe('derivations and inflections', () => {
  it('when words are derived from one base (-ning, -ing, -er, -else, -ende) then they share one family', () => {
    expect(familyOf('underviser')).toBe('undervis');
    expect(familyOf('undervisning')).toBe('undervis');
    expect(familyOf('undervise')).toBe('undervis');
    expect(familyOf('koordinering')).toBe(familyOf('koordinerer'));
    expect(familyOf('sagsbehandling')).toBe(familyOf('sagsbehandler'));
    expect(familyOf('læring')).toBe(familyOf('lærer'));
    expect(familyOf('forebyggelse')).toBe(familyOf('forebygger'));
    expect(familyOf('forebyggende')).toBe(familyOf('forebygger'));
  });

  it('when a word is inflected then it has the stem the index stores', () => {
    expect(['arbejde', 'arbejdet', 'arbejds'].map(stem)).toEqual(['arbejd', 'arbejd', 'arbejd']);
    expect(stem('indlæggelser')).toBe(stem('indlæggelse'));
  });

  it('when a derived form is typed then the other form is marked', () => {
    expect(marksIn(['Undervisning af voksne'], 'underviser')).toEqual(['Undervisning']);
    expect(marksIn(['Underviser'], 'undervisning')).toEqual(['Underviser']);
    expect(marksIn(['Forebyggelse af indlæggelser'], 'forebygger')).toEqual(['Forebyggelse']);
    expect(marksIn(['Koordinering af hjemmeplejen'], 'koordinerer')).toEqual(['Koordinering']);
  });

  it('when the form is inflected then the word is marked as written', () => {
    expect(marksIn(['Forebyggelse af indlæggelser og opsporing'], 'indlæggelse')).toEqual(['indlæggelser']);
  });
});

describe('the word list', () => {
  it('when a word is inflected or typed without æ/ø/å then the word list spells it, so a compound starting with it is found', () => {
    expect(spellingsOf('rotter')).toEqual(['rotte']);
    expect(spellingsOf('glatfore')).toEqual(['glatføre']);
    expect(spellingsOf('handicappede')).toEqual(['handicappet']);
    expect(spellingsOf('udviklingshæmmede')).toEqual(['udviklingshæmmet']);
    expect(spellingsOf('arbejde')).toEqual([]);
    expect(toLucene('rotter')).toContain('rotte*');
    expect(marksIn(['Rottebekæmpelse'], 'rotter')).toEqual(['Rottebekæmpelse']);
  });

  it('when a long known word is one the stemmer leaves whole then its start finds the other ending of its family', () => {
    expect(longWordStart('fysioterapi')).toBe('fysioter');
    expect(marksIn(['Fysioterapeut'], 'fysioterapi')).toEqual(['Fysioterapeut']);
    expect([longWordStart('undervisning'), longWordStart('arbejdsmilø'), longWordStart('terapi')]).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('when a long word the list does not know has a typo then the nearest listed word finds the compound or stem the index holds', () => {
    expect([nearWords('arbejdsmilø'), nearWords('digitalisring'), nearWords('frivilight')]).toEqual([
      ['arbejdsmiljø'],
      ['digitalisering'],
      ['frivillig'],
    ]);
    expect(marksIn([BOOKLET_NETWORK], 'arbejdsmilø')).toEqual(['Arbejds', 'miljøarbejdet']);
    expect(marksIn(['Digitaliseringsnetværk'], 'digitalisring')).toEqual(['Digitaliseringsnetværk']);
    expect(marksIn(['Frivilligt arbejde'], 'frivilight')).toEqual(['Frivilligt']);
  });

  it('when a word is listed, inflected too, or short then no near word is looked for', () => {
    expect([nearWords('arbejdsmiljø'), nearWords('frivilligt'), nearWords('milø')]).toEqual([[], [], []]);
  });

  it('when a topic is submitted then its long words are looked for inside compounds too, and not while typing', () => {
    expect(toLucene('rehabilitering', { infix: true })).toContain('*rehabilitering*');
    expect(toLucene('rehabilitering')).not.toContain('*rehabilitering');
    expect(marksIn(['Hverdagsrehabilitering'], 'rehabilitering', { infix: true })).toEqual(['Hverdagsrehabilitering']);
    expect(marksIn(['Hverdagsrehabilitering'], 'rehabilitering')).toEqual([]);
  });
});

describe('the kinds own names', () => {
  it.each([
    ['læringsnetværk', 'Network', 'laering'],
    ['velfærdsnetværk', 'Network', 'velfaerd'],
    ['innovationsnetværk', 'Network', 'innovation'],
    ['velfaerdsnetvaerket', 'Network', 'velfaerd'],
    ['netværk', 'Network', null],
    ['netværkene', 'Network', null],
    ['afdeling', 'Department', null],
    ['afdelingerne', 'Department', null],
    ['partner', 'Partner', null],
    ['samarbejdspartnere', 'Partner', null],
    ['uddannelse', 'Training', null],
    ['læringsnetv', 'Network', 'laering'],
    ['afde', 'Department', null],
  ])('when "%s" is typed then it names the %s kind (%s)', (typed, kind, networkKind) => {
    expect(kindHints(typed)).toEqual({ hints: [{ kind, networkKind }], kindBonus: 0.9, kindAlone: 0.9 });
  });

  it('when a kind is named beside other words then it counts by its share, and alone only a little', () => {
    expect(kindHints('netværk om frivilligt arbejde')).toEqual({
      hints: [{ kind: 'Network', networkKind: null }],
      kindBonus: 0.3,
      kindAlone: 0.05,
    });
  });

  it('when a compound ends in a kind name then it names the kind for a quarter of a word and searches its first part', () => {
    expect(kindHints('sundhedsnetværk')).toEqual({
      hints: [{ kind: 'Network', networkKind: null }],
      kindBonus: 0.225,
      kindAlone: 0.05,
    });
    expect(marksIn(['Sundhed, Pleje & Omsorg'], 'sundhedsnetværk')).toEqual(['Sundhed']);
  });

  it('when a word only starts like a kind name, or too little of it is typed, then it names no kind', () => {
    expect(kindHints('læring')).toEqual({ hints: [], kindBonus: 0, kindAlone: 0.05 });
    expect(kindHints('afd')).toEqual({ hints: [], kindBonus: 0, kindAlone: 0.05 });
    // the start of a name counts only for the word being typed, the last
    expect(kindHints('afde arbejde').hints).toEqual([]);
  });

  it('when a kind name is typed beside other words then the text query asks for it only joined to them, and in names when it is all', () => {
    expect(toLucene('frivilligt netværk')).toBe(toLucene('frivilligt'));
    expect(toLucene('projektleder netværk')).toBe(
      `(${toLucene('projektleder')}) OR projektledernetværk^4 OR projektledernetværk*^2`,
    );
    expect(toLucene('netværk')).toMatch(/^name:\(\(netværk\^4 OR netværk\*\^2 OR /);
  });
});

describe('typos and Danish letters', () => {
  it('when æ/ø/å are typed as ae/oe/aa then the words with æ/ø/å are marked', () => {
    expect(marksIn(['Økonomi & Stab'], 'oekonomi')).toEqual(['Økonomi']);
    expect(marksIn(['Indretning af rådhusets forhal'], 'raadhusets')).toEqual(['rådhusets']);
    expect(marksIn(['Fælles sprog'], 'Faelles')).toEqual(['Fælles']);
  });

  it('when a word has a typo then the word as written is marked, one edit for short words and two for long', () => {
    expect(marksIn(['Udvikling af erhvervsservice'], 'erhvervservice')).toEqual(['erhvervsservice']);
    expect(marksIn(['Kommunen'], 'komunen')).toEqual(['Kommunen']);
    expect(marksIn(['Sund'], 'sxnx')).toEqual([]);
  });

  it('when edits are counted then an adjacent swap is one, as in Lucene', () => {
    expect(withinEdits('abcd', 'abdc', 1)).toBe(true);
    expect(withinEdits('abcd', 'badc', 1)).toBe(false);
    expect(withinEdits('kommune', 'komune', 1)).toBe(true);
    expect(withinEdits('kommune', 'kmune', 1)).toBe(false);
  });

  it('when the start of a word is typed then the whole word is marked', () => {
    expect(marksIn(['Frivilligt arbejde'], 'frivil')).toEqual(['Frivilligt']);
  });
});

describe('marks', () => {
  it('when words repeat or differ in case then each is marked once, as first written, in order of first occurrence', () => {
    expect(marksIn(['Frivilligt arbejde', 'arbejde og FRIVILLIGT arbejde'], 'arbejde frivilligt')).toEqual([
      'Frivilligt',
      'arbejde',
    ]);
  });

  it('when a text holds a stop word or nothing matches then it is not marked', () => {
    expect(marksIn(['Arbejde og fritid'], 'og')).toEqual([]);
    expect(marksIn([null, undefined, ''], 'arbejde')).toEqual([]);
    expect(marksIn(['Arbejde'], '!!!')).toEqual([]);
  });

  it('when a KLE number is typed then the number in the text is marked, and its longer numbers', () => {
    expect(marksIn(['27.24 Børn og unge med handicap', '27.24.08 Aflastning'], '27.24')).toEqual(['27.24', '27.24.08']);
  });
});

describe('the query', () => {
  it('when a word is given then it asks for the word, its start, a typo and the æøå spelling', () => {
    expect(toLucene('Faelles')).toBe('faelles^4 OR faelles*^2 OR fælles^4 OR fælles*^2 OR faelles~1 OR fælles~1');
  });

  it('when several words are given then all of them together count once more', () => {
    expect(toLucene('frivilligt arbejde')).toBe(
      '(frivilligt^4 OR frivilligt*^2 OR frivil*^1.5 OR frivil~1 OR (fri AND villig)) OR ' +
        '(arbejde^4 OR arbejde*^2 OR arbejd*^1.5 OR arbejd~1) OR ' +
        '((frivilligt^4 OR frivilligt*^2 OR frivil*^1.5 OR frivil~1 OR (fri AND villig)) AND ' +
        '(arbejde^4 OR arbejde*^2 OR arbejd*^1.5 OR arbejd~1))^2',
    );
  });

  it('when words are typed apart then their join is asked for too', () => {
    expect(toLucene('arbejds miljø')).toContain('arbejdsmiljø^4 OR arbejdsmiljø*^2');
  });

  it('when a stop word is typed last then only its start is asked for, and elsewhere it is left out', () => {
    expect(toLucene('for')).toBe('for*');
    expect(toLucene('børn og')).toBe(`(${toLucene('børn')}) OR og*`);
    expect(toLucene('børn og unge')).toBe(toLucene('børn unge'));
  });

  it('when the query is long then it keeps within the clauses Lucene takes', () => {
    const long =
      'hvem ved noget om frivilligt arbejdsmiljøarbejde med børnehaver unge kommunikationsveje sagsbehandling';
    expect(wordsOf(long)).toHaveLength(10);
    const tree = wordTree(long);
    expect(tree).not.toBeNull();
    expect(leavesOf(tree!)).toBeLessThanOrEqual(MAX_LEAVES);
  });

  it('when a topic names a KLE subject then its words come with their stem and family', () => {
    expect(kleTerms('underviser og 27.24')).toEqual({ numbers: ['27.24'], words: [['underviser', 'undervis']] });
    expect(kleTerms('boern med handicap')).toEqual({ numbers: [], words: [['boern', 'børn'], ['handicap']] });
    expect(kleTerms('rotter hjaelpemiddel').words).toEqual([
      ['rotter', 'rotte'],
      ['hjaelpemiddel', 'hjælpemiddel', 'hjælpemid'],
    ]);
  });
});

describe('English words (server/search/english.ts)', () => {
  it('when an English word of the vocabulary is typed then it asks for its Danish word too, weighing less than the word as typed', () => {
    expect(englishReadings(wordsOf('dementia'))).toEqual([{ from: 0, to: 1, danish: ['demens'] }]);
    expect(toLucene('dementia')).toBe(`dementia^4 OR dementia*^2 OR ((demens^4 OR demens*^2))^${ENGLISH_WEIGHT}`);
    // no typo of an English word is asked for: it is a word, not a misspelt Danish one
    expect(toLucene('dementia')).not.toContain('~');
    expect(marksIn(['Demens i eget hjem'], 'dementia')).toEqual(['Demens']);
  });

  it('when an English plural is typed then the singular finds its Danish word, and a Danish word ending in s is left alone', () => {
    expect(englishReadings(wordsOf('volunteers nurses families'))).toEqual([
      { from: 0, to: 1, danish: ['frivillig'] },
      { from: 1, to: 2, danish: ['sygeplejerske'] },
      { from: 2, to: 3, danish: ['familie'] },
    ]);
    expect(englishReadings(wordsOf('plus borgers'))).toEqual([]);
  });

  it('when an English phrase of the vocabulary is typed then it asks for its Danish word as one, not word by word', () => {
    expect(englishReadings(wordsOf('work environment'))).toEqual([{ from: 0, to: 2, danish: ['arbejdsmiljø'] }]);
    const lucene = toLucene('work environment')!;
    expect(lucene).toContain(`arbejdsmiljø^4 OR arbejdsmiljø*^2`);
    expect(lucene).not.toContain('arbejde^4'); // "work" alone is not asked for as "arbejde"
    // a phrase is English as a whole: its Danish word weighs as a typed word, its words alone less
    expect(ENGLISH_PHRASE_WEIGHT).toBe(1);
    expect(lucene.startsWith(`(work^4 OR work*^2)^${ENGLISH_WEIGHT} OR `)).toBe(true);
    expect(marksIn(['Arbejds miljøarbejdet – bedre kommunikationsveje'], 'work environment')).toEqual([
      'Arbejds',
      'miljøarbejdet',
    ]);
    // the longest phrase from the left wins; the rest is read on its own
    expect(englishReadings(wordsOf('social worker dementia'))).toEqual([
      { from: 0, to: 2, danish: ['socialrådgiver'] },
      { from: 2, to: 3, danish: ['demens'] },
    ]);
    // a hyphen is typed as words apart
    expect(englishReadings(wordsOf('co-creation'))).toEqual([{ from: 0, to: 2, danish: ['samskabelse'] }]);
  });

  it('when English writes apart what Danish joins then the Danish compound is asked for', () => {
    expect(toLucene('network leader training')).toContain('netværkslederuddannelse^4');
    expect(toLucene('health network')).toContain('sundhedsnetværk^4');
  });

  it('when a word is the same in both languages, or Danish, then nothing is added and the query is as before', () => {
    expect(englishReadings(wordsOf('integration handicap data'))).toEqual([]);
    expect(toLucene('integration')).not.toContain(`^${ENGLISH_WEIGHT}`);
    expect(englishReadings(wordsOf('arbejdsmiljø frivilligt arbejde sygeplejerske'))).toEqual([]);
    expect(toLucene('frivilligt arbejde')).not.toContain('^0.5');
    // the vocabulary itself never maps a word to itself
    for (const [english, danish] of Object.entries(ENGLISH)) {
      expect(
        danish.filter((d) => d.toLowerCase() === english),
        english,
      ).toEqual([]);
    }
  });

  it('when an English phrase names a kind ("learning networks") then it names that kind as its Danish word does', () => {
    expect(kindHints('learning networks')).toEqual(kindHints('læringsnetværk'));
    // "network" of "network leader" (netværksleder) names no kind; "training" still does
    expect(kindHints('network leader training')).toEqual({
      hints: [{ kind: 'Training', networkKind: null }],
      kindBonus: 0.3,
      kindAlone: 0.05,
    });
  });

  it('when an English topic names a KLE subject then its Danish words are asked for too', () => {
    expect(kleTerms('snow clearing').words).toEqual([
      ['snow'],
      ['clearing', 'clear'],
      ['snerydning', 'sneryd'],
      ['glatførebekæmpelse', 'glatførebekæmp'],
    ]);
  });

  it('when the vocabulary is read then every key is lower case English words apart, with no Danish stop word, and each has Danish words', () => {
    const keys = Object.keys(ENGLISH);
    expect(keys.length).toBeLessThanOrEqual(500);
    for (const key of keys) {
      expect(wordsOf(key).join(' '), key).toBe(key);
      expect(
        wordsOf(key).filter((w) => STOP_WORDS.has(w)),
        key,
      ).toEqual([]);
      expect(ENGLISH[key]!.length, key).toBeGreaterThan(0);
    }
    expect([isEnglishOnly('volunteering'), isEnglishOnly('frivillig'), isEnglishOnly('integration')]).toEqual([
      true,
      false,
      false,
    ]);
  });
});

describe('the stop words', () => {
  const db = testDb();
  afterAll(() => db.close());

  it("when the index's danish analyzer is asked for its stop words then they are STOP_WORDS", async () => {
    const [row] = await db.read(
      "CALL db.index.fulltext.listAvailableAnalyzers() YIELD analyzer, stopwords WHERE analyzer = 'danish' RETURN stopwords",
    );
    expect(new Set(row!.stopwords as string[])).toEqual(STOP_WORDS);
  });
});
