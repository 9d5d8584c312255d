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
      at: '2014-06-30',
    };
    expect(parseState(formatState(state))).toEqual(state);
  });

  it('when the state is the default then the link is bare', () => {
    expect(formatState(DEFAULT_STATE)).toBe('');
  });

  it('when a link has bad values then each falls back to its default', () => {
    expect(parseState('?view=hack&lang=xx&depth=99&layout=3d&id=%3Cscript%3E')).toEqual(DEFAULT_STATE);
  });

  it('when the date in a link is not a real day then the graph is shown as it stands today', () => {
    for (const at of ['2014-02-30', '2014-13-01', '14-06-30', 'i går', '2014-06-30T00:00']) {
      expect(parseState(`?at=${encodeURIComponent(at)}`).at).toBeNull();
    }
    expect(parseState('?at=2016-02-29').at).toBe('2016-02-29');
  });

  it("when the report's changes date is in the link then it survives a round trip, and a day that does not exist is dropped", () => {
    const state = { ...DEFAULT_STATE, view: 'report' as const, since: '2024-02-29' };
    expect(formatState(state)).toBe('?view=report&since=2024-02-29');
    expect(parseState(formatState(state))).toEqual(state);
    expect(parseState('?view=report&since=2023-02-29')).toEqual({ ...DEFAULT_STATE, view: 'report' });
  });

  it('when only an id is given then the node view opens', () => {
    expect(parseState('?id=carina-kofoed')).toMatchObject({ view: 'node', id: 'carina-kofoed' });
  });
});
