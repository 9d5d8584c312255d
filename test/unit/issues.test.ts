import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CPR_MESSAGE } from '../../api/edit.js';
import { issueMessage, issueSentence, type Wording } from '../../server/common/issues.js';

const body: Wording = { noun: 'field', whole: 'request body' };
const schema = z.strictObject({
  name: z.string().min(1, 'must not be empty'),
  status: z.enum(['i gang', 'afsluttet']).optional(),
  phone: z.string().optional(),
  properties: z.strictObject({ since: z.iso.date({ error: 'must be a date as YYYY-MM-DD' }).optional() }).optional(),
  types: z.array(z.enum(['KNOWS', 'LEADS'])).optional(),
});
const sentence = (input: unknown, wording = body) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('the input was meant to be refused');
  return issueSentence(r.error, input, wording);
};

describe('a zod issue as one sentence', () => {
  it('when a value is missing, unknown or wrong then the sentence names it by its whole path', () => {
    expect([
      sentence({}),
      sentence({ name: 'A', colour: 'grøn' }),
      sentence({ name: 'A', properties: { since: '2014-13' } }),
      sentence({ name: 'A', properties: { until: '2014' } }),
      sentence({ name: '' }),
    ]).toEqual([
      { sentence: 'The field "name" is required.', field: 'name' },
      { sentence: 'Unknown field "colour".', field: 'colour' },
      { sentence: 'The field "properties.since" must be a date as YYYY-MM-DD.', field: 'properties.since' },
      { sentence: 'Unknown field "properties.until".', field: 'properties.until' },
      { sentence: 'The field "name" must not be empty.', field: 'name' },
    ]);
  });

  it("when zod words the issue itself then the sentence says it in the project's words", () => {
    expect([sentence({ name: 'A', status: 'måske' }), sentence({ name: 7 })]).toEqual([
      { sentence: 'The field "status" must be one of i gang, afsluttet.', field: 'status' },
      { sentence: 'The field "name" must be a string.', field: 'name' },
    ]);
  });

  it('when a parameter is a list then the sentence names the parameter, not the item', () => {
    expect(
      sentence(
        { name: 'A', types: ['KNOWS', 'FRIEND'] },
        { noun: 'query parameter', whole: 'query', firstKeyOnly: true },
      ),
    ).toEqual({
      sentence: 'The query parameter "types" must be one of KNOWS, LEADS.',
      field: 'types',
    });
  });

  it('when null is given then it is missing only where the wording says so (an import’s empty cell)', () => {
    expect([
      sentence({ name: null }),
      sentence({ name: null }, { noun: 'column', whole: 'row', nullIsMissing: true }),
    ]).toEqual([
      { sentence: 'The field "name" must be a string.', field: 'name' },
      { sentence: 'The column "name" is required.', field: 'name' },
    ]);
  });

  it('when the issue is about the whole input then the sentence names the whole', () => {
    expect(sentence('text')).toEqual({ sentence: 'The request body must be an object.' });
  });

  it('when a value looks like a CPR number then the sentence is the guard’s own, and a long or odd name is quoted short', () => {
    const cpr = z.strictObject({ remarks: z.string().refine((s) => !s.includes('010203'), CPR_MESSAGE) });
    const r = cpr.safeParse({ remarks: 'x 010203-1234' });
    expect(r.success || issueSentence(r.error, { remarks: 'x' }, { noun: 'column', whole: 'row' })).toEqual({
      sentence: 'Kolonnen "remarks" ligner et CPR-nummer; Ringe må ikke gemme CPR-numre.',
      field: 'remarks',
    });
    const key = `a"b\n${'c'.repeat(70)}`;
    expect(sentence({ name: 'A', [key]: 1 }).sentence).toBe(`Unknown field "a\\"b\\n${'c'.repeat(56)}…".`);
  });

  it('when a message starts with the field’s own name then the name is said once', () => {
    const r = z
      .object({ until: z.string().refine(() => false, 'until must not be before since') })
      .safeParse({ until: 'x' });
    expect(r.success || issueMessage(r.error.issues[0]!, 'until')).toBe('must not be before since');
  });
});
