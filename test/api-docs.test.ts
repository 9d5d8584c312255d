import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import { anchor, API_DOC, apiDocs, apiReference, MARKER } from '../scripts/api-docs.js';

// docs/api.md's reference is written from the OpenAPI document by `npm run docs`; these fail when
// it is stale, so it cannot drift from what the server checks and answers.
describe('docs/api.md', () => {
  const current = readFileSync(API_DOC, 'utf8');

  it('when compared with what npm run docs writes now then it is the same (else run npm run docs)', () => {
    expect(current.split('\n'), 'docs/api.md is stale: run npm run docs').toEqual(apiDocs(current).split('\n'));
  });

  it('when a line of the reference is edited by hand then the comparison sees it', () => {
    const edited = current.replace('### GET /api/search\n', '### GET /api/search\n\nSearch, edited by hand.\n');
    expect(edited).not.toBe(current);
    expect(apiDocs(edited)).not.toBe(edited);
  });

  it('when the reference is written then every endpoint has one section', () => {
    const reference = apiReference();
    const sections = [...reference.matchAll(/^### (GET|POST|PUT|PATCH|DELETE) (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    const expected = Object.values(endpoints).map((e) => `${e.method.toUpperCase()} ${e.path}`);
    expect(sections.sort()).toEqual(expected.sort());
  });

  it('when it links to a heading of its own then that heading is there', () => {
    const anchors = new Set([...current.matchAll(/^#+ (.+)$/gm)].map((m) => anchor(m[1]!)));
    const links = [...current.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(Object.keys(endpoints).length);
    expect(links.filter((l) => !anchors.has(l!))).toEqual([]);
  });

  it('when the hand-written head has lost its marker line then writing refuses, naming the line', () => {
    expect(() => apiDocs('# API\n\nNo marker here.\n')).toThrow(MARKER);
  });
});
