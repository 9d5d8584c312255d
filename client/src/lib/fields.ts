import type { Kind } from '../../../api/common.js';
import { NETWORK_KINDS, NETWORK_PHASES, NETWORK_STATUSES, PERSPECTIVES } from '../../../api/common.js';
import { nodePropertySchemas } from '../../../api/edit.js';

// What the edit form shows for each kind; which fields are required, and their checks, come
// from the same zod schemas the server uses.

export type FieldType = 'text' | 'textarea' | 'email' | 'tel' | 'date' | 'select';
export interface FieldDef {
  name: string;
  type: FieldType;
  options?: readonly string[];
  required: boolean;
}

const PARTNER_TYPES = [
  'uddannelse',
  'organisation',
  'interesseorganisation',
  'virksomhed',
  'borgergruppe',
  'andet',
] as const;

const LAYOUT: Record<Kind, [string, FieldType, (readonly string[])?][]> = {
  Person: [
    ['name', 'text'],
    ['title', 'text'],
    ['email', 'email'],
    ['phone', 'tel'],
  ],
  Network: [
    ['name', 'text'],
    ['kind', 'select', NETWORK_KINDS],
    ['status', 'select', NETWORK_STATUSES],
    ['theme', 'text'],
    ['phase', 'select', NETWORK_PHASES],
    ['remarks', 'textarea'],
    ['startedAt', 'date'],
    ['endedAt', 'date'],
  ],
  Department: [['name', 'text']],
  Partner: [
    ['name', 'text'],
    ['type', 'select', PARTNER_TYPES],
  ],
  Training: [['name', 'text']],
  Outcome: [
    ['name', 'text'],
    ['perspective', 'select', PERSPECTIVES],
  ],
  Forum: [['name', 'text']],
  Project: [
    ['name', 'text'],
    ['kind', 'select', ['projekt', 'netværk']],
  ],
  // The sync keeps a unit's KLE subjects; a coordinator may correct its name.
  Unit: [['name', 'text']],
};

export function fieldsOf(kind: Kind): FieldDef[] {
  const shape = nodePropertySchemas[kind].shape as Record<string, { safeParse: (v: unknown) => { success: boolean } }>;
  return LAYOUT[kind].map(([name, type, options]) => ({
    name,
    type,
    ...(options ? { options } : {}),
    // A field is required when its schema refuses "nothing".
    required: !shape[name]!.safeParse(undefined).success,
  }));
}

/** The message for one field's value, or null when it is fine; empty optional fields are fine. */
export function checkField(kind: Kind, name: string, value: string): string | null {
  const field = (nodePropertySchemas[kind].shape as Record<string, import('zod').ZodType>)[name];
  if (!field) return null;
  const r = field.safeParse(value === '' ? undefined : value);
  return r.success ? null : (r.error.issues[0]?.message ?? 'invalid');
}

/**
 * A readable, unique id for a new node, made on this device so a retried save makes no
 * duplicate: the form keeps one `suffix` for its lifetime.
 */
export function newId(name: string, suffix: string): string {
  const slug = name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${slug || 'node'}-${suffix}`;
}
