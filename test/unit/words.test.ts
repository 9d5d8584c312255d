import { describe, expect, it } from 'vitest';
import { NETWORK_KINDS, NETWORK_STATUSES, PERSPECTIVES, REL_TYPES } from '../../api/common.js';
import { nodePropertySchemas } from '../../api/edit.js';
import { SURVEY_REFUSALS } from '../../api/surveys.js';
import { errorAnswers } from '../../api/errors.js';
import { checkText } from '../../client/src/lib/checks.js';
import { errorText } from '../../client/src/lib/errorText.js';
import { hitDetails, reasonText } from '../../client/src/lib/sentences.js';
import { type Lang, LOCALES, sayIn } from '../locale.js';

// The client's words for the server's facts and for its own checks and failures, in both languages:
// nothing the server or a schema says in English reaches the page as it is.

const LANGS: Lang[] = ['da', 'en'];

describe("the client's words", () => {
  it("when every fixed list's value is named then both languages have a word for it", () => {
    const lists: [string, readonly string[]][] = [
      ['network.kind', NETWORK_KINDS],
      ['status', NETWORK_STATUSES],
      ['perspective.for', PERSPECTIVES],
      ['flower.perspective', PERSPECTIVES],
      ['partnerType', nodePropertySchemas.Partner.shape.type.options],
      ['projectKind', nodePropertySchemas.Project.shape.kind.options],
      ['step', REL_TYPES],
    ];
    const missing = LANGS.flatMap((lang) =>
      lists.flatMap(([prefix, values]) => values.map((v) => `${lang}:${prefix}.${v}`)),
    ).filter((key) => {
      const [lang, k] = key.split(/:(.*)/s) as [Lang, string];
      return !(k in LOCALES[lang]);
    });
    expect(missing).toEqual([]);
  });

  it('when a search hit of each kind is described then its values are named in the language, names as they are', () => {
    const hit = {
      id: 'x',
      name: 'x',
      score: 1,
      marks: [] as string[],
      title: null,
      department: null,
      networkKind: null,
      status: null,
      perspective: null,
      partnerType: null,
    } as const;
    const hits = [
      { ...hit, kind: 'Person', title: 'Udviklingskonsulent', department: 'Social & Familie' },
      { ...hit, kind: 'Network', networkKind: 'laering', status: 'i gang' },
      { ...hit, kind: 'Outcome', perspective: 'borgerne' },
      { ...hit, kind: 'Partner', partnerType: 'virksomhed' },
      { ...hit, kind: 'Forum' },
    ] as const;
    expect(LANGS.map((lang) => hits.map((h) => hitDetails(sayIn(lang), h)))).toEqual([
      ['Udviklingskonsulent, Social & Familie', 'Læringsnetværk, i gang', 'for borgerne', 'virksomhed', null],
      ['Udviklingskonsulent, Social & Familie', 'Learning network, in progress', 'for citizens', 'company', null],
    ]);
  });

  it("when a contact's reasons are said in English then each is an English sentence about the nodes", () => {
    const network = { id: 'n', kind: 'Network', name: 'Bo i Albertslund' } as const;
    const person = {
      id: 'p',
      name: 'Tove Titel',
      title: 'Koordinator',
      email: null,
      phone: null,
      department: null,
    };
    const leader = { id: 'l', kind: 'Person', name: 'Lea Leder' } as const;
    const reasons = [
      { kind: 'leads', node: network, leader: null, matched: 'n' },
      { kind: 'participates', node: network, leader: null, matched: 'n' },
      { kind: 'department', node: network, leader, matched: 'n' },
      {
        kind: 'department',
        node: { id: 'd', kind: 'Department', name: 'Social & Familie' },
        leader: null,
        matched: 'd',
      },
      { kind: 'title', node: { id: 'p', kind: 'Person', name: 'Tove Titel' }, leader: null, matched: 'p' },
    ] as const;
    expect(reasons.map((r) => reasonText(sayIn('en'), r, person))).toEqual([
      'Leads the network "Bo i Albertslund".',
      'Takes part in the network "Bo i Albertslund".',
      'Works in the same department as Lea Leder, who leads the network "Bo i Albertslund".',
      'Works in Social & Familie.',
      'The title "Koordinator" or the name fits the topic.',
    ]);
  });

  it("when a schema's check message is said then it is in the language, and an unknown one is 'not valid', never the English text", () => {
    const messages = [
      'must not be empty',
      'must be at most 200 characters',
      'must be a date as YYYY-MM-DD',
      'must be a work email address',
      'may hold only letters, digits and - _ . :',
      'Invalid input: expected string, received number',
    ];
    expect(LANGS.map((lang) => messages.map((m) => checkText(sayIn(lang), m)))).toEqual([
      [
        'Skal udfyldes.',
        'Må højst være 200 tegn.',
        'Skal være en dato som ÅÅÅÅ-MM-DD.',
        'Skal være en arbejdsmailadresse.',
        'Må kun indeholde bogstaver, tal og - _ . :',
        'Værdien er ikke gyldig.',
      ],
      [
        'Required.',
        'May be at most 200 characters.',
        'Must be a date as YYYY-MM-DD.',
        'Must be a work email address.',
        'May hold only letters, digits and - _ . :',
        'The value is not valid.',
      ],
    ]);
  });

  it('when any declared error code fails a call then the page says it from the locale files, not the server message', () => {
    const codes = [
      ...new Set(errorAnswers.options.flatMap((o) => o.in.shape.error.shape.code.options as readonly string[])),
      'offline',
      'http',
      'schema',
      'client',
    ];
    for (const lang of LANGS) {
      const say = sayIn(lang);
      const texts = codes.map((code) => errorText(say, { code, message: 'The server said this in English.' }));
      expect(texts.filter((t) => t.includes('The server said') || t === '' || /^[a-z_]+$/.test(t))).toEqual([]);
    }
    expect(
      LANGS.map((lang) => [
        errorText(sayIn(lang), { code: 'validation', field: 'properties.name' }),
        errorText(sayIn(lang), { code: 'validation', field: 'properties.title', reason: 'cpr' }),
        errorText(sayIn(lang), new TypeError('x is undefined')),
      ]),
    ).toEqual([
      [
        'Feltet "properties.name" er ikke gyldigt.',
        LOCALES.da['edit.cpr'],
        'Serveren gav et uventet svar. Prøv igen om lidt.',
      ],
      [
        'The field "properties.name" is not valid.',
        LOCALES.en['edit.cpr'],
        'The server gave an unexpected answer. Try again shortly.',
      ],
    ]);
  });

  it("when a survey request is refused for any reason then the page says that reason's own sentence in each language", () => {
    for (const lang of LANGS) {
      const say = sayIn(lang);
      const texts = SURVEY_REFUSALS.map((reason) =>
        errorText(say, { code: 'validation', field: 'named.0', reason, message: 'The server said this in English.' }),
      );
      expect(texts).toEqual(SURVEY_REFUSALS.map((reason) => LOCALES[lang][`surveys.refusal.${reason}`]));
      expect(texts.filter((t) => !t)).toEqual([]);
      // One sentence for each reason, none the generic "field not valid".
      expect(new Set(texts).size).toBe(SURVEY_REFUSALS.length);
    }
    expect(errorText(sayIn('da'), { code: 'validation', reason: 'noOneToAsk' })).toBe(
      'Netværket har ingen deltagere at spørge.',
    );
  });
});
