import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, formatState, parseState } from '../../client/src/lib/url.js';

describe('URL state', () => {
  it('when a state is written and read back then it is the same state', () => {
    const state = {
      ...DEFAULT_STATE,
      view: 'node' as const,
      id: 'mette-nielsen-duekilde',
      kinds: ['Person', 'Network'],
      departments: ['social-familie'],
      status: ['i gang'],
      lang: 'en' as const,
      layout: 'fcose' as const,
      depth: 3,
    };
    expect(parseState(formatState(state))).toEqual(state);
  });

  it('when the state is the default then the link is bare', () => {
    expect(formatState(DEFAULT_STATE)).toBe('');
  });

  it('when a link has bad values then each falls back to its default', () => {
    expect(parseState('?view=hack&lang=xx&depth=99&layout=3d&id=%3Cscript%3E')).toEqual(DEFAULT_STATE);
  });

  it('when only an id is given then the node view opens', () => {
    expect(parseState('?id=carina-kofoed')).toMatchObject({ view: 'node', id: 'carina-kofoed' });
  });
});
