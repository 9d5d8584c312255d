import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS, today } from '../api/common.js';
import { endpoints } from '../api/endpoints.js';
import { RC_DIMENSIONS, roundAnswersResponse, type Round } from '../api/surveys.js';
import { startApp, uid, type RunningApp } from './helpers.js';
import { answerAs, answerOf, openRound, signInAs, type SurveyNetwork, surveyNetwork } from './helpers/surveys.js';

// Who sees a survey's individual answers (issue 20, point 5): only the round's managers. A reader,
// signed in or not, and a participant who is asked but does not lead the network, walk every GET
// endpoint of the API (taken from api/endpoints.ts, so a new one is walked too) with the round's,
// the network's, the departments' and the people's ids, and no answer holds a rating, a text or
// a respondent as respondent; the coordinator gets them all through roundAnswers, which is also
// how this test shows that it would see them.

const inAFortnight = () => new Date(Date.parse(`${today()}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);

describe("a survey round's individual answers", () => {
  let app: RunningApp;
  let admin: string;
  let coordinator: string;
  let n: SurveyNetwork;
  let round: Round;
  /** The texts the respondents wrote: each holds a word no other data has. */
  let secrets: string[];
  beforeAll(async () => {
    app = await startApp();
    [admin, coordinator] = await Promise.all([signInAs(app, 'admin'), signInAs(app, 'coordinator')]);
    n = await surveyNetwork(app, admin, 7);
    round = await openRound(app, coordinator, n.network.id, {
      opensOn: today(),
      closesOn: inAFortnight(),
      askNamed: true,
    });
    secrets = [0, 1, 2, 3, 4].map((i) => `Fortroligt ${uid('tekst').replace('-', '')} nummer ${i}`);
    // Five respondents (so aggregates may be shown), one of them showing their name with the text.
    for (let i = 0; i < 5; i++) {
      const body = answerOf(n, i, secrets[i]);
      if (i === 1) body.texts[0]!.showName = true;
      await answerAs(app, round.id, n.people[i]!, body);
    }
  }, 120_000);
  afterAll(() => app?.close());

  /** What in an answer would give an individual answer away: its texts, its ratings, who answered. */
  function leaks(body: string): string[] {
    const found: string[] = [];
    for (const s of secrets) if (body.includes(s)) found.push(`the text "${s}"`);
    // A rating's shape: its scores by dimension (names no other answer of the API uses).
    for (const key of ['scores', 'ratings', ...RC_DIMENSIONS])
      if (body.includes(`"${key}"`)) found.push(`a rating ("${key}")`);
    // An answer by its id (<roundId>|<personId>), its label, or a list of respondents or of those asked.
    if (body.includes(`${round.id}|`)) found.push("an answer's id");
    if (body.includes('SurveyAnswer')) found.push('the SurveyAnswer label');
    if (/"respondents":\s*\[/.test(body)) found.push('a list of respondents');
    if (/"respondents":\s*[1-9]/.test(body)) found.push('a count of respondents');
    if (/"asked":\s*\[/.test(body)) found.push('the people asked');
    if (/"myAnswer":\s*\{/.test(body)) found.push("someone's answer");
    if (/"by":\s*\{/.test(body)) found.push("a text's writer");
    return found;
  }

  /** Every GET of the API with each id the test knows in its path; answers: address, status, body. */
  async function walk(cookie: string | undefined): Promise<{ url: string; status: number; body: string }[]> {
    const ids = [n.network.id, round.id, ...n.departments.map((d) => d.id), ...n.people.map((p) => p.id)];
    const byParam: Record<string, string[]> = {
      id: ids,
      roundId: [round.id],
      kind: [...KINDS],
      name: ['hr', 'entra', 'ldap', 'os2mo'],
    };
    // Required query parameters, and a few optional ones that widen what is answered.
    const byQuery: Record<string, string[]> = {
      q: [n.word, secrets[0]!.split(' ')[1]!, 'Fortroligt'],
      from: [n.people[0]!.id],
      to: [n.people[4]!.id],
      topic: [n.word],
      since: ['2000-01-01'],
      limit: ['500'],
    };
    const urls: string[] = [];
    for (const [name, e] of Object.entries(endpoints)) {
      if (e.method !== 'get') continue;
      const params = 'params' in e && e.params ? Object.keys(e.params.shape) : [];
      for (const p of params) expect(byParam[p], `${name}: a value for its path parameter ${p}`).toBeDefined();
      let paths = [e.path];
      for (const p of params)
        paths = paths.flatMap((path) => byParam[p]!.map((v) => path.replace(`{${p}}`, encodeURIComponent(v))));
      const query = 'query' in e && e.query ? Object.keys(e.query.shape).filter((k) => byQuery[k]) : [];
      for (const path of paths) {
        // Each query parameter's values in turn, the others at their first.
        const variants = query.length
          ? query.flatMap((k) =>
              byQuery[k]!.map((v) =>
                new URLSearchParams(query.map((other) => [other, other === k ? v : byQuery[other]![0]!])).toString(),
              ),
            )
          : [''];
        for (const q of new Set(variants)) urls.push(q ? `${path}?${q}` : path);
      }
    }
    const answers: { url: string; status: number; body: string }[] = [];
    for (const url of urls) {
      const res = await fetch(`${app.url}${url}`, { headers: cookie ? { cookie } : {} });
      answers.push({ url, status: res.status, body: await res.text() });
    }
    return answers;
  }

  it('when the coordinator asks for the answers then roundAnswers gives every respondent, rating and text, named only where the writer chose', async () => {
    const res = await fetch(`${app.url}/api/surveys/${round.id}/answers`, { headers: { cookie: coordinator } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = roundAnswersResponse.parse(JSON.parse(text));
    expect(body.respondents.map((r) => r.person.id).sort()).toEqual(
      n.people
        .slice(0, 5)
        .map((p) => p.id)
        .sort(),
    );
    expect(body.respondents.find((r) => r.person.id === n.people[0]!.id)).toMatchObject({
      named: [{ id: n.people[1]!.id, kind: 'Person', name: n.people[1]!.name }],
      ratings: answerOf(n, 0).ratings,
    });
    expect(body.texts.map((t) => [t.text, t.by?.id ?? null]).sort()).toEqual(
      secrets.map((s, i) => [s, i === 1 ? n.people[1]!.id : null]).sort(),
    );
    // What the walks below look for is here: a check that could not find it would pass for nothing.
    expect(leaks(text)).toEqual(
      expect.arrayContaining([
        ...secrets.map((s) => `the text "${s}"`),
        'a rating ("scores")',
        'a list of respondents',
        "a text's writer",
      ]),
    );
  });

  for (const who of [
    'a signed-in reader',
    'a participant who does not lead the network',
    'someone signed out',
  ] as const) {
    it(`when ${who} walks every GET endpoint with the round's, network's and people's ids then no answer holds a rating, a text or a respondent`, async () => {
      const cookie =
        who === 'a signed-in reader'
          ? await signInAs(app, 'reader')
          : who === 'a participant who does not lead the network'
            ? // Asked (a participant), not a leader, and not among the respondents.
              await signInAs(app, 'reader', n.people[6]!.email)
            : undefined;
      const answers = await walk(cookie);
      // The walk reached the survey endpoints and the graph around the round.
      expect(answers.length).toBeGreaterThan(100);
      const results = answers.find((a) => a.url === `/api/surveys/${round.id}/results`);
      expect(results?.status).toBe(200);
      const answersOf = answers.find((a) => a.url === `/api/surveys/${round.id}/answers`);
      expect(answersOf?.status).toBe(cookie ? 403 : 401);
      const leaked = answers.flatMap((a) => leaks(a.body).map((l) => `${a.url} (${a.status}): ${l}`));
      expect(leaked).toEqual([]);
      // No answer failed on the way (a 500 would hide what it would have said).
      expect(answers.filter((a) => a.status >= 500).map((a) => `${a.url}: ${a.status}`)).toEqual([]);
    }, 240_000);
  }
});
