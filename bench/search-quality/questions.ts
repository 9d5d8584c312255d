import type { Grade } from './metrics.js';

// The judged question set of issue 21: what municipal staff type into "Hvem kan jeg spørge?"
// (who-to-contact, GET /api/contacts?topic=) and into the search box (GET /api/search?q=), each with
// the answers that are right (grade 2) or also relevant (grade 1), judged from the data: who leads
// which network, what the networks, outcomes and trainings are called, people's titles, units' KLE
// subjects. Never from what Ringe answers. How it was judged: bench/search-quality/README.md.
//
// The data is the booklet (seed/booklet/) and the synthetic municipality of MUNICIPALITY below, both
// loaded as `npm run seed` loads them, plus the UNITS below with their KLE subjects (the synthetic
// municipality has no units). A judgment names a node by its id, or many by a selector that
// bench/search-quality/judge.ts resolves against that same data:
//   title:<title>         people whose title is exactly that (any case)
//   named:<name>          nodes whose name is exactly that (any case)
//   theme:<theme>         networks with that theme
//   kind:<kind>           networks of that kind (velfaerd, innovation, laering)
//   leads:<network>       people who lead it today (a LEADS with no end, or one that has not come)
//   led:<network>         people who led it until a day now past
//   participates:<network> people who take part in it today
//   memberOf:<unit>       the unit's members

export type Endpoint = 'contacts' | 'search';
export const ENDPOINTS: readonly Endpoint[] = ['contacts', 'search'];

/** What a question tries: the kinds of issue 21. */
export type Tag =
  | 'topic'
  | 'title'
  | 'name'
  | 'kle'
  | 'kind'
  | 'misspelling'
  | 'compound'
  | 'inflection'
  | 'ascii'
  | 'english';

/** Ids or selectors, each with its grade. */
export type Judged = Readonly<Record<string, Grade>>;

export interface Question {
  text: string;
  tags: readonly Tag[];
  /** The people to contact, for GET /api/contacts?topic=<text>. */
  contacts?: Judged;
  /** The nodes to find, for GET /api/search?q=<text>. */
  search?: Judged;
}

/**
 * The synthetic municipality the selectors are judged on: its size and seed, and a fingerprint of what
 * the judgments read (judge.ts), so that a changed generator fails the run instead of silently judging
 * with other people. The history ends 2026-06-30: any day after it gives the same answers.
 */
export const MUNICIPALITY = { people: 2_000, seed: 7, fingerprint: '1822cb14db6c2cbb' } as const;

/** A unit as a source (OS2mo) would write it: its KLE subjects and members, the first its manager. */
export interface QualityUnit {
  id: string;
  name: string;
  subjects: readonly { number: string; title: string; aspect: 'ansvarlig' | 'udfoerende' | 'indsigt' }[];
  members: readonly string[];
}

/**
 * Units with KLE subjects for the KLE questions, members drawn from the synthetic municipality's
 * departments whose work it is (road workers clear snow). The numbers and titles are in KLE's shape,
 * written for this set as test/fixtures/kle-sample.xml is: not KL's catalogue, which Ringe does not ship.
 * Their names share no word with their subjects, so only the subject can find them.
 */
export const UNITS: readonly QualityUnit[] = [
  {
    id: 'quality-unit-vej-og-park',
    name: 'Vej og Park',
    subjects: [{ number: '05.13.10', title: 'Snerydning og glatførebekæmpelse', aspect: 'ansvarlig' }],
    members: ['syn-person-264', 'syn-person-486', 'syn-person-487'],
  },
  {
    id: 'quality-unit-driftsgaarden',
    name: 'Driftsgården',
    subjects: [{ number: '05.13.10', title: 'Snerydning og glatførebekæmpelse', aspect: 'udfoerende' }],
    members: ['syn-person-832', 'syn-person-1054'],
  },
  {
    id: 'quality-unit-tilsyn',
    name: 'Tilsynsenheden',
    subjects: [{ number: '09.17.04', title: 'Rottebekæmpelse', aspect: 'ansvarlig' }],
    members: ['syn-person-20', 'syn-person-52'],
  },
  {
    id: 'quality-unit-traening',
    name: 'Center for Træning',
    subjects: [{ number: '27.36.04', title: 'Hjælpemidler og forbrugsgoder', aspect: 'ansvarlig' }],
    members: ['syn-person-97', 'syn-person-146', 'syn-person-242'],
  },
  {
    id: 'quality-unit-visitationen',
    name: 'Visitationen',
    subjects: [{ number: '27.36.04', title: 'Hjælpemidler og forbrugsgoder', aspect: 'indsigt' }],
    members: ['syn-person-83', 'syn-person-133'],
  },
  {
    id: 'quality-unit-borgerservice',
    name: 'Borgerservice',
    subjects: [
      { number: '05.04.08', title: 'Kørekort', aspect: 'ansvarlig' },
      { number: '12.04.00', title: 'Pas', aspect: 'ansvarlig' },
    ],
    members: ['syn-person-7', 'syn-person-70'],
  },
];

// ---------------------------------------------------------------------------------------------
// Judgments shared by several wordings of one question.

/**
 * A booklet network: its leaders are the right ones to contact (the booklet names them as its contacts,
 * finished or not), and the network itself is what search should find first; its leaders are also relevant there.
 */
const bookletNetwork = (network: string, leaders: string[], alsoFound: Judged = {}) => ({
  contacts: Object.fromEntries(leaders.map((l) => [l, 2 as const])),
  search: { [network]: 2 as const, ...Object.fromEntries(leaders.map((l) => [l, 1 as const])), ...alsoFound },
});

/**
 * A synthetic theme: whoever leads a network of it today is the right one; who takes part today, or led
 * one of its networks that has ended, also knows it. Search should find its networks (all of one theme).
 */
const syntheticTheme = (
  theme: string,
  current: string,
  ended: string[],
  alsoFound: Judged = {},
): Pick<Question, 'contacts' | 'search'> => ({
  contacts: {
    [`leads:${current}`]: 2,
    [`participates:${current}`]: 1,
    ...Object.fromEntries(ended.map((n) => [`led:${n}`, 1 as const])),
  },
  search: { [`theme:${theme}`]: 2, ...alsoFound },
});

/** A title many synthetic people have: they are the right ones, in who-to-contact and search alike. */
const title = (t: string, also: Judged = {}) => ({
  contacts: { [`title:${t}`]: 2 as const, ...also },
  search: { [`title:${t}`]: 2 as const, ...also },
});

const frivilligt = bookletNetwork('frivilligt-arbejde', ['patricia-walmar-gale'], {
  'personer-med-anderledes-perspektiver-paa-frivilligt-arbejde': 1,
  'frivilligt-arbejde-viden-om-frivilligt-arbejde': 1,
});
const arbejdsmiljoe = bookletNetwork('arbejds-miljoearbejdet', ['carina-kofoed'], {
  'arbejds-miljoearbejdet-kvalificere-arbejds-miljoearbejdet': 1,
});
// Tim Lissauer leads the Digitaliseringsnetværk; Pernille Harting Frandsen is a Digitaliseringskonsulent.
const digitalisering = {
  contacts: { 'tim-lissauer': 2, 'pernille-harting-frandsen': 2 },
  search: { digitaliseringsnetvaerk: 2, 'tim-lissauer': 1, 'pernille-harting-frandsen': 1, 'syn-network-25': 1 },
} as const;
const projektledernetvaerk = bookletNetwork('proces-og-projektledernetvaerk', ['anna-bojsen'], {
  'proces-og-projektledernetvaerk-ny-viden-projekt-og-procesledelse': 1,
});
// The department named for business (Arbejdsmarked, Erhverv & Ydelser) is where business service sits.
const erhvervsservice = bookletNetwork('udvikling-af-erhvervsservice', ['mette-nielsen-duekilde'], {
  'udvikling-af-erhvervsservice-fagligheder-sammen-om-erhvervsservice': 1,
  'named:Arbejdsmarked, Erhverv & Ydelser': 1,
});
const indlaeggelser = bookletNetwork('forebyggelse-af-indlaeggelser', ['charlotte-kaaber-soerensen', 'anders-bych'], {
  'named:Færre genindlæggelser': 1,
});
const forhal = bookletNetwork('indretning-af-raadhusets-forhal', ['pernille-harting-frandsen'], {
  'indretning-af-raadhusets-forhal-en-venlig-modtagelse': 1,
});
const campus = bookletNetwork('campus-albertslund', ['pernille-remming'], { 'projekt-campus-albertslund': 2 });
const handicap = bookletNetwork('fra-barn-til-voksen-handicappet', ['stine-schou-petersen']);
const anbragte = bookletNetwork('boern-anbragt-uden-for-hjemmet', ['bjarne-webb'], {
  'theme:Udsatte børn og unge': 1,
});
const udviklingshaemmede = bookletNetwork('udviklingshaemmet-graviditet-manglende-sprog', ['mikkel-nielsen']);
// Sigrid Glarbo is "Byplanlægger & landskabsarkitekt"; synthetic people have either title alone.
const byplan = {
  contacts: { 'sigrid-glarbo': 2, 'title:Byplanlægger': 2 },
  search: { 'sigrid-glarbo': 2, 'title:Byplanlægger': 2 },
} as const;

const hverdagsrehabilitering = syntheticTheme('Hverdagsrehabilitering', 'syn-network-31', [
  'syn-network-13',
  'syn-network-14',
  'syn-network-19',
]);
const ensomhed = syntheticTheme('Ensomhed blandt ældre', 'syn-network-34', ['syn-network-15'], {
  'named:Ensomhed blandt ældre i drift': 1,
  'named:Projekt: Ensomhed blandt ældre': 1,
});
const mentalSundhed = syntheticTheme(
  'Mental sundhed blandt unge',
  'syn-network-22',
  ['syn-network-8', 'syn-network-23', 'syn-network-32', 'syn-network-36'],
  { 'named:Projekt: Mental sundhed blandt unge': 1 },
);
const tryghed = syntheticTheme('Tryghed i boligområderne', 'syn-network-10', ['syn-network-39']);
const netvaerksledelse = {
  contacts: { 'leads:syn-network-9': 2, 'participates:syn-network-9': 1 },
  search: { 'syn-network-9': 2, netvaerkslederuddannelsen: 1, 'syn-training-1': 1 },
} as const;
const integration = syntheticTheme('Integration på arbejdsmarkedet', 'syn-network-26', [
  'syn-network-27',
  'syn-network-40',
]);

// KLE: the members of the unit responsible for a subject are the right ones; those who carry it out
// or only have insight in it also know it. Search should find the responsible unit first.
const snerydning = {
  contacts: { 'memberOf:quality-unit-vej-og-park': 2, 'memberOf:quality-unit-driftsgaarden': 1 },
  search: { 'quality-unit-vej-og-park': 2, 'quality-unit-driftsgaarden': 1 },
} as const;
const rotter = {
  contacts: { 'memberOf:quality-unit-tilsyn': 2 },
  search: { 'quality-unit-tilsyn': 2 },
} as const;
const hjaelpemidler = {
  contacts: { 'memberOf:quality-unit-traening': 2, 'memberOf:quality-unit-visitationen': 1 },
  search: { 'quality-unit-traening': 2, 'quality-unit-visitationen': 1 },
} as const;
const koerekort = {
  contacts: { 'memberOf:quality-unit-borgerservice': 2 },
  search: { 'quality-unit-borgerservice': 2 },
} as const;

const trainings = {
  netvaerkslederuddannelsen: { netvaerkslederuddannelsen: 2, 'syn-training-1': 2 },
  innovatoeruddannelsen: { innovatoeruddannelsen: 2, 'syn-training-2': 2 },
} as const;

// ---------------------------------------------------------------------------------------------

export const QUESTIONS: readonly Question[] = [
  // The booklet's networks, as staff would word their topics.
  { text: 'frivilligt arbejde', tags: ['topic'], ...frivilligt },
  { text: 'frivillige', tags: ['inflection'], ...frivilligt },
  { text: 'frivillighed', tags: ['inflection'], contacts: frivilligt.contacts },
  { text: 'frivilight arbejde', tags: ['misspelling'], ...frivilligt },
  { text: 'volunteering', tags: ['english'], contacts: frivilligt.contacts },
  { text: 'arbejdsmiljø', tags: ['topic', 'compound'], ...arbejdsmiljoe },
  { text: 'arbejdsmiljo', tags: ['ascii', 'compound'], ...arbejdsmiljoe },
  { text: 'arbejdsmiljøarbejde', tags: ['compound'], ...arbejdsmiljoe },
  { text: 'arbejds-miljø', tags: ['compound'], contacts: arbejdsmiljoe.contacts },
  { text: 'arbejds miljø', tags: ['compound'], ...arbejdsmiljoe },
  { text: 'arbejdsmilø', tags: ['misspelling', 'compound'], contacts: arbejdsmiljoe.contacts },
  { text: 'work environment', tags: ['english'], contacts: arbejdsmiljoe.contacts },
  {
    text: 'kommunikationsveje',
    tags: ['topic', 'compound'],
    contacts: arbejdsmiljoe.contacts,
    search: { 'arbejds-miljoearbejdet': 2, 'arbejds-miljoearbejdet-fornyelse-i-kommunikationsvejene': 1 },
  },
  {
    // A part of "kommunikationsveje": the network and its outcome both name it.
    text: 'kommunikation',
    tags: ['compound'],
    contacts: arbejdsmiljoe.contacts,
    search: { 'arbejds-miljoearbejdet': 2, 'arbejds-miljoearbejdet-fornyelse-i-kommunikationsvejene': 2 },
  },
  { text: 'digitalisering', tags: ['topic'], ...digitalisering },
  {
    text: 'digitaliseringsnetværket',
    tags: ['inflection'],
    contacts: { 'tim-lissauer': 2 },
    search: { digitaliseringsnetvaerk: 2 },
  },
  {
    text: 'digitaliserings netværk',
    tags: ['compound'],
    contacts: { 'tim-lissauer': 2 },
    search: { digitaliseringsnetvaerk: 2 },
  },
  { text: 'digitalisation', tags: ['english'], contacts: digitalisering.contacts },
  { text: 'digitalisring', tags: ['misspelling'], ...digitalisering },
  {
    // Anna Bojsen's network is about project and process management; project leaders do it daily.
    text: 'projektledelse',
    tags: ['inflection'],
    contacts: { 'anna-bojsen': 2, 'title:Projektleder': 1, 'pernille-remming': 1 },
    search: {
      'proces-og-projektledernetvaerk': 2,
      'syn-training-4': 2,
      'proces-og-projektledernetvaerk-ny-viden-projekt-og-procesledelse': 1,
      'title:Projektleder': 1,
    },
  },
  { text: 'projektledernetværk', tags: ['compound'], ...projektledernetvaerk },
  { text: 'projektleder netværk', tags: ['compound'], ...projektledernetvaerk },
  {
    text: 'procesledelse',
    tags: ['inflection', 'compound'],
    ...projektledernetvaerk,
    search: { ...projektledernetvaerk.search, 'proces-og-projektledernetvaerk-kompetenceloeft': 1 },
  },
  { text: 'proces og projektledelse', tags: ['topic', 'compound'], ...projektledernetvaerk },
  { text: 'erhvervsservice', tags: ['topic'], ...erhvervsservice },
  { text: 'erhvervs service', tags: ['compound'], ...erhvervsservice },
  {
    text: 'erhvervsnetværk',
    tags: ['compound'],
    contacts: erhvervsservice.contacts,
    search: {
      'blivende-erhvervsnetvaerk': 2,
      'udvikling-af-erhvervsservice-blivende-erhvervsnetvaerk': 2,
      'udvikling-af-erhvervsservice': 1,
    },
  },
  { text: 'indlæggelser', tags: ['topic'], ...indlaeggelser },
  { text: 'indlæggelse', tags: ['inflection'], ...indlaeggelser },
  { text: 'indlaeggelse', tags: ['ascii', 'inflection'], contacts: indlaeggelser.contacts },
  {
    text: 'genindlæggelser',
    tags: ['compound'],
    search: { 'named:Færre genindlæggelser': 2, 'forebyggelse-af-indlaeggelser': 1 },
  },
  {
    // Two leaders of the booklet's prevention network, and the synthetic prevention consultants.
    text: 'forebyggelse',
    tags: ['topic'],
    contacts: { 'charlotte-kaaber-soerensen': 2, 'anders-bych': 2, 'title:Forebyggelseskonsulent': 2 },
    search: {
      'forebyggelse-af-indlaeggelser': 2,
      'title:Forebyggelseskonsulent': 1,
      'named:Kultur, Fritid & Forebyggende Sundhed': 1,
    },
  },
  { text: 'opsporing af tidlig sygdom', tags: ['topic'], ...indlaeggelser },
  {
    // The booklet's network renews the core task of home care (hjemmeplejeområdet); the leaders of home care.
    text: 'hjemmepleje',
    tags: ['compound'],
    contacts: { 'charlotte-kaaber-soerensen': 2, 'title:Hjemmeplejeleder': 2, 'anders-bych': 1 },
    search: { 'charlotte-kaaber-soerensen': 2, 'title:Hjemmeplejeleder': 2, 'forebyggelse-af-indlaeggelser': 1 },
  },
  {
    text: 'hjemmeplejeleder',
    tags: ['title'],
    contacts: { 'charlotte-kaaber-soerensen': 2, 'title:Hjemmeplejeleder': 2 },
    search: { 'charlotte-kaaber-soerensen': 2, 'title:Hjemmeplejeleder': 2 },
  },
  { text: 'rådhusets forhal', tags: ['topic'], ...forhal },
  { text: 'raadhus', tags: ['ascii', 'compound'], ...forhal },
  {
    text: 'venlig modtagelse',
    tags: ['topic'],
    ...forhal,
    search: { ...forhal.search, 'indretning-af-raadhusets-forhal-en-venlig-modtagelse': 2 },
  },
  { text: 'indretning af forhallen', tags: ['inflection'], ...forhal },
  { text: 'bo i albertslund', tags: ['topic'], ...bookletNetwork('bo-i-albertslund', ['sigrid-glarbo']) },
  {
    // Bo i Albertslund's outcome is Borgerinddragelse; Stine Schou Petersen's network is about borgerdeltagelse.
    text: 'borgerinddragelse',
    tags: ['topic'],
    contacts: { 'sigrid-glarbo': 2, 'stine-schou-petersen': 1 },
    search: {
      'bo-i-albertslund-borgerinddragelse': 2,
      'bo-i-albertslund': 1,
      'fra-barn-til-voksen-handicappet-mere-borgerdeltagelse': 1,
      'named:Borgeren inddrages tidligere': 1,
    },
  },
  {
    text: 'borgerdeltagelse',
    tags: ['topic', 'compound'],
    contacts: { 'stine-schou-petersen': 2, 'sigrid-glarbo': 1 },
    search: {
      'fra-barn-til-voksen-handicappet': 2,
      'fra-barn-til-voksen-handicappet-mere-borgerdeltagelse': 2,
      'bo-i-albertslund-borgerinddragelse': 1,
    },
  },
  { text: 'byplanlægning', tags: ['title', 'inflection'], ...byplan },
  { text: 'byplanlæger', tags: ['title', 'misspelling'], ...byplan },
  {
    text: 'landskabsarkitekt',
    tags: ['title'],
    contacts: { 'sigrid-glarbo': 2, 'title:Landskabsarkitekt': 2 },
    search: { 'sigrid-glarbo': 2, 'title:Landskabsarkitekt': 2 },
  },
  { text: 'campus', tags: ['topic'], ...campus },
  { text: 'kampus albertslund', tags: ['misspelling'], ...campus },
  { text: 'handicap', tags: ['topic'], ...handicap },
  { text: 'handicappede børn', tags: ['inflection'], ...handicap },
  { text: 'handikap', tags: ['misspelling'], contacts: handicap.contacts },
  { text: 'anbragte børn', tags: ['topic', 'inflection'], ...anbragte },
  { text: 'anbringelse uden for hjemmet', tags: ['inflection'], ...anbragte },
  { text: 'boern anbragt', tags: ['ascii'], ...anbragte },
  { text: 'misbrug', tags: ['inflection'], ...anbragte },
  { text: 'fængsel', tags: ['topic'], ...anbragte },
  { text: 'udviklingshæmmede', tags: ['inflection'], ...udviklingshaemmede },
  { text: 'udviklingshaemning', tags: ['ascii', 'inflection'], contacts: udviklingshaemmede.contacts },
  { text: 'gravide', tags: ['inflection'], ...udviklingshaemmede },

  // Titles, of the booklet's leaders and of the synthetic staff.
  {
    text: 'kriminalprævention',
    tags: ['title', 'inflection'],
    contacts: { 'mikkel-nielsen': 2 },
    search: { 'mikkel-nielsen': 2 },
  },
  {
    text: 'hjerneskade',
    tags: ['title', 'compound'],
    contacts: { 'stine-schou-petersen': 2 },
    search: { 'stine-schou-petersen': 2 },
  },
  {
    // A part of three titles: Administrativ koordinator, Kriminalpræventiv koordinator, Hjerneskadekoordinator.
    text: 'koordinator',
    tags: ['title', 'compound'],
    contacts: { 'carina-kofoed': 2, 'mikkel-nielsen': 2, 'stine-schou-petersen': 2 },
    search: { 'carina-kofoed': 2, 'mikkel-nielsen': 2, 'stine-schou-petersen': 2 },
  },
  {
    // Bjarne Webb is "Leder af plejeboligområdet".
    text: 'plejeboliger',
    tags: ['title', 'compound', 'inflection'],
    contacts: { 'bjarne-webb': 2 },
    search: { 'bjarne-webb': 2 },
  },
  {
    text: 'integration',
    tags: ['topic', 'title'],
    contacts: { ...integration.contacts, 'mette-nielsen-duekilde': 2, 'title:Integrationskonsulent': 2 },
    search: {
      ...integration.search,
      'mette-nielsen-duekilde': 1,
      'title:Integrationskonsulent': 1,
      'named:Integrationsrådet Engen': 1,
    },
  },
  {
    text: 'integrationskonsulent',
    tags: ['title'],
    ...title('Integrationskonsulent', { 'mette-nielsen-duekilde': 2 }),
  },
  {
    text: 'udviklingskonsulent',
    tags: ['title'],
    ...title('Udviklingskonsulent', { 'anders-bych': 2, 'anna-bojsen': 2, 'tim-lissauer': 2 }),
  },
  {
    text: 'chefkonsulent',
    tags: ['title'],
    contacts: { 'patricia-walmar-gale': 2 },
    search: { 'patricia-walmar-gale': 2 },
  },
  // Health visitors (sundhedsplejersker) are nurses too.
  { text: 'sygeplejerske', tags: ['title'], ...title('Sygeplejerske', { 'title:Sundhedsplejerske': 1 }) },
  { text: 'sygeplejeske', tags: ['title', 'misspelling'], ...title('Sygeplejerske', { 'title:Sundhedsplejerske': 1 }) },
  {
    text: 'sygepleje',
    tags: ['title', 'inflection'],
    contacts: title('Sygeplejerske', { 'title:Sundhedsplejerske': 1 }).contacts,
  },
  { text: 'fysioterapi', tags: ['title', 'inflection'], ...title('Fysioterapeut') },
  { text: 'ergoterapi', tags: ['title', 'inflection'], ...title('Ergoterapeut') },
  { text: 'skoleledelse', tags: ['title', 'inflection'], contacts: title('Skoleleder').contacts },
  { text: 'læsevejledning', tags: ['title', 'inflection'], contacts: title('Læsevejleder').contacts },
  { text: 'familiebehandling', tags: ['title', 'inflection'], contacts: title('Familiebehandler').contacts },
  { text: 'visitation', tags: ['title', 'inflection'], contacts: title('Visitator').contacts },
  { text: 'bibliotekar', tags: ['title'], ...title('Bibliotekar') },
  { text: 'biblioteket', tags: ['title', 'inflection'], contacts: title('Bibliotekar').contacts },
  { text: 'jurist', tags: ['title'], ...title('Jurist') },
  { text: 'HR', tags: ['title', 'english'], contacts: title('HR-konsulent').contacts },
  { text: 'HR konsulent', tags: ['title', 'compound'], ...title('HR-konsulent') },
  { text: 'controller', tags: ['title', 'english'], ...title('Controller') },
  { text: 'oekonomikonsulent', tags: ['title', 'ascii'], ...title('Økonomikonsulent') },
  { text: 'vejmænd', tags: ['title', 'inflection'], contacts: title('Vejmand').contacts },
  { text: 'socialraadgivere', tags: ['title', 'ascii', 'inflection'], ...title('Socialrådgiver') },
  { text: 'pædagogisk konsulent', tags: ['title'], ...title('Pædagogisk konsulent') },
  { text: 'sosu assistent', tags: ['title', 'compound'], contacts: title('Social- og sundhedsassistent').contacts },

  // Names, as typed into the search box.
  { text: 'Anna Bojsen', tags: ['name'], search: { 'anna-bojsen': 2 } },
  { text: 'Sigrid Glarbro', tags: ['name', 'misspelling'], search: { 'sigrid-glarbo': 2 } },
  { text: 'Tim Lisauer', tags: ['name', 'misspelling'], search: { 'tim-lissauer': 2 } },
  { text: 'Charlotte Kaaber Soerensen', tags: ['name', 'ascii'], search: { 'charlotte-kaaber-soerensen': 2 } },
  { text: 'Mette Duekilde', tags: ['name'], search: { 'mette-nielsen-duekilde': 2 } },
  { text: 'Pernille', tags: ['name'], search: { 'pernille-harting-frandsen': 2, 'pernille-remming': 2 } },
  { text: 'Stine Schou', tags: ['name'], search: { 'stine-schou-petersen': 2 } },

  // Trainings, kinds of network, departments, partners and forums, as typed into the search box.
  { text: 'netværkslederuddannelsen', tags: ['topic'], search: trainings.netvaerkslederuddannelsen },
  { text: 'netvaerkslederuddannelse', tags: ['ascii', 'inflection'], search: trainings.netvaerkslederuddannelsen },
  { text: 'netværkslederudannelse', tags: ['misspelling'], search: trainings.netvaerkslederuddannelsen },
  { text: 'network leader training', tags: ['english'], search: trainings.netvaerkslederuddannelsen },
  { text: 'innovatøruddannelse', tags: ['inflection'], search: trainings.innovatoeruddannelsen },
  { text: 'innovatoruddannelsen', tags: ['misspelling'], search: trainings.innovatoeruddannelsen },
  { text: 'læringsnetværk', tags: ['kind'], search: { 'kind:laering': 2 } },
  { text: 'laeringsnetv', tags: ['kind', 'ascii'], search: { 'kind:laering': 2 } },
  { text: 'velfærdsnetværk', tags: ['kind'], search: { 'kind:velfaerd': 2 } },
  { text: 'innovationsnetværk', tags: ['kind'], search: { 'kind:innovation': 2 } },
  { text: 'Social og Familie', tags: ['topic'], search: { 'named:Social & Familie': 2 } },
  { text: 'miljo og teknik', tags: ['ascii'], search: { 'named:Miljø & Teknik': 2 } },
  { text: 'dagtilbud', tags: ['topic'], search: { 'named:Dagtilbud & Børn': 2 } },
  { text: 'pårørende', tags: ['topic'], search: { paaroerende: 2, 'udviklingshaemmet-graviditet-manglende-sprog': 1 } },
  {
    text: 'paaroerende',
    tags: ['ascii'],
    search: { paaroerende: 2, 'udviklingshaemmet-graviditet-manglende-sprog': 1 },
  },
  { text: 'KommuneMED', tags: ['topic'], search: { kommunemed: 2 } },
  { text: 'chefforum', tags: ['topic'], search: { 'named:Chefforum': 2, 'indretning-af-raadhusets-forhal': 1 } },
  { text: 'sprogcenter', tags: ['inflection'], search: { 'syn-partner-13': 2 } },

  // The synthetic municipality's networks.
  { text: 'hverdagsrehabilitering', tags: ['topic'], ...hverdagsrehabilitering },
  { text: 'rehabilitering', tags: ['compound'], ...hverdagsrehabilitering },
  { text: 'hverdags rehabilitering', tags: ['compound'], ...hverdagsrehabilitering },
  { text: 'hverdagsrehabiletering', tags: ['misspelling'], ...hverdagsrehabilitering },
  { text: 'rehabilitation', tags: ['english'], ...hverdagsrehabilitering },
  { text: 'ensomhed blandt ældre', tags: ['topic'], ...ensomhed },
  { text: 'ensomme ældre', tags: ['inflection'], ...ensomhed },
  { text: 'ensomhed blandt aeldre', tags: ['ascii'], ...ensomhed },
  { text: 'loneliness', tags: ['english'], ...ensomhed },
  { text: 'mental sundhed', tags: ['topic'], ...mentalSundhed },
  { text: 'unges mentale sundhed', tags: ['inflection'], ...mentalSundhed },
  { text: 'mental health', tags: ['english'], ...mentalSundhed },
  { text: 'tryghed i boligområderne', tags: ['topic'], ...tryghed },
  { text: 'tryghed', tags: ['topic'], ...tryghed },
  { text: 'boligomraader', tags: ['ascii', 'compound'], ...tryghed },
  { text: 'netværksledelse', tags: ['topic'], ...netvaerksledelse },
  { text: 'netværks ledelse', tags: ['compound'], ...netvaerksledelse },
  { text: 'integration på arbejdsmarkedet', tags: ['topic'], ...integration },
  // Themes whose networks have all ended: search finds them, nobody leads them today.
  { text: 'demens', tags: ['topic'], search: { 'theme:Demens i eget hjem': 2 } },
  { text: 'dementia', tags: ['english'], search: { 'theme:Demens i eget hjem': 2 } },
  { text: 'klimatilpasning', tags: ['topic'], search: { 'syn-network-29': 2 } },
  { text: 'climate adaptation', tags: ['english'], search: { 'syn-network-29': 2 } },
  { text: 'rekruttering', tags: ['topic'], search: { 'syn-network-2': 2 } },
  { text: 'rekruttere', tags: ['inflection'], search: { 'syn-network-2': 2 } },
  { text: 'onboarding', tags: ['english'], search: { 'syn-network-35': 2, 'named:Projekt: Nye medarbejdere': 1 } },
  { text: 'praktikvejledning', tags: ['topic'], search: { 'syn-network-17': 2, 'named:Praktikvejledning i drift': 1 } },
  {
    text: 'udsatte børn',
    tags: ['topic'],
    search: { 'theme:Udsatte børn og unge': 2, 'boern-anbragt-uden-for-hjemmet': 1 },
  },

  // KLE subjects of units.
  { text: 'snerydning', tags: ['kle'], ...snerydning },
  { text: '05.13.10', tags: ['kle'], ...snerydning },
  { text: '05.13', tags: ['kle'], ...snerydning },
  { text: 'glatførebekæmpelse', tags: ['kle', 'compound'], ...snerydning },
  { text: 'glatfore', tags: ['kle', 'ascii', 'compound'], ...snerydning },
  { text: 'rotter', tags: ['kle', 'compound', 'inflection'], ...rotter },
  { text: 'rottebekæmpelse', tags: ['kle'], ...rotter },
  { text: 'hjælpemidler', tags: ['kle'], ...hjaelpemidler },
  { text: 'hjaelpemiddel', tags: ['kle', 'ascii', 'inflection'], ...hjaelpemidler },
  { text: 'kørekort', tags: ['kle'], ...koerekort },
  { text: 'koerekort', tags: ['kle', 'ascii'], ...koerekort },

  // English words a Dane might type, added with the English vocabulary (server/search/english.ts) and judged
  // from the data as the rest, before Ringe's answers were seen: titles, themes, KLE subjects and kinds the
  // questions above ask in Danish, worded in English.
  { text: 'nurse', tags: ['english', 'title'], ...title('Sygeplejerske', { 'title:Sundhedsplejerske': 1 }) },
  { text: 'physiotherapist', tags: ['english', 'title'], ...title('Fysioterapeut') },
  { text: 'occupational therapist', tags: ['english', 'title'], ...title('Ergoterapeut') },
  { text: 'social worker', tags: ['english', 'title'], ...title('Socialrådgiver') },
  { text: 'lawyer', tags: ['english', 'title'], ...title('Jurist') },
  { text: 'librarian', tags: ['english', 'title'], ...title('Bibliotekar') },
  { text: 'volunteers', tags: ['english', 'inflection'], ...frivilligt },
  {
    text: 'prevention',
    tags: ['english', 'topic'],
    contacts: { 'charlotte-kaaber-soerensen': 2, 'anders-bych': 2, 'title:Forebyggelseskonsulent': 2 },
    search: {
      'forebyggelse-af-indlaeggelser': 2,
      'title:Forebyggelseskonsulent': 1,
      'named:Kultur, Fritid & Forebyggende Sundhed': 1,
    },
  },
  {
    text: 'home care',
    tags: ['english', 'compound'],
    contacts: { 'charlotte-kaaber-soerensen': 2, 'title:Hjemmeplejeleder': 2, 'anders-bych': 1 },
    search: { 'charlotte-kaaber-soerensen': 2, 'title:Hjemmeplejeleder': 2, 'forebyggelse-af-indlaeggelser': 1 },
  },
  { text: 'business service', tags: ['english', 'topic'], ...erhvervsservice },
  {
    text: 'relatives',
    tags: ['english', 'topic'],
    search: { paaroerende: 2, 'udviklingshaemmet-graviditet-manglende-sprog': 1 },
  },
  { text: 'early intervention', tags: ['english', 'topic'], search: { 'theme:Tidlig indsats i familier': 2 } },
  { text: 'co-creation', tags: ['english', 'topic'], search: { 'syn-network-12': 2 } },
  { text: 'learning networks', tags: ['english', 'kind'], search: { 'kind:laering': 2 } },
  { text: 'snow clearing', tags: ['english', 'kle'], ...snerydning },
  { text: 'driving licence', tags: ['english', 'kle'], ...koerekort },
];
