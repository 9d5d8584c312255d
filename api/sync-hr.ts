import { z } from 'zod';

// The HR file's column mapping (server/sync/sources/hr.ts): which column of the municipality's HR
// export holds what. Kept as JSON text on (:SyncSource {name: 'hr', mapping}) and edited on the
// "Datakilder" admin page, so server and client share this schema and the guess of a first mapping.
// Column names are matched to the file's header row trimmed and without regard to case.

/** What a column can hold, in the order the admin page shows them. */
export const HR_MAPPING_FIELDS = [
  'id',
  'name',
  'firstName',
  'lastName',
  'title',
  'email',
  'phone',
  'unit',
  'unitPath',
  'manager',
  'endDate',
  'active',
] as const;
export type HrMappingField = (typeof HR_MAPPING_FIELDS)[number];

const column = z
  .string({ error: 'must be the name of a column as text' })
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');

export const hrMappingSchema = z
  .strictObject({
    /** The employee number: the person's stable id in the source (required). */
    id: column,
    /** The whole name; or firstName and lastName, joined with a space. */
    name: column.optional(),
    firstName: column.optional(),
    lastName: column.optional(),
    title: column.optional(),
    email: column.optional(),
    phone: column.optional(),
    /** The person's unit as text; with unitSeparator set, a path such as "Børn og Unge / Dagtilbud / Kornet". */
    unit: column.optional(),
    /** The path of units down to the person's (its last level may repeat the unit column's text). */
    unitPath: column.optional(),
    /** The employee number of the person's manager. */
    manager: column.optional(),
    /** The day the person leaves ("fratrædelsesdato"): on or before the run's day they have left. */
    endDate: column.optional(),
    /** Ja/nej, true/false, 1/0, aktiv/inaktiv: "nej" means the person has left. */
    active: column.optional(),
    /** What separates the levels of a unit path; "/" when a unitPath column is mapped and this is not set. */
    unitSeparator: z
      .string({ error: 'must be the text between the levels of a unit path' })
      .min(1, 'must not be empty')
      .max(5, 'must be at most 5 characters')
      .optional(),
    /** The worksheet of an .xlsx file to read; the first when not set. */
    sheet: column.optional(),
  })
  // Runs even when a column is already wrong, so every problem of a mapping is told at once; it
  // reads only what is text, as the other fields may be anything then.
  .superRefine(
    (m, ctx) => {
      const given = (field: HrMappingField) => {
        const v: unknown = m[field];
        return typeof v === 'string' && v.trim() !== '' ? v.trim().toLowerCase() : undefined;
      };
      const has = (field: HrMappingField) => m[field] !== undefined;
      if (!has('name') && !has('firstName') && !has('lastName'))
        ctx.addIssue({
          code: 'custom',
          path: ['name'],
          message:
            'must name the column with the name, or firstName and lastName must name the columns with the first and last names',
        });
      else if (!has('name') && !has('firstName'))
        ctx.addIssue({
          code: 'custom',
          path: ['firstName'],
          message: 'must be given when lastName is given without name',
        });
      else if (!has('name') && !has('lastName'))
        ctx.addIssue({
          code: 'custom',
          path: ['lastName'],
          message: 'must be given when firstName is given without name',
        });
      // One column read as two things is a mistake in the mapping (an id read as a manager's id).
      const seen = new Map<string, HrMappingField>();
      for (const field of HR_MAPPING_FIELDS) {
        const name = given(field);
        if (name === undefined) continue;
        const first = seen.get(name);
        if (first) ctx.addIssue({ code: 'custom', path: [field], message: `must not be the same column as ${first}` });
        else seen.set(name, field);
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );
export type HrMapping = z.infer<typeof hrMappingSchema>;

/** A header as compared with the known ones: lower case, only letters and digits ("Medarbejder nr." → "medarbejdernr"). */
const normalHeader = (h: string) => h.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** Common headers of Danish and English HR exports per field, the likeliest first (normalised). */
const KNOWN_HEADERS: Record<HrMappingField, string[]> = {
  id: [
    'medarbejdernummer',
    'medarbejdernr',
    'medarbnr',
    'manr',
    'lønnummer',
    'lønnr',
    'loennummer',
    'medarbejderid',
    'personalenummer',
    'employeeid',
    'employeenumber',
    'employeeno',
  ],
  name: ['navn', 'fuldenavn', 'fuldtnavn', 'medarbejdernavn', 'name', 'fullname', 'displayname', 'employeename'],
  firstName: ['fornavn', 'fornavne', 'firstname', 'givenname'],
  lastName: ['efternavn', 'lastname', 'surname', 'familyname'],
  title: ['stilling', 'stillingsbetegnelse', 'titel', 'jobtitel', 'title', 'jobtitle', 'position'],
  email: ['email', 'mail', 'emailadresse', 'mailadresse', 'arbejdsmail', 'arbejdsemail', 'workemail'],
  phone: ['telefon', 'arbejdstelefon', 'telefonnummer', 'tlf', 'tlfnr', 'phone', 'workphone', 'telephone'],
  unit: ['enhed', 'afdeling', 'organisation', 'organisationsenhed', 'arbejdssted', 'unit', 'department', 'orgunit'],
  unitPath: ['enhedssti', 'organisationssti', 'orgsti', 'unitpath', 'orgpath', 'path'],
  manager: ['leder', 'nærmesteleder', 'ledernr', 'ledermedarbejdernummer', 'manager', 'managerid', 'reportsto'],
  endDate: ['fratrædelsesdato', 'fratrædelse', 'fratrådt', 'slutdato', 'ophørsdato', 'enddate', 'terminationdate'],
  active: ['aktiv', 'active', 'eraktiv', 'isactive'],
};

/**
 * A first mapping from a file's headers, for the admin page to show and the admin to correct: each
 * field gets the first header that is one of its known names (each header used once). It may lack
 * the id or the name, so it is checked with hrMappingSchema before it is kept.
 */
export function guessHrMapping(headers: readonly string[]): Partial<HrMapping> {
  const byNormal = new Map<string, string>();
  for (const h of headers) if (h.trim() && !byNormal.has(normalHeader(h))) byNormal.set(normalHeader(h), h.trim());
  const used = new Set<string>();
  const guess: Partial<HrMapping> = {};
  for (const field of HR_MAPPING_FIELDS) {
    for (const known of KNOWN_HEADERS[field]) {
      const header = byNormal.get(known);
      if (header !== undefined && !used.has(header)) {
        guess[field] = header;
        used.add(header);
        break;
      }
    }
  }
  // The whole name is enough; first and last names are only guessed when there is no such column.
  if (guess.name !== undefined) {
    delete guess.firstName;
    delete guess.lastName;
  }
  return guess;
}
