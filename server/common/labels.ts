import type { Kind } from '../../api/common.js';

// Danish words the server puts into answers (subtitles, path sentences). The client has its
// own locale files; these are the data's own language.

export const NETWORK_KIND_DA: Record<string, string> = {
  velfaerd: 'Velfærdsnetværk',
  innovation: 'Innovationsnetværk',
  laering: 'Læringsnetværk',
};

export const KIND_DA: Record<Kind, string> = {
  Person: 'Person',
  Network: 'Netværk',
  Department: 'Afdeling',
  Partner: 'Samarbejdspartner',
  Training: 'Uddannelse',
  Outcome: 'Resultat',
  Forum: 'Forum',
  Project: 'Projekt',
};

export const PERSPECTIVE_DA: Record<string, string> = {
  kommunen: 'for kommunen',
  borgerne: 'for borgerne',
  medarbejderne: 'for medarbejderne',
};

/** Danish alphabetical order (æ, ø, å last), one collator made once: a localeCompare call with a locale builds one each time. */
export const danishOrder = new Intl.Collator('da').compare;
