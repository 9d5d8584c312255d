import { NETWORK_KINDS, NETWORK_PHASES, PERSPECTIVES, type Kind, type RelType } from '../../api/common.js';
import { RC_DIMENSIONS } from '../../api/surveys.js';
import { mulberry32 } from '../../server/common/random.js';

// A synthetic municipality for scale tests: departments, people, networks, partners, trainings,
// outcomes, forums, projects, who knows whom and survey rounds with their answers, in the shape of docs/model.md. Pure and
// deterministic: the same { people, seed } always gives the same graph, so a load can be repeated
// and a test can name exact figures. No real people: names are drawn from common Danish names,
// emails use an example domain, phone numbers start with 0 (never a Danish subscriber number).

/** Every synthetic id starts with this, and every synthetic node carries `source: SYNTHETIC_SOURCE`. */
export const SYNTHETIC_PREFIX = 'syn-';
export const SYNTHETIC_SOURCE = 'synthetic';
export const SYNTHETIC_EMAIL_DOMAIN = 'example.kommune.dk';
export const MIN_PEOPLE = 20;
export const MAX_PEOPLE = 1_000_000;

/** Relations per person in total (all types): 50,000 people give about 500,000 relations. */
const RELATIONS_PER_PERSON = 10;
/** The synthetic history runs from here to HORIZON; nothing is dated later. */
const FIRST_DAY = day('2012-01-01');
const HORIZON = day('2026-06-30');

export type Scalar = string | number | boolean;

export interface SyntheticNode {
  id: string;
  kind: Kind;
  /** Stored properties (without id); always `source: 'synthetic'` and a `name`. */
  props: Record<string, Scalar>;
}

export interface SyntheticRelationProps {
  since?: string;
  until?: string;
  /** KNOWS only: the network the two met in. */
  via?: string;
  /** COMPLETED only. */
  wording?: string;
  /** A KNOWS a survey answer wrote only: 'survey', its round, and version 1 as the app writes it. */
  source?: 'survey';
  round?: string;
  version?: number;
}

export interface SyntheticRelation {
  type: RelType;
  source: string;
  target: string;
  props: SyntheticRelationProps;
}

/** A SurveyRound as the app stores it (docs/model.md): no Entity, no relation; its results are worked out when read. */
export interface SyntheticRound {
  id: string;
  props: {
    networkId: string;
    opensOn: string;
    closesOn: string;
    closedOn?: string;
    askNamed: boolean;
    asked: string[];
    createdAt: string;
    createdBy: string;
    source: typeof SYNTHETIC_SOURCE;
  };
}

/** A SurveyAnswer as the app stores it: ratings and texts as JSON text. */
export interface SyntheticAnswer {
  id: string;
  props: {
    roundId: string;
    networkId: string;
    personId: string;
    at: string;
    departmentIds: string[];
    named: string[];
    ratings: string;
    texts: string;
    source: typeof SYNTHETIC_SOURCE;
  };
}

export interface SyntheticGraph {
  people: number;
  seed: number;
  nodes: SyntheticNode[];
  relations: SyntheticRelation[];
  rounds: SyntheticRound[];
  answers: SyntheticAnswer[];
}

export interface GenerateOptions {
  people: number;
  seed?: number;
}

// ---------------------------------------------------------------------------------------------
// Randomness: mulberry32 (server/random.ts).

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** A whole number from lo to hi, both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/** Draws indexes in proportion to their weights (cumulative sums and a binary search). */
class Weighted {
  private readonly cumulative: Float64Array;
  readonly total: number;
  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i]!;
      this.cumulative[i] = sum;
    }
    this.total = sum;
  }
  draw(rng: Rng): number {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

// ---------------------------------------------------------------------------------------------
// Days as whole numbers (days since 1970-01-01, UTC), written as YYYY-MM-DD.

function day(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}
const isoCache = new Map<number, string>();
function iso(d: number): string {
  let s = isoCache.get(d);
  if (s === undefined) {
    s = new Date(d * 86_400_000).toISOString().slice(0, 10);
    isoCache.set(d, s);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Word lists.

/** Departments ("søjler") with a relative size; the first seven are the booklet's. */
const DEPARTMENTS: readonly { name: string; size: number; titles: readonly string[] }[] = [
  {
    name: 'Sundhed, Pleje & Omsorg',
    size: 5,
    titles: [
      'Social- og sundhedsassistent',
      'Sygeplejerske',
      'Ergoterapeut',
      'Fysioterapeut',
      'Hjemmeplejeleder',
      'Visitator',
    ],
  },
  {
    name: 'Social & Familie',
    size: 3,
    titles: ['Socialrådgiver', 'Sagsbehandler', 'Familiebehandler', 'Støttekontaktperson', 'Teamleder'],
  },
  { name: 'Skoler & Uddannelse', size: 5, titles: ['Lærer', 'Pædagog', 'Skoleleder', 'Læsevejleder', 'Skolepsykolog'] },
  {
    name: 'Arbejdsmarked, Erhverv & Ydelser',
    size: 2,
    titles: ['Jobkonsulent', 'Sagsbehandler', 'Virksomhedskonsulent', 'Integrationskonsulent', 'Ydelsesmedarbejder'],
  },
  {
    name: 'Kultur, Fritid & Forebyggende Sundhed',
    size: 1.5,
    titles: ['Kulturmedarbejder', 'Bibliotekar', 'Forebyggelseskonsulent', 'Fritidspædagog', 'Sundhedsplejerske'],
  },
  {
    name: 'Miljø & Teknik',
    size: 1.5,
    titles: ['Ingeniør', 'Byplanlægger', 'Miljømedarbejder', 'Vejmand', 'Landskabsarkitekt'],
  },
  {
    name: 'Økonomi & Stab',
    size: 1,
    titles: ['Økonomikonsulent', 'HR-konsulent', 'Jurist', 'Controller', 'Administrativ medarbejder'],
  },
  {
    name: 'Dagtilbud & Børn',
    size: 3,
    titles: ['Pædagog', 'Pædagogmedhjælper', 'Dagplejer', 'Institutionsleder', 'Pædagogisk konsulent'],
  },
  {
    name: 'Handicap & Psykiatri',
    size: 1.5,
    titles: ['Socialpædagog', 'Psykiatrisk sygeplejerske', 'Bostøtte', 'Socialrådgiver', 'Afdelingsleder'],
  },
  {
    name: 'Borgerservice & Digitalisering',
    size: 1,
    titles: ['Borgerservicemedarbejder', 'Digitaliseringskonsulent', 'IT-supporter', 'Systemadministrator'],
  },
  {
    name: 'By, Bolig & Klima',
    size: 1,
    titles: ['Klimakonsulent', 'Byggesagsbehandler', 'Boligsocial medarbejder', 'Planlægger'],
  },
  {
    name: 'Politik & Udvikling',
    size: 0.7,
    titles: ['Chefkonsulent', 'Udviklingskonsulent', 'Kommunikationsmedarbejder', 'Analytiker'],
  },
];
const COMMON_TITLES = [
  'Udviklingskonsulent',
  'Projektleder',
  'Specialkonsulent',
  'Teamleder',
  'Afdelingsleder',
  'Administrativ medarbejder',
];

const FIRST_NAMES = [
  'Anne',
  'Mette',
  'Kirsten',
  'Hanne',
  'Helle',
  'Susanne',
  'Lene',
  'Camilla',
  'Louise',
  'Maria',
  'Charlotte',
  'Pia',
  'Tina',
  'Marianne',
  'Julie',
  'Sofie',
  'Ida',
  'Emma',
  'Line',
  'Stine',
  'Karina',
  'Nanna',
  'Signe',
  'Malene',
  'Bente',
  'Rikke',
  'Trine',
  'Sanne',
  'Amalie',
  'Fatima',
  'Aisha',
  'Zeynep',
  'Peter',
  'Jens',
  'Michael',
  'Lars',
  'Henrik',
  'Thomas',
  'Søren',
  'Jan',
  'Niels',
  'Martin',
  'Anders',
  'Jesper',
  'Mads',
  'Morten',
  'Rasmus',
  'Christian',
  'Kasper',
  'Frederik',
  'Mikkel',
  'Jakob',
  'Simon',
  'Mathias',
  'Kim',
  'Bo',
  'Torben',
  'Ole',
  'Hans',
  'Ali',
  'Mohammed',
  'Emil',
];
const LAST_NAMES = [
  'Nielsen',
  'Jensen',
  'Hansen',
  'Pedersen',
  'Andersen',
  'Christensen',
  'Larsen',
  'Sørensen',
  'Rasmussen',
  'Jørgensen',
  'Petersen',
  'Madsen',
  'Kristensen',
  'Olsen',
  'Thomsen',
  'Christiansen',
  'Poulsen',
  'Johansen',
  'Møller',
  'Mortensen',
  'Knudsen',
  'Jakobsen',
  'Mikkelsen',
  'Olesen',
  'Frederiksen',
  'Laursen',
  'Henriksen',
  'Lund',
  'Holm',
  'Schmidt',
  'Eriksen',
  'Kristiansen',
  'Simonsen',
  'Clausen',
  'Svendsen',
  'Andreasen',
  'Iversen',
  'Østergaard',
  'Jeppesen',
  'Vestergaard',
  'Nissen',
  'Lauridsen',
  'Kjær',
  'Jespersen',
  'Mogensen',
  'Skov',
  'Bach',
  'Dahl',
  'Ahmed',
  'Yilmaz',
];

const THEMES: Record<(typeof NETWORK_KINDS)[number], readonly string[]> = {
  velfaerd: [
    'Forebyggelse af indlæggelser',
    'Udsatte børn og unge',
    'Hverdagsrehabilitering',
    'Ensomhed blandt ældre',
    'Unge uden uddannelse',
    'Integration på arbejdsmarkedet',
    'Demens i eget hjem',
    'Mental sundhed blandt unge',
    'Tidlig indsats i familier',
    'Borgere med komplekse behov',
    'Overgang fra skole til job',
    'Tryghed i boligområderne',
  ],
  innovation: [
    'Velfærdsteknologi',
    'Digital borgerservice',
    'Klimatilpasning i byen',
    'Samskabelse med civilsamfundet',
    'Grøn omstilling',
    'Data i driften',
    'Nye veje til rekruttering',
    'Fremtidens dagtilbud',
  ],
  laering: [
    'Netværksledelse',
    'Tværfaglig sparring',
    'Praktikvejledning',
    'Nye medarbejdere',
    'Faglig ledelse',
    'Læring på tværs af søjler',
    'Feedbackkultur',
    'Mødefacilitering',
  ],
};
/** The fixed list, in its order: networks move through it as they age. */
const PHASES = NETWORK_PHASES;
const REMARKS = 'Syntetisk netværk til skalatest: hverken netværket eller personerne findes.';

const OUTCOMES: Record<(typeof PERSPECTIVES)[number], readonly string[]> = {
  kommunen: [
    'Bedre koordinering mellem afdelingerne',
    'Færre dobbeltindsatser',
    'Fælles arbejdsgang',
    'Ny samarbejdsaftale',
    'Lavere udgifter til indsatsen',
  ],
  borgerne: [
    'Hurtigere hjælp til borgeren',
    'Én indgang for borgeren',
    'Borgeren inddrages tidligere',
    'Flere unge i uddannelse',
    'Færre genindlæggelser',
  ],
  medarbejderne: [
    'Ny viden på tværs',
    'Styrket tværfagligt samarbejde',
    'Fælles sprog om opgaven',
    'Kendskab til hinandens fagligheder',
    'Nye kolleger at spørge',
  ],
};

const PARTNER_TYPES = [
  'uddannelse',
  'organisation',
  'interesseorganisation',
  'virksomhed',
  'borgergruppe',
  'andet',
] as const;
const PARTNER_WORDS: Record<(typeof PARTNER_TYPES)[number], readonly string[]> = {
  uddannelse: [
    'Professionshøjskolen',
    'Erhvervsskolen',
    'Sprogcentret',
    'Voksenuddannelsescentret',
    'Produktionsskolen',
  ],
  organisation: [
    'Kommunernes Videnscenter',
    'Regionens Netværkssekretariat',
    'Foreningen for Offentlig Innovation',
    'Sammenslutningen af Fagforeninger',
  ],
  interesseorganisation: [
    'Ældrerådet',
    'Handicaprådet',
    'Patientforeningen',
    'Forældreforeningen',
    'Integrationsrådet',
  ],
  virksomhed: ['Boligselskabet', 'Byggefirmaet', 'IT-leverandøren', 'Cateringfirmaet', 'Rengøringsselskabet'],
  borgergruppe: ['Beboerforeningen', 'Frivilliggruppen', 'Pårørendegruppen', 'Lektiecaféen'],
  andet: ['Lokalrådet', 'Idrætsforeningen', 'Kirkens Korshær-gruppen', 'Kulturhuset'],
};
const PLACES = [
  'Vest',
  'Øst',
  'Nord',
  'Syd',
  'Midt',
  'Kanalen',
  'Parken',
  'Engen',
  'Skoven',
  'Søen',
  'Bakken',
  'Torvet',
];
const TRAININGS = [
  'Netværkslederuddannelsen',
  'Innovatøruddannelsen',
  'Netværksintroduktion',
  'Projektledelse i praksis',
  'Facilitering af netværk',
  'Samskabelse i praksis',
  'Diplom i ledelse',
  'Tværfagligt samarbejde',
  'Data og digitalisering',
  'Forandringsledelse',
];
const FORUMS = ['Chefforum', 'Hoved-MED', 'Direktionen', 'Innovationsrådet'];

// ---------------------------------------------------------------------------------------------

/** How many departments a municipality of this size has: 7 to 12. */
export function departmentCount(people: number): number {
  return Math.min(12, Math.max(7, 7 + Math.floor(Math.log2(Math.max(1, people / 1000)))));
}

function ascii(s: string): string {
  return s
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFD')
    .replace(/[^a-z]/g, '');
}

/** Gives a name that was used before a number ("Velfærdsteknologi 2"). */
function uniqueNamer(): (name: string) => string {
  const seen = new Map<string, number>();
  return (name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} ${n}`;
  };
}

interface Membership {
  person: number;
  since: number;
  /** Undefined: still a member at the horizon. */
  until: number | undefined;
}

/**
 * The synthetic municipality for { people, seed }. Throws a RangeError for a people count outside
 * MIN_PEOPLE..MAX_PEOPLE or a seed that is not a whole number.
 */
export function generate({ people, seed = 1 }: GenerateOptions): SyntheticGraph {
  if (!Number.isInteger(people) || people < MIN_PEOPLE || people > MAX_PEOPLE) {
    throw new RangeError(`people must be a whole number from ${MIN_PEOPLE} to ${MAX_PEOPLE}.`);
  }
  if (!Number.isInteger(seed)) throw new RangeError('seed must be a whole number.');
  const rng = new Rng(seed);
  const nodes: SyntheticNode[] = [];
  const relations: SyntheticRelation[] = [];
  const node = (kind: Kind, id: string, props: Record<string, Scalar>) => {
    nodes.push({ id, kind, props: { ...props, source: SYNTHETIC_SOURCE } });
    return id;
  };
  const relate = (type: RelType, source: string, target: string, props: SyntheticRelationProps = {}) => {
    relations.push({ type, source, target, props });
  };
  const between = (lo: number, hi: number) => (hi <= lo ? lo : rng.int(lo, hi));

  // Departments, sized unevenly.
  const deptCount = departmentCount(people);
  const departments = DEPARTMENTS.slice(0, deptCount).map((d, i) => ({
    ...d,
    id: node('Department', `${SYNTHETIC_PREFIX}department-${i + 1}`, { name: d.name }),
  }));
  const deptSize = new Weighted(departments.map((d) => d.size));

  // People: a Zipf weight per person (rank r gets 1 / (r + 20)^0.75, ranks shuffled), so a few are
  // drawn into many networks and ties and most into few.
  const personId = (i: number) => `${SYNTHETIC_PREFIX}person-${i + 1}`;
  const rank = Array.from({ length: people }, (_, i) => i);
  for (let i = people - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [rank[i], rank[j]] = [rank[j]!, rank[i]!];
  }
  const weight = rank.map((r) => 1 / (r + 20) ** 0.75);
  const everyone = new Weighted(weight);
  const deptOf = new Int32Array(people);
  /** First day employed: most were there before the synthetic history starts. */
  const hired = new Int32Array(people);
  const members: number[][] = departments.map(() => []);
  for (let i = 0; i < people; i++) {
    // The first two rounds fill every department, the rest follow the department sizes.
    const d = i < 2 * deptCount ? i % deptCount : deptSize.draw(rng);
    deptOf[i] = d;
    members[d]!.push(i);
    hired[i] = rng.chance(0.7) ? day('2005-01-01') - rng.int(0, 6000) : between(FIRST_DAY, HORIZON - 60);
  }
  const inDept = members.map((m) => new Weighted(m.map((i) => weight[i]!)));

  for (let i = 0; i < people; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const middle = rng.chance(0.2) ? `${rng.pick(LAST_NAMES)} ` : '';
    const dept = departments[deptOf[i]!]!;
    const digits = String(i + 1).padStart(7, '0');
    const props: Record<string, Scalar> = {
      name: `${first} ${middle}${last}`,
      title: rng.chance(0.75) ? rng.pick(dept.titles) : rng.pick(COMMON_TITLES),
      email: `${ascii(first)}.${ascii(last)}.${i + 1}@${SYNTHETIC_EMAIL_DOMAIN}`,
    };
    // Eight digits starting with 0, as no Danish subscriber number does: one per person, ringing no one.
    if (rng.chance(0.85))
      props.phone = `0${digits.slice(0, 1)} ${digits.slice(1, 3)} ${digits.slice(3, 5)} ${digits.slice(5)}`;
    node('Person', personId(i), props);
    const hiredAt = hired[i]! >= FIRST_DAY ? { since: iso(hired[i]!) } : {};
    const second = rng.chance(0.03) ? (deptOf[i]! + rng.int(1, deptCount - 1)) % deptCount : undefined;
    if (second === undefined) {
      relate('WORKS_IN', personId(i), dept.id, hiredAt);
    } else if (rng.chance(0.5)) {
      // Shared between two departments.
      relate('WORKS_IN', personId(i), dept.id, hiredAt);
      relate('WORKS_IN', personId(i), departments[second]!.id, hiredAt);
    } else {
      // Moved: the earlier department ends the day before the current one starts.
      const moved = between(Math.max(hired[i]!, FIRST_DAY) + 60, HORIZON - 30);
      relate('WORKS_IN', personId(i), departments[second]!.id, { ...hiredAt, until: iso(moved - 1) });
      relate('WORKS_IN', personId(i), dept.id, { since: iso(moved) });
    }
  }

  // Partners (every type at least once), trainings offered by them, forums.
  const partnerCount = Math.min(150, Math.max(PARTNER_TYPES.length + 2, Math.round(people / 150)));
  const partnerName = uniqueNamer();
  const partners = Array.from({ length: partnerCount }, (_, i) => {
    const type = i < PARTNER_TYPES.length ? PARTNER_TYPES[i]! : rng.pick(PARTNER_TYPES);
    const name = partnerName(`${rng.pick(PARTNER_WORDS[type])} ${rng.pick(PLACES)}`);
    return { id: node('Partner', `${SYNTHETIC_PREFIX}partner-${i + 1}`, { name, type }), type };
  });
  const teachers = partners.filter((p) => p.type === 'uddannelse' || p.type === 'organisation');
  // A training's people are tied pairwise (server/ties): its size, not the municipality's, sets what a tie graph
  // costs. Up to 50,000 people there are at most 40 trainings; a larger (regional) graph has one per 1,250 people,
  // so a training keeps the ~550 people it has at 50,000 rather than growing to ~5,500 at 500,000.
  const trainingCount = Math.max(Math.min(40, Math.max(3, Math.round(people / 400))), Math.round(people / 1250));
  const trainingName = uniqueNamer();
  const trainings = Array.from({ length: trainingCount }, (_, i) => {
    const id = node('Training', `${SYNTHETIC_PREFIX}training-${i + 1}`, {
      name: trainingName(TRAININGS[i % TRAININGS.length]!),
    });
    relate('OFFERED_BY', id, rng.pick(teachers).id);
    return id;
  });
  const forumCount = Math.min(FORUMS.length, 2 + (people >= 2_000 ? 1 : 0) + (people >= 20_000 ? 1 : 0));
  const forums = FORUMS.slice(0, forumCount).map((name, i) =>
    node('Forum', `${SYNTHETIC_PREFIX}forum-${i + 1}`, { name }),
  );

  // Networks, with leaders and participants drawn across departments.
  const networkCount = Math.max(3, Math.round(people / 50));
  const networkName = uniqueNamer();
  let outcomeCount = 0;
  let projectCount = 0;
  const completed = new Set<string>();
  const complete = (person: number, training: string, since: number) => {
    const key = `${person}|${training}`;
    if (completed.has(key)) return;
    completed.add(key);
    relate('COMPLETED', personId(person), training, {
      wording: rng.chance(0.6) ? 'har gennemgået' : 'har deltaget i',
      since: iso(since),
    });
  };
  const networks: { id: string; leaders: number; members: Membership[]; start: number; end: number }[] = [];
  for (let n = 0; n < networkCount; n++) {
    const kind = n < NETWORK_KINDS.length ? NETWORK_KINDS[n]! : rng.chance(0.5) ? 'velfaerd' : rng.pick(NETWORK_KINDS);
    const theme = rng.pick(THEMES[kind]);
    const start = between(FIRST_DAY, HORIZON - 30);
    const plannedEnd = start + rng.int(180, 1600);
    const finished = plannedEnd < HORIZON;
    const end = finished ? plannedEnd : HORIZON;
    const progress = (end - start) / (plannedEnd - start);
    const status = finished
      ? 'afsluttet'
      : rng.chance(0.7)
        ? 'i gang'
        : rng.chance(0.5)
          ? 'afventer'
          : 'under omdefinering';
    const phase = finished
      ? PHASES[PHASES.length - 1]!
      : PHASES[Math.min(PHASES.length - 2, Math.floor(progress * (PHASES.length - 1)))]!;
    const id = node('Network', `${SYNTHETIC_PREFIX}network-${n + 1}`, {
      name: networkName(theme),
      kind,
      theme,
      status,
      phase,
      remarks: REMARKS,
      startedAt: iso(start),
      ...(finished ? { endedAt: iso(end) } : {}),
    });
    const until = (d: number | undefined) => (d === undefined ? {} : { until: iso(d) });
    const lifeUntil = finished ? end : undefined;

    // Someone employed at least a month before the network ends; half the participants come
    // from the first leader's department, the rest from anywhere.
    const taken = new Set<number>();
    const draw = (from: Weighted, list: readonly number[] | undefined): number | undefined => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const p = list ? list[from.draw(rng)]! : from.draw(rng);
        if (!taken.has(p) && hired[p]! < end - 30) {
          taken.add(p);
          return p;
        }
      }
      return undefined;
    };
    const leaderCount = rng.chance(0.25) ? 2 : 1;
    const memberships: Membership[] = [];
    for (let l = 0; l < leaderCount; l++) {
      const p = draw(everyone, undefined);
      if (p === undefined) continue;
      const since = Math.max(start, hired[p]!);
      memberships.push({ person: p, since, until: lifeUntil });
      relate('LEADS', personId(p), id, { since: iso(since), ...until(lifeUntil) });
    }
    if (memberships.length === 0) {
      // Everyone drawn was taken or hired too late (only in tiny municipalities): the earliest hired leads.
      let p = 0;
      for (let i = 1; i < people; i++) if (hired[i]! < hired[p]!) p = i;
      taken.add(p);
      const since = Math.max(start, hired[p]!);
      memberships.push({ person: p, since, until: lifeUntil });
      relate('LEADS', personId(p), id, { since: iso(since), ...until(lifeUntil) });
    }
    const leaders = memberships.length;
    const home = deptOf[memberships[0]!.person]!;
    const size = Math.min(people - memberships.length, 5 + Math.floor(rng.next() ** 1.6 * 40));
    const participants: number[] = [];
    for (let k = 0; k < size; k++) {
      const p = rng.chance(0.5) ? draw(inDept[home]!, members[home]) : draw(everyone, undefined);
      if (p !== undefined) participants.push(p);
    }
    // At least two departments in every network.
    if (![...memberships.map((m) => m.person), ...participants].some((p) => deptOf[p] !== home)) {
      for (let attempt = 0; attempt < deptCount * 4; attempt++) {
        const d = (home + 1 + (attempt % (deptCount - 1))) % deptCount;
        const p = draw(inDept[d]!, members[d]) ?? members[d]!.find((q) => !taken.has(q) && hired[q]! < end - 30);
        if (p !== undefined) {
          taken.add(p);
          participants.push(p);
          break;
        }
      }
    }
    for (const p of participants) {
      const since = Math.max(start + rng.int(0, Math.min(90, Math.max(0, end - start - 1))), hired[p]!);
      // One in ten leaves before the network ends.
      const left = rng.chance(0.1) && end - since > 60 ? between(since + 30, end - 1) : lifeUntil;
      memberships.push({ person: p, since, until: left });
      relate('PARTICIPATES_IN', personId(p), id, { since: iso(since), ...until(left) });
    }
    networks.push({ id, leaders, members: memberships, start, end });

    // Partners, outcomes (the flower's petals), forums and projects.
    const partnerTies = rng.int(0, 3);
    const withPartner = new Set<number>();
    for (let k = 0; k < partnerTies; k++) {
      const x = rng.int(0, partners.length - 1);
      if (withPartner.has(x)) continue;
      withPartner.add(x);
      relate('COLLABORATES_WITH', id, partners[x]!.id, { since: iso(between(start, end)), ...until(lifeUntil) });
    }
    const petals = end - start < 180 ? rng.int(0, 2) : rng.int(2, 5);
    for (let k = 0; k < petals; k++) {
      const perspective = rng.pick(PERSPECTIVES);
      const outcome = node('Outcome', `${SYNTHETIC_PREFIX}outcome-${++outcomeCount}`, {
        name: rng.pick(OUTCOMES[perspective]),
        perspective,
      });
      relate('CREATED', id, outcome, { since: iso(between(start + 30, end)) });
    }
    if (rng.chance(0.15)) relate('INITIATED', rng.pick(forums), id, { since: iso(start) });
    if (rng.chance(0.25)) relate('REPORTED_TO', id, rng.pick(forums), { since: iso(between(start, end)) });
    if (finished && rng.chance(0.2)) {
      const kindOfProject = rng.chance(0.6) ? 'projekt' : 'netværk';
      const project = node('Project', `${SYNTHETIC_PREFIX}project-${++projectCount}`, {
        name: `${theme} i drift`,
        kind: kindOfProject,
      });
      relate('CONTINUED_AS', id, project, { since: iso(end) });
    }
    if (rng.chance(0.08)) {
      const project = node('Project', `${SYNTHETIC_PREFIX}project-${++projectCount}`, {
        name: `Projekt: ${theme}`,
        kind: 'projekt',
      });
      relate('SPAWNED', id, project, { since: iso(between(start, end)) });
    }
    // Leaders often take a network leader's training: one per 40 trainings (one up to 50,000 people), in turn.
    for (const m of memberships.slice(0, leaders)) {
      if (rng.chance(0.5))
        complete(
          m.person,
          trainings[40 * (n % Math.ceil(trainings.length / 40))]!,
          between(Math.max(m.since - 365, hired[m.person]!, FIRST_DAY), Math.min(m.since + 180, HORIZON)),
        );
    }
  }

  // Trainings people completed on their own initiative.
  for (let i = 0; i < people; i++) {
    const x = rng.next();
    const count = x < 0.02 ? 3 : x < 0.09 ? 2 : x < 0.32 ? 1 : 0;
    for (let k = 0; k < count; k++) complete(i, rng.pick(trainings), between(Math.max(hired[i]!, FIRST_DAY), HORIZON));
  }

  // KNOWS: first the ties networks make (leaders know their participants, a third of the
  // participants know each other, `via` the network), then colleagues and chance acquaintances
  // drawn by the Zipf weights, up to RELATIONS_PER_PERSON relations per person in all.
  const target = Math.max(relations.length, Math.round(people * RELATIONS_PER_PERSON));
  const knows = new Set<number>();
  const tie = (a: number, b: number, since: number, via?: string) => {
    if (a === b || relations.length >= target) return;
    const key = a < b ? a * people + b : b * people + a;
    if (knows.has(key)) return;
    knows.add(key);
    const props: SyntheticRelationProps = { since: iso(since) };
    // Some ties end (one of the two left, or they lost touch).
    if (rng.chance(0.08) && HORIZON - since > 60) props.until = iso(between(since + 30, HORIZON));
    if (via) props.via = via;
    relate('KNOWS', personId(a), personId(b), props);
  };
  for (const net of networks) {
    const ms = net.members;
    for (let x = 0; x < ms.length; x++) {
      for (let y = x + 1; y < ms.length; y++) {
        const a = ms[x]!;
        const b = ms[y]!;
        if (!rng.chance(x < net.leaders ? 0.9 : 0.33)) continue;
        const lo = Math.max(a.since, b.since);
        const hi = Math.min(a.until ?? HORIZON, b.until ?? HORIZON);
        if (hi < lo) continue; // never in the network at the same time
        tie(a.person, b.person, between(lo, hi), net.id);
      }
    }
  }
  for (let attempt = 0; relations.length < target && attempt < 20 * people * RELATIONS_PER_PERSON; attempt++) {
    const a = everyone.draw(rng);
    const colleague = rng.chance(0.6);
    const d = deptOf[a]!;
    const b = colleague
      ? rng.chance(0.5)
        ? members[d]![inDept[d]!.draw(rng)]!
        : rng.pick(members[d]!)
      : rng.chance(0.5)
        ? everyone.draw(rng)
        : rng.int(0, people - 1);
    const since = Math.max(hired[a]!, hired[b]!, FIRST_DAY);
    tie(a, b, between(since, HORIZON));
  }

  const { rounds, answers } = surveyRounds({
    seed,
    people,
    networks,
    deptOf,
    members,
    inDept,
    hired,
    knows,
    relations,
    personId,
  });
  return { people, seed, nodes, relations, rounds, answers };
}

// ---------------------------------------------------------------------------------------------
// Survey rounds (issue 20): for a share of the networks one or two rounds, each asking the
// network's leaders and participants on its first day; about 60 % answer, naming people they began
// to work with through the network (some name each other back), rating the other departments of the
// network's people on the seven dimensions, and writing a few lines on what the network created.
// Drawn from a generator of their own, after everything else, so the rest of the municipality is
// the same as before rounds were added for the same seed.

const TEXT_ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** The rounds' own generator's seed, apart from the municipality's. */
const SURVEY_SEED = 0x5eed_2020;
/** Share of the networks (beyond the first of each kind, which always have one) with rounds. */
const SURVEYED = 0.4;
/** How much higher or lower each dimension is answered than a pair's level: respect high, timeliness low. */
const DIMENSION_LEAN: Record<(typeof RC_DIMENSIONS)[number], number> = {
  frequent: -0.2,
  timely: -0.35,
  accurate: 0,
  problemSolving: -0.1,
  sharedGoals: 0.15,
  sharedKnowledge: -0.25,
  mutualRespect: 0.4,
};

const LEARNING: Record<(typeof PERSPECTIVES)[number], readonly string[]> = {
  borgerne: [
    'Borgeren oplever én samlet plan i stedet for tre.',
    'Familierne får svar hurtigere, fordi vi ringer direkte til hinanden.',
    'Vi fanger borgerne tidligere, før sagen vokser.',
    'Borgerne bliver inddraget i mødet fra starten.',
    'Færre borgere bliver sendt frem og tilbage mellem afdelingerne.',
  ],
  kommunen: [
    'Vi har lavet en fælles arbejdsgang for visitation på tværs.',
    'Vi undgår dobbeltarbejde, fordi vi deler vores planer.',
    'En fælles tjekliste fra netværket bruges nu i to afdelinger.',
    'Vi har aftalt, hvem der tager den første kontakt.',
    'Møderne er blevet kortere, fordi vi kender hinandens opgaver.',
  ],
  medarbejderne: [
    'Jeg ved nu, hvem jeg skal ringe til i de andre afdelinger.',
    'Jeg har lært, hvordan sagsbehandlingen foregår hos de andre.',
    'Det er blevet lettere at spørge om hjælp på tværs.',
    'Vi har fået et fælles sprog om borgerens forløb.',
    'Jeg har fået nye kolleger at sparre med.',
  ],
};

interface SurveyInput {
  seed: number;
  people: number;
  networks: readonly { id: string; leaders: number; members: Membership[]; start: number; end: number }[];
  deptOf: Int32Array;
  members: readonly number[][];
  inDept: readonly Weighted[];
  hired: Int32Array;
  /** The pairs that know each other already (a < b: a * people + b); survey ties are added to it. */
  knows: Set<number>;
  relations: SyntheticRelation[];
  personId: (i: number) => string;
}

function surveyRounds(input: SurveyInput): { rounds: SyntheticRound[]; answers: SyntheticAnswer[] } {
  const { people, networks, deptOf, members, inDept, hired, knows, relations, personId } = input;
  const rng = new Rng(input.seed ^ SURVEY_SEED);
  const between = (lo: number, hi: number) => (hi <= lo ? lo : rng.int(lo, hi));
  const rounds: SyntheticRound[] = [];
  const answers: SyntheticAnswer[] = [];
  // A text's id names neither its answer nor its writer (managers see texts apart from who wrote them), as the app's.
  const textIds = new Set<string>();
  const textId = (): string => {
    for (;;) {
      let id = 'text-';
      for (let i = 0; i < 10; i++) id += TEXT_ID_CHARS[rng.int(0, TEXT_ID_CHARS.length - 1)];
      if (!textIds.has(id)) {
        textIds.add(id);
        return id;
      }
    }
  };

  // Who works where, when: the WORKS_IN the municipality holds, per person.
  const worksIn = new Map<string, { dept: string; first: number; last: number }[]>();
  for (const r of relations) {
    if (r.type !== 'WORKS_IN') continue;
    const spans = worksIn.get(r.source) ?? worksIn.set(r.source, []).get(r.source)!;
    spans.push({
      dept: r.target,
      first: r.props.since ? day(r.props.since) : Number.NEGATIVE_INFINITY,
      last: r.props.until ? day(r.props.until) : Number.POSITIVE_INFINITY,
    });
  }
  const departmentsOn = (p: number, d: number) =>
    [...new Set((worksIn.get(personId(p)) ?? []).filter((w) => w.first <= d && d <= w.last).map((w) => w.dept))].sort();
  const holds = (m: Membership, d: number) => m.since <= d && (m.until === undefined || d <= m.until);

  // A level per network and pair of departments, and how it moves from one round to the next (mostly up).
  const levels = new Map<string, { level: number; change: number }>();
  const levelOf = (network: string, a: string, b: string) => {
    const key = `${network}|${a < b ? `${a}|${b}` : `${b}|${a}`}`;
    let level = levels.get(key);
    if (!level) {
      level = { level: 2.6 + rng.next() * 1.5, change: -0.35 + rng.next() * 0.95 };
      levels.set(key, level);
    }
    return level;
  };

  const round = (
    network: (typeof networks)[number],
    nth: number,
    opensOn: number,
    closesOn: number,
    closedOn: number | undefined,
  ): boolean => {
    const asked = network.members.filter((m) => holds(m, opensOn)).map((m) => m.person);
    if (asked.length === 0) return false;
    const id = `${SYNTHETIC_PREFIX}survey-${rounds.length + 1}`;
    const askNamed = rng.chance(0.25);
    const askedIds = asked.map(personId);
    const lastDay = Math.min(closedOn ?? closesOn, HORIZON);
    rounds.push({
      id,
      props: {
        networkId: network.id,
        opensOn: iso(opensOn),
        closesOn: iso(closesOn),
        ...(closedOn !== undefined ? { closedOn: iso(closedOn) } : {}),
        askNamed,
        asked: askedIds,
        createdAt: `${iso(opensOn - rng.int(1, 10))}T08:${String(rng.int(0, 59)).padStart(2, '0')}:00.000Z`,
        createdBy: 'synthetic:coordinator',
        source: SYNTHETIC_SOURCE,
      },
    });
    const rateable = [...new Set(asked.flatMap((p) => departmentsOn(p, opensOn)))].sort();

    // Who answers, and when (in the order they answered: one names back only someone who named them first).
    const rate = 0.4 + rng.next() * 0.4;
    const respondents = asked
      .filter(() => rng.chance(rate))
      .map((p) => {
        const d = between(opensOn, lastDay);
        return {
          p,
          d,
          at: `${iso(d)}T${String(rng.int(6, 14)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00.000Z`,
        };
      })
      .sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : x.p - y.p));
    const namedBy = new Map<number, number[]>();
    for (const { p, d, at } of respondents) {
      const answerId = `${id}|${personId(p)}`;
      const own = departmentsOn(p, d);
      // New relations: someone of the network, or a colleague in one of its people's departments; some name back.
      const named: number[] = [];
      const add = (q: number | undefined) => {
        if (q !== undefined && q !== p && !named.includes(q) && hired[q]! < d) named.push(q);
      };
      for (const q of namedBy.get(p) ?? []) if (rng.chance(0.6)) add(q);
      const x = rng.next();
      const wanted = named.length + (x < 0.2 ? 0 : x < 0.55 ? 1 : x < 0.8 ? 2 : x < 0.95 ? 3 : 4);
      for (let attempt = 0; named.length < wanted && attempt < 10; attempt++) {
        if (rng.chance(0.6)) add(rng.pick(asked));
        else {
          const home = deptOf[rng.pick(asked)]!;
          add(members[home]![inDept[home]!.draw(rng)]);
        }
      }
      for (const q of named) {
        (namedBy.get(q) ?? namedBy.set(q, []).get(q)!).push(p);
        const key = p < q ? p * people + q : q * people + p;
        // Someone already known is not a new relation: no KNOWS is written for them.
        if (!knows.has(key)) {
          knows.add(key);
          relations.push({
            type: 'KNOWS',
            source: personId(p),
            target: personId(q),
            props: { since: iso(d), via: network.id, source: 'survey', round: id, version: 1 },
          });
        }
        if (askNamed && !askedIds.includes(personId(q))) askedIds.push(personId(q));
      }
      // Relational coordination with one to three of the network's other departments.
      const others = rateable.filter((dept) => !own.includes(dept));
      const rated = others.filter(() => rng.chance(Math.min(1, 2 / others.length)));
      if (rated.length === 0 && others.length > 0) rated.push(rng.pick(others));
      const ratings = rated.slice(0, 3).map((dept) => {
        const { level, change } = levelOf(network.id, own[0] ?? dept, dept);
        const scores = Object.fromEntries(
          RC_DIMENSIONS.map((dim) => {
            const noise = (rng.next() + rng.next() - 1) * 1.5;
            return [dim, Math.min(5, Math.max(1, Math.round(level + nth * change + DIMENSION_LEAN[dim] + noise)))];
          }),
        );
        return { departmentId: dept, scores };
      });
      // Learning: none to three short texts, a few under the writer's name.
      const y = rng.next();
      const textCount = y < 0.35 ? 0 : y < 0.8 ? 1 : y < 0.95 ? 2 : 3;
      const texts = Array.from({ length: textCount }, () => {
        const perspective = rng.pick(PERSPECTIVES);
        return {
          id: textId(),
          perspective,
          text: rng.pick(LEARNING[perspective]),
          showName: rng.chance(0.3),
          acceptedAs: null,
        };
      });
      answers.push({
        id: answerId,
        props: {
          roundId: id,
          networkId: network.id,
          personId: personId(p),
          at,
          departmentIds: own,
          named: named.map(personId),
          ratings: JSON.stringify(ratings),
          texts: JSON.stringify(texts),
          source: SYNTHETIC_SOURCE,
        },
      });
    }
    return true;
  };

  /** Rounds within the network's life, from two months after it started to three weeks before it ended. */
  const survey = (network: (typeof networks)[number]): boolean => {
    const lo = network.start + Math.min(60, Math.floor((network.end - network.start) / 3));
    const hi = network.end - 21;
    if (hi - lo < 30) return false;
    const length = () => rng.int(14, 28);
    const closedEarly = (opens: number, closes: number) =>
      rng.chance(0.25) ? Math.max(opens + 7, closes - rng.int(1, 6)) : undefined;
    if (hi - lo >= 300 && rng.chance(0.6)) {
      const opens1 = between(lo, hi - 250);
      const closes1 = opens1 + length();
      const first = round(network, 0, opens1, closes1, closedEarly(opens1, closes1));
      const opens2 = between(closes1 + 90, hi);
      const closes2 = Math.min(opens2 + length(), HORIZON);
      const second = round(network, first ? 1 : 0, opens2, closes2, closedEarly(opens2, closes2));
      return first || second;
    }
    const opens = between(lo, hi - 14);
    const closes = Math.min(opens + length(), HORIZON);
    return round(network, 0, opens, closes, closedEarly(opens, closes));
  };

  let any = false;
  for (const [n, network] of networks.entries()) {
    if (n < NETWORK_KINDS.length || rng.chance(SURVEYED)) any = survey(network) || any;
  }
  // Even the tiniest municipality has one round, so the benchmark can ask for results.
  if (!any && networks.length > 0) {
    const longest = networks.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
    const opens = longest.members.reduce((d, m) => Math.max(d, m.since), longest.start);
    round(longest, 0, Math.min(opens, HORIZON), HORIZON, undefined);
  }
  return { rounds, answers };
}
