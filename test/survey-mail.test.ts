import type { AddressInfo } from 'node:net';
import QRCode from 'qrcode';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../api/common.js';
import { endpoints } from '../api/endpoints.js';
import { ConfigError, loadConfig } from '../server/common/config.js';
import type { SurveySetup } from '../server/surveys/deps.js';
import { type RunningApp, send, signIn, startAppWith, storeDaysOf, uid } from './helpers.js';

// Survey invitations and reminders by e-mail, and the link and QR code to share (issue 20), against
// a real SMTP server started here (smtp-server on 127.0.0.1, authentication on) that keeps what it
// is given. Rounds are opened through the API; answers are given through it, signed in as the person.

interface Received {
  /** RCPT TO, as the server took them. */
  to: string[];
  from: string;
  headers: Map<string, string>;
  /** The plain text, decoded from quoted-printable. */
  text: string;
}

/** A header's encoded words (RFC 2047, UTF-8, Q or B) as text; adjacent words are joined before decoding, as a character may span two. */
function decodeWords(value: string): string {
  return value.replace(/(?:=\?UTF-8\?[QB]\?[^?]*\?=\s*)+/gi, (run) => {
    const bytes = [...run.matchAll(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi)].map(([, encoding, data = '']) =>
      encoding!.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
            'latin1',
          ),
    );
    return Buffer.concat(bytes).toString('utf8') + (/\s$/.test(run) ? ' ' : '');
  });
}

/** A message's headers (folded lines joined, names in lower case, encoded words decoded) and its body, decoded as nodemailer encodes plain text. */
function parseMessage(raw: string): Omit<Received, 'to' | 'from'> {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const at = line.indexOf(':');
    headers.set(line.slice(0, at).toLowerCase(), decodeWords(line.slice(at + 1).trim()).trim());
  }
  let body = rest.join('\n\n');
  if (/quoted-printable/i.test(headers.get('content-transfer-encoding') ?? '')) {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    body = Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return { headers, text: body.replace(/\r\n/g, '\n') };
}

const SMTP_USER = 'ringe';
const SMTP_PASSWORD = 'rigtig-hemmelig-42';

/**
 * An SMTP server that takes mail from SMTP_USER with SMTP_PASSWORD, refuses the addresses in `refused`
 * (550 to RCPT TO), and fails a message to an address in `failing` after its data (451, a local error).
 */
async function startSmtp(refused: Set<string>, failing: Set<string>) {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, done) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) done(null, { user: auth.username });
      else done(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, done) {
      if (refused.has(address.address)) done(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
      else done();
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (session.envelope.rcptTo.some((r) => failing.has(r.address)))
          return done(Object.assign(new Error('Local error in processing'), { responseCode: 451 }));
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          ...parseMessage(Buffer.concat(chunks).toString('utf8')),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SENDER = 'ringe@albertslund.example.dk';
const PUBLIC_URL = 'https://ringe.albertslund.example.dk';
const setup = (smtpUrl?: string, publicUrl?: string): SurveySetup => ({
  smtp: smtpUrl ? { url: smtpUrl, from: `Ringe <${SENDER}>` } : undefined,
  publicUrl,
  retentionDays: 365,
});

let smtp: Awaited<ReturnType<typeof startSmtp>>;
/** Mail through the SMTP server. */
let app: RunningApp;
/** The same server, with a wrong password in SMTP_URL. */
let wrongPassword: RunningApp;
/** No SMTP_URL; PUBLIC_URL set. */
let noMail: RunningApp;
const refused = new Set<string>();
const failing = new Set<string>();

beforeAll(async () => {
  smtp = await startSmtp(refused, failing);
  [app, wrongPassword, noMail] = await Promise.all([
    startAppWith({ surveys: setup(`smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}`) }),
    startAppWith({ surveys: setup(`smtp://${SMTP_USER}:forkert-kodeord-17@127.0.0.1:${smtp.port}`) }),
    startAppWith({ surveys: setup(undefined, PUBLIC_URL) }),
  ]);
});
afterAll(async () => {
  await Promise.all([app?.close(), wrongPassword?.close(), noMail?.close()]);
  await smtp?.close();
});

const day = today();
const inDays = (n: number) => new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * A network of four participants: Anna and Bo with work e-mail, Carl with none, Dorte whose address
 * the mail server refuses. Its id sorts the people as listed (a round asks them in id order).
 */
async function network() {
  const net = uid('net');
  const mail = (who: string) => `${who}.${net}@albertslund.example.dk`;
  const people = {
    anna: { id: `${net}-1-anna`, name: 'Anna Ærø', email: mail('anna') },
    bo: { id: `${net}-2-bo`, name: 'Bo Bæk', email: mail('bo') },
    carl: { id: `${net}-3-carl`, name: 'Carl Uden Mail', email: null },
    dorte: { id: `${net}-4-dorte`, name: 'Dorte Afvist', email: mail('dorte') },
  };
  refused.add(people.dorte.email);
  await app.db.write(
    `CREATE (n:Entity:Network {id: $net, name: 'Måltidsnetværket ' + $net, kind: 'velfaerd', status: 'i gang'})
     WITH n UNWIND $people AS p
     CREATE (x:Entity:Person {id: p.id, name: p.name})-[:PARTICIPATES_IN {since: '2020-01-01'}]->(n)
     SET x.email = p.email`,
    { net, people: Object.values(people) },
  );
  await storeDaysOf(app.db, [net]);
  const ref = (p: { id: string; name: string }) => ({ id: p.id, kind: 'Person', name: p.name });
  return { net, name: `Måltidsnetværket ${net}`, people, ref };
}

let coordinator: string;
let reader: string;
beforeAll(async () => {
  [coordinator, reader] = await Promise.all([signIn(app, 'coordinator'), signIn(app, 'reader')]);
});

/** Opens a round for the network through the API, from today for two weeks (or as given). */
async function openRound(net: string, opensOn = day, closesOn = inDays(14)): Promise<string> {
  const res = await send(app, 'POST', `/api/networks/${net}/surveys`, {
    body: { opensOn, closesOn },
    cookie: coordinator,
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const invite = (on: RunningApp, roundId: string, kind: 'invite' | 'reminder', cookie: string) =>
  send(on, 'POST', `/api/surveys/${roundId}/invitations`, { body: { kind }, cookie }).then((res) => {
    if (res.status === 200) endpoints.roundInvitations.response.parse(res.body);
    return res;
  });

/** The messages received since the given count, by recipient. */
const since = (count: number) => smtp.received.slice(count);

describe('survey invitations by e-mail', () => {
  it('when a coordinator sends the invitation then each asked person with a work e-mail gets one message with the link, and those without e-mail or refused are named', async () => {
    const { net, name, people, ref } = await network();
    const roundId = await openRound(net);
    const before = smtp.received.length;

    const res = await invite(app, roundId, 'invite', coordinator);

    expect(res).toEqual({
      status: 200,
      body: { mail: 'sent', sent: 2, notReached: [ref(people.carl), ref(people.dorte)] },
    });
    const got = since(before);
    expect(got.map((m) => m.to).sort()).toEqual([[people.anna.email], [people.bo.email]]);
    const link = `${app.url}/#/surveys/${roundId}`;
    for (const m of got) {
      expect(m.from).toBe(SENDER);
      expect(m.headers.get('subject')).toBe(
        `Hvad har netværket ${name} skabt? / What has the network ${name} created?`,
      );
      expect(m.headers.get('from')).toBe(`Ringe <${SENDER}>`);
      expect(m.headers.get('to')).toContain(`<${m.to[0]}>`);
      expect(m.text).toContain(`\n${link}\n`);
      // Danish first, the English beneath; the network, the days, and who sees what.
      expect(m.text.indexOf(`Netværket ${name} vil gerne høre fra dig.`)).toBeGreaterThanOrEqual(0);
      expect(m.text.indexOf(`The network ${name} would like to hear from you.`)).toBeGreaterThan(
        m.text.indexOf('Venlig hilsen'),
      );
      expect(m.text).toContain('Dine enkelte svar ses kun af netværkets koordinatorer og ledere');
      expect(m.text).toContain(
        `Du kan svare fra ${new Intl.DateTimeFormat('da-DK', { dateStyle: 'long' }).format(new Date(`${day}T12:00:00`))} til og med`,
      );
    }
    expect(got.find((m) => m.to[0] === people.anna.email)!.text).toContain('Hej Anna Ærø');
  });

  it('when a reminder is sent then only those asked who have not answered get it', async () => {
    const { net, name, people, ref } = await network();
    const roundId = await openRound(net);
    // Anna answers, signed in as herself (the development sign-in with her work e-mail).
    const anna = await signIn(app, 'reader', people.anna.email);
    const answered = await send(app, 'PUT', `/api/surveys/${roundId}/answer`, {
      body: { named: [], ratings: [], texts: [] },
      cookie: anna,
    });
    expect(answered.status).toBe(200);
    const before = smtp.received.length;

    const res = await invite(app, roundId, 'reminder', coordinator);

    expect(res).toEqual({
      status: 200,
      body: { mail: 'sent', sent: 1, notReached: [ref(people.carl), ref(people.dorte)] },
    });
    const got = since(before);
    expect(got.map((m) => m.to)).toEqual([[people.bo.email]]);
    expect(got[0]!.text).toContain('En påmindelse:');
    expect(got[0]!.text).toContain(`\n${app.url}/#/surveys/${roundId}\n`);
    expect(got[0]!.headers.get('subject')).toBe(
      `Påmindelse: Hvad har netværket ${name} skabt? / Reminder: What has the network ${name} created?`,
    );
  });

  it('when the mail server fails a message then only those it took count as sent, and the other person is named', async () => {
    const { net, people, ref } = await network();
    failing.add(people.bo.email);
    const roundId = await openRound(net);
    const before = smtp.received.length;

    const res = await invite(app, roundId, 'invite', coordinator);

    expect(res).toEqual({
      status: 200,
      body: { mail: 'sent', sent: 1, notReached: [ref(people.bo), ref(people.carl), ref(people.dorte)] },
    });
    expect(since(before).map((m) => m.to)).toEqual([[people.anna.email]]);
  });

  it('when a round has not opened yet then its invitation is sent too', async () => {
    const { net, people, ref } = await network();
    const roundId = await openRound(net, inDays(3), inDays(10));
    const before = smtp.received.length;

    const res = await invite(app, roundId, 'invite', coordinator);

    expect(res.body).toEqual({ mail: 'sent', sent: 2, notReached: [ref(people.carl), ref(people.dorte)] });
    expect(
      since(before)
        .map((m) => m.to[0])
        .sort(),
    ).toEqual([people.anna.email, people.bo.email]);
  });

  it('when the round is closed then invitations are refused with one sentence and nothing is sent', async () => {
    const { net } = await network();
    const roundId = await openRound(net);
    await app.db.write('MATCH (r:SurveyRound {id: $id}) SET r.closedOn = $day', { id: roundId, day });
    const before = smtp.received.length;

    const res = await invite(app, roundId, 'reminder', coordinator);

    expect(res).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation',
          message: 'The survey round is closed, so no invitations or reminders are sent for it.',
          details: { reason: 'roundClosed' },
        },
      },
    });
    expect(since(before)).toEqual([]);
  });

  it('when the SMTP password is wrong then the answer says so without the password, and nothing is sent', async () => {
    const { net } = await network();
    const roundId = await openRound(net);
    const before = smtp.received.length;

    const res = await invite(wrongPassword, roundId, 'invite', await signIn(wrongPassword, 'coordinator'));

    expect(res).toEqual({
      status: 503,
      body: {
        error: {
          code: 'mail',
          message:
            "The mail server refused Ringe's sign-in (the user and password in SMTP_URL); no invitation was sent.",
        },
      },
    });
    expect(JSON.stringify(res.body)).not.toContain('forkert-kodeord-17');
    expect(since(before)).toEqual([]);
  });

  it('when the mail server cannot be reached then the answer says so and names SMTP_URL', async () => {
    const { net } = await network();
    const roundId = await openRound(net);
    // A port nothing listens on: taken, then given back.
    const closed = await startSmtp(new Set(), new Set());
    await closed.close();
    const unreachable = await startAppWith({
      surveys: setup(`smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${closed.port}`),
    });
    try {
      const res = await invite(unreachable, roundId, 'invite', await signIn(unreachable, 'coordinator'));

      expect(res).toEqual({
        status: 503,
        body: {
          error: { code: 'mail', message: 'The mail server in SMTP_URL could not be reached; no invitation was sent.' },
        },
      });
      expect(JSON.stringify(res.body)).not.toContain(SMTP_PASSWORD);
    } finally {
      await unreachable.close();
    }
  });

  it('when SMTP is not configured then nothing is mailed and the answer says notConfigured', async () => {
    const { net } = await network();
    const roundId = await openRound(net);
    const before = smtp.received.length;

    const res = await invite(noMail, roundId, 'invite', await signIn(noMail, 'coordinator'));

    expect(res).toEqual({ status: 200, body: { mail: 'notConfigured', sent: 0, notReached: [] } });
    expect(since(before)).toEqual([]);
  });

  it('when a reader who does not manage the network asks then invitations and the share are refused with one sentence', async () => {
    const { net } = await network();
    const roundId = await openRound(net);
    const before = smtp.received.length;

    const mailed = await invite(app, roundId, 'invite', reader);
    const shared = await send(app, 'GET', `/api/surveys/${roundId}/share`, { cookie: reader });

    expect(mailed).toEqual({
      status: 403,
      body: {
        error: {
          code: 'forbidden',
          message:
            "Only coordinators and the network's own leaders send a survey round's invitations and reminders, and you are neither.",
        },
      },
    });
    expect(shared).toEqual({
      status: 403,
      body: {
        error: {
          code: 'forbidden',
          message: "Only coordinators and the network's own leaders share a survey round's link, and you are neither.",
        },
      },
    });
    expect(since(before)).toEqual([]);
  });

  it("when the network's own leader asks then they may send the invitations and share the link", async () => {
    const { net, people, ref } = await network();
    const roundId = await openRound(net);
    // Led from after the round opened, so not among those it asks.
    const leader = { id: `${net}-0-leder`, email: `leder.${net}@albertslund.example.dk` };
    await app.db.write(
      `MATCH (n:Network {id: $net})
       CREATE (:Entity:Person {id: $id, name: 'Lea Leder', email: $email})-[:LEADS {since: '2020-01-01'}]->(n)`,
      { net, ...leader },
    );
    await storeDaysOf(app.db, [leader.id]);
    const cookie = await signIn(app, 'reader', leader.email);
    const before = smtp.received.length;

    const mailed = await invite(app, roundId, 'invite', cookie);
    const shared = await send(app, 'GET', `/api/surveys/${roundId}/share`, { cookie });

    expect(mailed).toEqual({
      status: 200,
      body: { mail: 'sent', sent: 2, notReached: [ref(people.carl), ref(people.dorte)] },
    });
    expect(
      since(before)
        .map((m) => m.to[0])
        .sort(),
    ).toEqual([people.anna.email, people.bo.email]);
    expect([shared.status, shared.body.link]).toEqual([200, `${app.url}/#/surveys/${roundId}`]);
  });

  it('when the round does not exist then invitations answer 404', async () => {
    const res = await invite(app, 'survey-0000000000', 'invite', coordinator);
    expect(res).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'There is no survey round with id "survey-0000000000".' } },
    });
  });
});

/** The dark modules of a QR code drawn by the qrcode package's SVG renderer (one path of `h` runs), by "row,column". */
function darkModules(svg: string): { size: number; dark: Set<string> } {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const path = /<path stroke="#000000" d="([^"]+)"/.exec(svg);
  if (!viewBox || !path) throw new Error(`Not a QR code's SVG: ${svg.slice(0, 120)}`);
  const margin = 2;
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, command, a, b] of path[1]!.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (command === 'M') [x, y] = [Number(a), Number(b)];
    else if (command === 'm') [x, y] = [x + Number(a), y + Number(b)];
    else {
      for (let i = 0; i < Number(a); i++) dark.add(`${Math.floor(y) - margin},${x + i - margin}`);
      x += Number(a);
    }
  }
  return { size: Number(viewBox[1]) - 2 * margin, dark };
}

/** The dark modules a QR code of `text` has (error correction M, as the server makes it). */
function expectedModules(text: string): { size: number; dark: Set<string> } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const dark = new Set<string>();
  for (let r = 0; r < modules.size; r++)
    for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) dark.add(`${r},${c}`);
  return { size: modules.size, dark };
}

describe('survey link and QR code', () => {
  it("when PUBLIC_URL is not set then the share's link is on the request's origin and its QR code holds that link", async () => {
    const { net } = await network();
    const roundId = await openRound(net);

    const res = await send(app, 'GET', `/api/surveys/${roundId}/share`, { cookie: coordinator });

    expect(res.status).toBe(200);
    endpoints.roundShare.response.parse(res.body);
    const link = `${app.url}/#/surveys/${roundId}`;
    expect(res.body.link).toBe(link);
    expect(res.body.qrSvg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*viewBox="0 0 \d+ \d+"/);
    expect(res.body.qrSvg.trimEnd().endsWith('</svg>')).toBe(true);
    // The code's modules are those of the link, and not of another round's link of the same length.
    const drawn = darkModules(res.body.qrSvg);
    expect(drawn).toEqual(expectedModules(link));
    expect(drawn).not.toEqual(expectedModules(link.replace(roundId, 'survey-zzzzzzzzzz')));
  });

  it('when PUBLIC_URL is set then the link is on it', async () => {
    const { net } = await network();
    const roundId = await openRound(net);

    const res = await send(noMail, 'GET', `/api/surveys/${roundId}/share`, {
      cookie: await signIn(noMail, 'coordinator'),
    });

    expect(res.status).toBe(200);
    expect(res.body.link).toBe(`${PUBLIC_URL}/#/surveys/${roundId}`);
    expect(darkModules(res.body.qrSvg)).toEqual(expectedModules(`${PUBLIC_URL}/#/surveys/${roundId}`));
  });
});

describe('survey mail configuration', () => {
  const base = { NODE_ENV: 'test' };

  it('when SMTP_URL is set without SMTP_FROM, or the other way round, then the start is refused with one sentence', () => {
    expect(() => loadConfig({ ...base, SMTP_URL: 'smtp://u:hemmelig@mail.example.dk:587' })).toThrow(
      new ConfigError(
        'Invalid configuration: SMTP_URL is set, so SMTP_FROM must be set too: the address survey invitations are sent from.',
      ),
    );
    expect(() => loadConfig({ ...base, SMTP_FROM: 'ringe@example.dk' })).toThrow(
      new ConfigError(
        'Invalid configuration: SMTP_FROM is set, so SMTP_URL must be set too: the mail server survey invitations are sent through.',
      ),
    );
  });

  it('when SMTP_URL is no smtp URL then the start is refused without showing its value', () => {
    expect(() => loadConfig({ ...base, SMTP_URL: 'http://u:hemmelig@mail.example.dk', SMTP_FROM: 'a@b.dk' })).toThrow(
      new ConfigError(
        'Invalid configuration: SMTP_URL must be an smtp:// or smtps:// URL, such as smtp://user:password@mail.example.dk:587.',
      ),
    );
  });

  it('when the survey variables are set then they are read; unset, the retention is 365 days and there is no mail', () => {
    const set = loadConfig({
      ...base,
      SMTP_URL: 'smtps://u:p@mail.example.dk:465',
      SMTP_FROM: 'Ringe <ringe@example.dk>',
      SURVEY_RETENTION_DAYS: '90',
    });
    expect([set.SMTP_URL, set.SMTP_FROM, set.SURVEY_RETENTION_DAYS]).toEqual([
      'smtps://u:p@mail.example.dk:465',
      'Ringe <ringe@example.dk>',
      90,
    ]);
    const unset = loadConfig(base);
    expect([unset.SMTP_URL, unset.SMTP_FROM, unset.SURVEY_RETENTION_DAYS]).toEqual([undefined, undefined, 365]);
    expect(() => loadConfig({ ...base, SURVEY_RETENTION_DAYS: '0' })).toThrow(
      'Invalid configuration: SURVEY_RETENTION_DAYS must be between 1 and 3650 days (got "0").',
    );
  });
});
