import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { Attribute, Change, Client, Control, SizeLimitExceededError } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../api/endpoints.js';
import { runSync } from '../server/sync/engine.js';
import type { SnapshotPerson, SourceRead } from '../server/sync/source.js';
import { createLdapSource, guidText, type LdapSourceConfig, LdapSourceError } from '../server/sync/sources/ldap.js';
import { getJson, type RunningApp, startApp, uid } from './helpers.js';
import { type Slapd, startSlapd } from './helpers/slapd.js';
import { freePort } from './net.js';

// The LDAP / Active Directory source against a real OpenLDAP server (Debian's slapd), which these
// tests start and stop themselves (test/helpers/slapd.ts). Each test builds its own small
// directory under a base OU of its own, so the tests do not see each other's people.

let slapd: Slapd;
beforeAll(async () => {
  slapd = await startSlapd({ sizeLimit: 5 });
});
afterAll(async () => {
  await slapd?.stop();
});

const DAY = '2026-12-05';

type Person = {
  cn: string;
  displayName?: string;
  /** The OUs below the test's base OU, top first; [] is the base OU itself. */
  ou: string[];
  department?: string;
  title?: string;
  mail?: string;
  phone?: string;
  /** The cn of the manager, who is in the same directory. */
  manager?: string;
  disabled?: boolean;
  employeeNumber?: string;
  /** No objectGUID (an OpenLDAP entry, known by entryUUID only). */
  noGuid?: boolean;
};

type Directory = {
  /** The test's base OU's DN. */
  base: string;
  top: string;
  dn(cn: string): string;
  /** The objectGUID, as its GUID text, of a person (by cn) or an OU (by name). */
  guid(name: string): string;
  /** OpenLDAP's entryUUID of a person (by cn) or an OU (by name). */
  entryUUID(name: string): Promise<string>;
  /** A work e-mail in this directory's own domain ("@ringe.test" in a Person's mail becomes it), so no two tests' people share one. */
  mail(local: string): string;
};

const ouDn = (path: string[], base: string) =>
  [...path]
    .reverse()
    .map((o) => `ou=${o},`)
    .join('') + base;

/** Text attributes and, as AD stores it, a binary objectGUID. */
function attributesOf(text: Record<string, string | string[]>, guid: Buffer | undefined): Attribute[] {
  const attributes = Object.entries(text).map(
    ([type, v]) => new Attribute({ type, values: Array.isArray(v) ? v : [v] }),
  );
  return guid ? [...attributes, new Attribute({ type: 'objectGUID', values: [guid] })] : attributes;
}

/** Builds a directory under a new base OU with its OU tree (OUs made from the people's paths plus `extraOus`). */
async function makeDirectory(people: Person[], extraOus: string[][] = []): Promise<Directory> {
  const top = uid('Kommune');
  const base = `ou=${top},${slapd.suffix}`;
  const domain = `${top.toLowerCase()}.test`;
  const guids = new Map<string, Buffer>();
  const dns = new Map<string, string>();
  const admin = await slapd.admin();
  try {
    const addOu = async (path: string[]) => {
      const dn = ouDn(path, base);
      if (dns.has(dn)) return;
      const name = path.at(-1) ?? top;
      const guid = randomBytes(16);
      guids.set(name, guid);
      dns.set(dn, dn);
      dns.set(name, dn);
      await admin.add(dn, attributesOf({ objectClass: ['organizationalUnit', 'ringeAdUser'], ou: name }, guid));
    };
    await addOu([]);
    for (const path of [...people.map((p) => p.ou), ...extraOus])
      for (let i = 1; i <= path.length; i++) await addOu(path.slice(0, i));
    for (const p of people) {
      const dn = `cn=${p.cn},${ouDn(p.ou, base)}`;
      dns.set(p.cn, dn);
    }
    for (const p of people) {
      const guid = randomBytes(16);
      if (!p.noGuid) guids.set(p.cn, guid);
      const attributes: Record<string, string | string[]> = {
        objectClass: ['inetOrgPerson', 'ringeAdUser'],
        cn: p.cn,
        sn: p.cn.split(' ').at(-1) ?? p.cn,
        userAccountControl: p.disabled ? '514' : '512',
      };
      if (p.displayName) attributes.displayName = p.displayName;
      if (p.department) attributes.department = p.department;
      if (p.title) attributes.title = p.title;
      if (p.mail) attributes.mail = p.mail.replace(/@ringe\.test$/, `@${domain}`);
      if (p.phone) attributes.telephoneNumber = p.phone;
      if (p.employeeNumber) attributes.employeeNumber = p.employeeNumber;
      if (p.manager) attributes.manager = dns.get(p.manager) ?? p.manager;
      await admin.add(dns.get(p.cn) ?? '', attributesOf(attributes, p.noGuid ? undefined : guid));
    }
  } finally {
    await admin.unbind();
  }
  return {
    base,
    top,
    mail: (local) => `${local}@${domain}`,
    dn: (cn) => dns.get(cn) ?? `(no ${cn})`,
    guid: (name) => {
      const g = guids.get(name);
      if (!g) throw new Error(`no objectGUID for ${name}`);
      return guidText(g);
    },
    entryUUID: (name) => entryUUIDOf(dns.get(name) ?? ''),
  };
}

async function entryUUIDOf(dn: string): Promise<string> {
  const admin = await slapd.admin();
  try {
    const { searchEntries } = await admin.search(dn, { scope: 'base', attributes: ['entryUUID'] });
    return String(searchEntries[0]?.entryUUID);
  } finally {
    await admin.unbind();
  }
}

function config(dir: Directory, extra: Partial<LdapSourceConfig> = {}): LdapSourceConfig {
  return {
    url: slapd.url,
    bindDN: slapd.readerDN,
    password: slapd.readerPassword,
    baseDN: dir.base,
    unitFrom: 'ou',
    timeoutMs: 10_000,
    ...extra,
  };
}

const read = (c: LdapSourceConfig, signal = new AbortController().signal): Promise<SourceRead> =>
  createLdapSource(c).read({ state: null, day: DAY, signal });

/** The error a read throws (failing the test when it does not throw). */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof Error) return e;
    throw e;
  }
  throw new Error('the read did not fail');
}

const BOU = 'Børn og Unge';
const TM = 'Teknik og Miljø';

/** A small municipality: an OU tree of three levels, 13 people, one disabled, managers, bad values. */
const MUNICIPALITY: Person[] = [
  {
    cn: 'Anne Holm',
    ou: [BOU, 'Dagtilbud'],
    department: 'Dagtilbud',
    title: 'Dagtilbudschef',
    mail: 'anne.holm@ringe.test',
    phone: '43 68 60 01',
  },
  {
    cn: 'Bo Lund',
    ou: [BOU, 'Dagtilbud'],
    department: 'Dagtilbud',
    title: 'Pædagog',
    mail: 'bo.lund@ringe.test',
    manager: 'Anne Holm',
  },
  { cn: 'Cecilie Dam', ou: [BOU, 'Dagtilbud'], department: 'Dagtilbud', title: 'Pædagog', disabled: true },
  { cn: 'Dorte Krag', ou: [BOU, 'Skole'], department: 'Skole', title: 'Skolechef', mail: 'dorte.krag@ringe.test' },
  { cn: 'Erik Falk', ou: [BOU, 'Skole'], department: 'Skole', title: '010190-1234', manager: 'Dorte Krag' },
  { cn: 'Frida Berg', ou: [BOU, 'Skole'], department: 'Skole', title: 'Lærer', mail: 'ikke-en-adresse' },
  { cn: 'Gustav Ravn', displayName: 'Gustav A. Ravn', ou: [TM, 'Vej og Park'], department: 'Vej og Park' },
  { cn: 'Hanne Vinter', ou: [TM, 'Vej og Park'], department: 'Vej og Park', title: 'Gartner' },
  { cn: 'Ib Storm', ou: [TM, 'Vej og Park'], department: 'Vej og Park', title: 'Vejmand', phone: '+45 43 68 60 09' },
  { cn: 'Jens Kjær', ou: ['Staben'], department: 'Staben', title: 'Direktør', mail: 'jens.kjaer@ringe.test' },
  { cn: 'Karen Mølgaard', ou: ['Staben'], department: 'Staben', title: 'Jurist', manager: 'Jens Kjær' },
  { cn: 'Lars Nør', ou: ['Staben'], department: 'Staben', title: 'HR-konsulent' },
  { cn: 'Mette Øst', ou: [], title: 'Kommunaldirektør' },
];

describe('the LDAP source against a real OpenLDAP', () => {
  it('when an AD-like directory is read with OUs as units then the snapshot holds the OU tree above the people, their fields, the manager resolved and the disabled account inactive', async () => {
    const dir = await makeDirectory(MUNICIPALITY, [['Tomme']]);
    const g = dir.guid;
    const person = (cn: string, unit: string | null, fields: Partial<Record<string, unknown>> = {}) => ({
      sourceId: g(cn),
      name: cn,
      title: null,
      email: null,
      phone: null,
      unitIds: unit ? [g(unit)] : [],
      managerId: null,
      active: true,
      ...fields,
    });
    const { snapshot, state } = await read(config(dir));
    // The next run reads the changes from the newest change stamp seen, less the overlap.
    expect(JSON.parse(state ?? 'null')).toEqual({
      v: 1,
      key: expect.stringMatching(/^[0-9a-f]{32}$/),
      stamp: expect.stringMatching(/^\d{14}\.0Z$/),
      fullAt: expect.any(String),
    });
    const bySourceId = (a: { sourceId: string }, b: { sourceId: string }) => (a.sourceId < b.sourceId ? -1 : 1);
    expect(snapshot).toEqual({
      complete: true,
      // The OU without people ('Tomme') is no unit; the base OU is the root.
      units: [
        { sourceId: g(dir.top), name: dir.top, parentId: null },
        { sourceId: g(BOU), name: BOU, parentId: g(dir.top) },
        { sourceId: g('Dagtilbud'), name: 'Dagtilbud', parentId: g(BOU) },
        { sourceId: g('Skole'), name: 'Skole', parentId: g(BOU) },
        { sourceId: g(TM), name: TM, parentId: g(dir.top) },
        { sourceId: g('Vej og Park'), name: 'Vej og Park', parentId: g(TM) },
        { sourceId: g('Staben'), name: 'Staben', parentId: g(dir.top) },
      ].sort(bySourceId),
      people: [
        person('Anne Holm', 'Dagtilbud', {
          title: 'Dagtilbudschef',
          email: dir.mail('anne.holm'),
          phone: '43 68 60 01',
        }),
        person('Bo Lund', 'Dagtilbud', { title: 'Pædagog', email: dir.mail('bo.lund'), managerId: g('Anne Holm') }),
        person('Cecilie Dam', 'Dagtilbud', { title: 'Pædagog', active: false }),
        person('Dorte Krag', 'Skole', { title: 'Skolechef', email: dir.mail('dorte.krag') }),
        // The adapter only maps; the engine refuses a CPR-like value and a malformed e-mail.
        person('Erik Falk', 'Skole', { title: '010190-1234', managerId: g('Dorte Krag') }),
        person('Frida Berg', 'Skole', { title: 'Lærer', email: 'ikke-en-adresse' }),
        person('Gustav Ravn', 'Vej og Park', { name: 'Gustav A. Ravn' }),
        person('Hanne Vinter', 'Vej og Park', { title: 'Gartner' }),
        person('Ib Storm', 'Vej og Park', { title: 'Vejmand', phone: '+45 43 68 60 09' }),
        person('Jens Kjær', 'Staben', { title: 'Direktør', email: dir.mail('jens.kjaer') }),
        person('Karen Mølgaard', 'Staben', { title: 'Jurist', managerId: g('Jens Kjær') }),
        person('Lars Nør', 'Staben', { title: 'HR-konsulent' }),
        person('Mette Øst', dir.top, { title: 'Kommunaldirektør' }),
      ].sort(bySourceId),
      refused: [],
    });
  });

  it('when units come from department and ids from entryUUID then each department text is a root unit and each person is known by their entryUUID', async () => {
    const people: Person[] = [
      { cn: 'Anne Holm', ou: ['Afdeling A'], department: 'Dagtilbud', manager: 'Bo Lund', noGuid: true },
      { cn: 'Bo Lund', ou: ['Afdeling A'], department: 'Dagtilbud  ', noGuid: true },
      { cn: 'Cecilie Dam', ou: ['Afdeling B'], department: 'Vej og Park', disabled: true, noGuid: true },
      { cn: 'Dorte Krag', ou: [], noGuid: true },
    ];
    const dir = await makeDirectory(people);
    const uuid = Object.fromEntries(await Promise.all(people.map(async (p) => [p.cn, await dir.entryUUID(p.cn)])));
    const { snapshot } = await read(config(dir, { unitFrom: 'department', idAttribute: 'entryUUID' }));
    const blank = { title: null, email: null, phone: null, managerId: null, active: true };
    expect(snapshot).toEqual({
      complete: true,
      units: [
        { sourceId: 'Dagtilbud', name: 'Dagtilbud', parentId: null },
        { sourceId: 'Vej og Park', name: 'Vej og Park', parentId: null },
      ],
      people: [
        {
          ...blank,
          sourceId: uuid['Anne Holm'],
          name: 'Anne Holm',
          unitIds: ['Dagtilbud'],
          managerId: uuid['Bo Lund'],
        },
        { ...blank, sourceId: uuid['Bo Lund'], name: 'Bo Lund', unitIds: ['Dagtilbud'] },
        { ...blank, sourceId: uuid['Cecilie Dam'], name: 'Cecilie Dam', unitIds: ['Vej og Park'], active: false },
        { ...blank, sourceId: uuid['Dorte Krag'], name: 'Dorte Krag', unitIds: [] },
      ].sort((a, b) => (a.sourceId < b.sourceId ? -1 : 1)),
      refused: [],
    });
  });

  it('when no id attribute is set then objectGUID is taken where there is one and entryUUID elsewhere', async () => {
    const dir = await makeDirectory([
      { cn: 'Anne Holm', ou: [] },
      { cn: 'Bo Lund', ou: [], noGuid: true },
    ]);
    const { snapshot } = await read(config(dir));
    expect(snapshot.people.map((p) => [p.name, p.sourceId]).sort()).toEqual(
      [
        ['Anne Holm', dir.guid('Anne Holm')],
        ['Bo Lund', await dir.entryUUID('Bo Lund')],
      ].sort(),
    );
  });

  it('when an entry lacks the id attribute or any name then it is refused with the reason and the others are read', async () => {
    const dir = await makeDirectory([
      { cn: 'Anne Holm', ou: [], employeeNumber: '1001' },
      { cn: 'Bo Lund', ou: [] },
    ]);
    // An entry the filter selects that has neither cn nor displayName: an account without a person's name.
    const admin = await slapd.admin();
    await admin.add(`uid=printer,${dir.base}`, {
      objectClass: ['account', 'ringeAdUser'],
      uid: 'printer',
      userAccountControl: '512',
    });
    await admin.unbind();
    const { snapshot } = await read(
      config(dir, {
        filter: '(&(objectClass=ringeAdUser)(!(objectClass=organizationalUnit)))',
        unitFrom: 'department',
      }),
    );
    expect(snapshot.refused).toEqual([
      {
        record: `uid=printer,${dir.base}`,
        reason: 'missingName',
        field: 'displayName',
        sourceId: await entryUUIDOf(`uid=printer,${dir.base}`),
      },
    ]);
    expect(snapshot.people.map((p) => p.name).sort()).toEqual(['Anne Holm', 'Bo Lund']);
    const byNumber = await read(config(dir, { idAttribute: 'employeeNumber', unitFrom: 'department' }));
    expect(byNumber.snapshot).toEqual({
      complete: true,
      units: [],
      people: [
        {
          sourceId: '1001',
          name: 'Anne Holm',
          title: null,
          email: null,
          phone: null,
          unitIds: [],
          managerId: null,
          active: true,
        },
      ],
      refused: [{ record: dir.dn('Bo Lund'), reason: 'missingId', field: 'employeeNumber' }],
    });
  });

  it('when the directory holds more people than the server answers at once then a plain search is cut off but the paged read gets every one', async () => {
    const many: Person[] = Array.from({ length: 17 }, (_, i) => ({ cn: `Person ${i}`, ou: [`Team ${i % 3}`] }));
    const dir = await makeDirectory(many);
    const reader = new Client({ url: slapd.url });
    await reader.bind(slapd.readerDN, slapd.readerPassword);
    await expect(reader.search(dir.base, { filter: '(objectClass=inetOrgPerson)' })).rejects.toBeInstanceOf(
      SizeLimitExceededError,
    );
    await reader.unbind();
    expect(slapd.sizeLimit).toBeLessThan(many.length);
    for (const pageSize of [2, 5, 100]) {
      const { snapshot } = await read(config(dir, { pageSize }));
      expect(snapshot.people.map((p) => p.name).sort()).toEqual(many.map((p) => p.cn).sort());
      expect(snapshot.units.map((u) => u.name).sort()).toEqual([dir.top, 'Team 0', 'Team 1', 'Team 2']);
    }
  });

  it('when the password is wrong then the read fails saying so, without the bind DN or the password', async () => {
    const dir = await makeDirectory([{ cn: 'Anne Holm', ou: [] }]);
    const password = `wrong-${randomBytes(6).toString('hex')}`;
    const e = await failure(read(config(dir, { password })));
    expect(e).toBeInstanceOf(LdapSourceError);
    expect(e.message).toBe(`LDAP ${slapd.url} refused the bind: the service account's DN or password is wrong.`);
    expect(e).toMatchObject({ code: 'auth' });
    expect(`${e.message} ${e.stack}`).not.toContain(password);
    expect(e.message).not.toContain(slapd.readerDN);
  });

  it('when the base DN does not exist then the read fails naming it', async () => {
    const dir = await makeDirectory([{ cn: 'Anne Holm', ou: [] }]);
    const baseDN = `ou=Findes-ikke,${dir.base}`;
    const e = await failure(read(config(dir, { baseDN })));
    expect([e.message, (e as LdapSourceError).code]).toEqual([
      `LDAP ${slapd.url} has no entry ${baseDN} (the base DN).`,
      'config',
    ]);
  });

  it('when nothing listens at the address then the read fails saying the server cannot be reached', async () => {
    const url = `ldap://127.0.0.1:${await freePort()}`;
    const e = await failure(read({ url, bindDN: 'cn=x', password: 'hemmelig', baseDN: 'dc=x', unitFrom: 'ou' }));
    expect(e).toBeInstanceOf(LdapSourceError);
    expect([e.message, (e as LdapSourceError).code]).toEqual([
      `LDAP ${url} cannot be reached (ECONNREFUSED).`,
      'unreachable',
    ]);
    expect(`${e.message} ${e.stack}`).not.toContain('hemmelig');
  });

  it('when the filter is not an LDAP filter then the source is not made', () => {
    expect(() =>
      createLdapSource({
        url: slapd.url,
        bindDN: 'cn=x',
        password: 'p',
        baseDN: 'dc=x',
        unitFrom: 'ou',
        filter: '(cn=a',
      }),
    ).toThrow(/The LDAP filter \(cn=a is not an LDAP filter/);
  });
});

describe('the LDAP source when the server does not answer', () => {
  // A peer that accepts connections and never says a word: a hung directory or a dropping firewall.
  let silent: Server;
  let url: string;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    const port = await freePort();
    silent = createServer((s) => {
      sockets.add(s);
      // Reads (and ignores) what it is sent, so it sees the client hang up.
      s.resume();
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => silent.listen(port, '127.0.0.1', () => r()));
    url = `ldap://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  });
  const silentConfig = (): LdapSourceConfig => ({
    url,
    bindDN: 'cn=ringe-reader,dc=x',
    password: 'hemmelig-adgangskode',
    baseDN: 'dc=x',
    unitFrom: 'ou',
  });

  it('when the server keeps silent past the timeout then the read fails soon after it and drops the connection', async () => {
    const started = Date.now();
    const e = await failure(read({ ...silentConfig(), timeoutMs: 600 }));
    expect(e.message).toBe(`LDAP ${url}: no complete answer within 1 s.`);
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect.poll(() => sockets.size).toBe(0);
  });

  it('when the run is aborted while the server keeps silent then the read stops at once', async () => {
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 300);
    const e = await failure(read({ ...silentConfig(), timeoutMs: 60_000 }, abort.signal));
    expect(e.message).toBe(`LDAP ${url}: the read was stopped before it was complete.`);
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect.poll(() => sockets.size).toBe(0);
    const already = new AbortController();
    already.abort();
    await expect(read(silentConfig(), already.signal)).rejects.toThrow();
  });
});

describe('the LDAP source over LDAPS', () => {
  let secure: Slapd;
  beforeAll(async () => {
    secure = await startSlapd({ tls: true });
    const admin = await secure.admin();
    await admin.add(`ou=Kommune,${secure.suffix}`, { objectClass: 'organizationalUnit', ou: 'Kommune' });
    await admin.add(`cn=Anne Holm,ou=Kommune,${secure.suffix}`, {
      objectClass: 'inetOrgPerson',
      cn: 'Anne Holm',
      sn: 'Holm',
    });
    await admin.unbind();
  });
  afterAll(async () => {
    await secure?.stop();
  });
  const secureConfig = (): LdapSourceConfig => ({
    url: secure.ldapsUrl ?? '',
    bindDN: secure.readerDN,
    password: secure.readerPassword,
    baseDN: `ou=Kommune,${secure.suffix}`,
    unitFrom: 'ou',
  });

  it("when the directory's certificate is given as trusted then the read goes over TLS", async () => {
    const { snapshot } = await read({ ...secureConfig(), tlsOptions: { ca: [secure.certificate ?? ''] } });
    expect(snapshot.people.map((p) => p.name)).toEqual(['Anne Holm']);
    expect(snapshot.units.map((u) => u.name)).toEqual(['Kommune']);
  });

  it("when the directory's certificate is not trusted then the read fails saying so", async () => {
    const e = await failure(read(secureConfig()));
    expect(e.message).toBe(
      `LDAP ${secure.ldapsUrl} showed a certificate that is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); give the directory's CA certificate.`,
    );
  });
});

describe("AD's objectGUID", () => {
  it('when the bytes are those AD stores then the text is the GUID its tools show (first three groups little-endian)', () => {
    expect(guidText(Buffer.from('ba284e1ba12fd211883f0016d3cca427', 'hex'))).toBe(
      '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
    );
  });
});

/** Replaces attributes of an entry as the rootDN; `stamp` sets its modifyTimestamp too (RFC 3672's Relax Rules control, as a late or replicated change would carry an older one). */
async function modify(dn: string, values: Record<string, string[]>, stamp?: string): Promise<void> {
  const admin = await slapd.admin();
  try {
    const changes = Object.entries({ ...values, ...(stamp ? { modifyTimestamp: [stamp] } : {}) }).map(
      ([type, v]) => new Change({ operation: 'replace', modification: new Attribute({ type, values: v }) }),
    );
    await admin.modify(dn, changes, stamp ? new Control('1.3.6.1.4.1.4203.666.5.12', { critical: true }) : undefined);
  } finally {
    await admin.unbind();
  }
}

async function modifyTimestampOf(dn: string): Promise<string> {
  const admin = await slapd.admin();
  try {
    const { searchEntries } = await admin.search(dn, { scope: 'base', attributes: ['modifyTimestamp'] });
    return String(searchEntries[0]?.modifyTimestamp);
  } finally {
    await admin.unbind();
  }
}

/** GeneralizedTime `seconds` before another. */
function secondsBefore(stamp: string, seconds: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(stamp);
  if (!m) throw new Error(`not a GeneralizedTime: ${stamp}`);
  const [, y, mo, d, h, mi, sec] = m.map(Number) as number[];
  const t = new Date(Date.UTC(y!, mo! - 1, d, h, mi, sec) - seconds * 1000);
  return `${t.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/** Stamps have whole seconds: waiting past one makes the next change's stamp newer than every earlier one. */
const nextSecond = () => new Promise((r) => setTimeout(r, 1_100));

const readFrom = (c: LdapSourceConfig, state: string | null): Promise<SourceRead> =>
  createLdapSource(c).read({ state, day: DAY, signal: new AbortController().signal });

describe("the LDAP source's incremental reads", () => {
  it('when an entry changes after a read then the next read gives the entries changed since the newest change seen, every unit, and everyone there as present', async () => {
    const dir = await makeDirectory(MUNICIPALITY.slice(0, 6));
    await nextSecond();
    // Anne's change is the newest the first read sees: with no overlap the next read starts at it.
    await modify(dir.dn('Anne Holm'), { title: ['Dagtilbudsleder'] });
    const c = config(dir, { overlapMs: 0 });
    const first = await readFrom(c, null);
    expect(first.snapshot.complete).toBe(true);
    await modify(dir.dn('Erik Falk'), { telephoneNumber: ['43 68 60 05'] });
    const second = await readFrom(c, first.state);
    const g = dir.guid;
    const changed = (p: SnapshotPerson) => (p.sourceId === g('Erik Falk') ? { ...p, phone: '43 68 60 05' } : p);
    expect(second.snapshot).toEqual({
      complete: false,
      units: first.snapshot.units,
      // Erik's manager (Dorte, unchanged) is resolved by the listing of everyone.
      people: first.snapshot.people.filter((p) => [g('Anne Holm'), g('Erik Falk')].includes(p.sourceId)).map(changed),
      present: MUNICIPALITY.slice(0, 6)
        .map((p) => g(p.cn))
        .sort(),
      refused: [],
    });
    expect(second.snapshot.people.find((p) => p.sourceId === g('Erik Falk'))?.managerId).toBe(g('Dorte Krag'));
  });

  it('when a change carries a stamp older than the newest one seen (written late, or on another DC) then the overlap still reads it, where no overlap would miss it', async () => {
    const dir = await makeDirectory(MUNICIPALITY.slice(0, 4));
    await nextSecond();
    await modify(dir.dn('Anne Holm'), { title: ['Dagtilbudsleder'] });
    const newest = await modifyTimestampOf(dir.dn('Anne Holm'));
    const withOverlap = config(dir, { overlapMs: 60_000 });
    const withoutOverlap = config(dir, { overlapMs: 0 });
    const [a, b] = [await readFrom(withOverlap, null), await readFrom(withoutOverlap, null)];
    await modify(dir.dn('Bo Lund'), { title: ['Souschef'] }, secondsBefore(newest, 30));
    const names = (r: SourceRead) => r.snapshot.people.map((p) => [p.name, p.title]).sort();
    const overlapped = await readFrom(withOverlap, a.state);
    expect(overlapped.snapshot.complete).toBe(false);
    expect(names(overlapped)).toContainEqual(['Bo Lund', 'Souschef']);
    const missed = await readFrom(withoutOverlap, b.state);
    expect([missed.snapshot.complete, names(missed)]).toEqual([false, [['Anne Holm', 'Dagtilbudsleder']]]);
  });

  it('when the state is unreadable, or was made with another filter, or the last full read is too old then everything is read', async () => {
    const dir = await makeDirectory(MUNICIPALITY.slice(0, 3));
    const c = config(dir);
    const { state } = await readFrom(c, null);
    expect((await readFrom(c, state)).snapshot.complete).toBe(false);
    const otherFilter = { ...c, filter: '(objectClass=person)' };
    for (const [cfg, s] of [
      [c, 'ikke json'],
      [c, JSON.stringify({ v: 1, key: 'x', stamp: '20260101000000.0Z', fullAt: new Date().toISOString() })],
      [otherFilter, state],
      [{ ...c, fullReadEveryMs: 0 }, state],
    ] as const)
      expect((await readFrom(cfg, s)).snapshot.complete).toBe(true);
  });
});

// A first sync and the first search and who-to-contact queries on a cold test database take seconds each.
describe('the LDAP source through the sync engine', { timeout: 120_000 }, () => {
  // Each test syncs in a scope of its own (runSync's `scope`), so a complete snapshot of its directory
  // ends none of another test's people. The days are in the past: search leaves out who left by today.
  const D1 = '2026-01-05';
  const D2 = '2026-01-12';
  const D3 = '2026-01-19';
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  const sync = (dir: Directory, scope: string, day: string, extra: Partial<LdapSourceConfig> = {}) =>
    runSync(app.db, createLdapSource(config(dir, extra)), {
      dryRun: false,
      startedBy: 'test',
      day,
      scope,
      maxLeaverShare: 0.5,
    });
  const zero = {
    joiners: 0,
    returners: 0,
    movers: 0,
    leavers: 0,
    contactChanged: 0,
    unitsNew: 0,
    unitsRenamed: 0,
    unitsMoved: 0,
    unitsGone: 0,
    unchanged: 0,
    refused: 0,
    peopleBefore: 0,
  };
  /** The Ringe id of a synced person or unit. */
  async function idOf(scope: string, kind: 'person' | 'unit', sourceId: string): Promise<string> {
    const [row] = await app.db.read('MATCH (:SyncRecord {key: $key})-[:RECORD_OF]->(n) RETURN n.id AS id', {
      key: `ldap@${scope}|${kind}|${sourceId}`,
    });
    if (typeof row?.id !== 'string') throw new Error(`${sourceId} was not synced`);
    return row.id;
  }
  /** A person's name, title, e-mail, leftOn, open units (by name) and manager (by name). */
  async function personOf(id: string) {
    const [row] = await app.db.read(
      `MATCH (p:Person {id: $id})
       RETURN p.name AS name, p.title AS title, p.email AS email, p.leftOn AS leftOn,
         [(p)-[m:MEMBER_OF]->(u) WHERE m.until IS NULL | u.name] AS units,
         [(p)-[:REPORTS_TO]->(b) | b.name] AS managers`,
      { id },
    );
    return row;
  }
  const unitTree = (scope: string) =>
    app.db.read(
      `MATCH (r:SyncRecord {source: $ns, kind: 'unit'})-[:RECORD_OF]->(u:Unit)
       OPTIONAL MATCH (u)-[:PART_OF]->(parent:Unit)
       RETURN u.name AS name, parent.name AS parent ORDER BY name`,
      { ns: `ldap@${scope}` },
    );

  it('when the directory is synced then its OUs become the unit tree and its people joiners with their manager, bad records refused one by one; synced again nothing changes', async () => {
    const scope = uid('ldap');
    const dir = await makeDirectory(MUNICIPALITY);
    const first = await sync(dir, scope, D1);
    expect(first).toMatchObject({ source: 'ldap', status: 'applied', error: null });
    // 13 people: the disabled account is no joiner, the CPR-like title and the bad e-mail are refused.
    expect(first.plan?.counts).toEqual({ ...zero, joiners: 10, unitsNew: 7, unchanged: 1, refused: 2 });
    expect(first.plan?.refusals.map((r) => [r.reason, r.field]).sort()).toEqual([
      ['cpr', 'title'],
      ['email', 'email'],
    ]);
    expect(await unitTree(scope)).toEqual([
      { name: BOU, parent: dir.top },
      { name: 'Dagtilbud', parent: BOU },
      { name: dir.top, parent: null },
      { name: 'Skole', parent: BOU },
      { name: 'Staben', parent: dir.top },
      { name: TM, parent: dir.top },
      { name: 'Vej og Park', parent: TM },
    ]);
    expect(await personOf(await idOf(scope, 'person', dir.guid('Bo Lund')))).toEqual({
      name: 'Bo Lund',
      title: 'Pædagog',
      email: dir.mail('bo.lund'),
      leftOn: null,
      units: ['Dagtilbud'],
      managers: ['Anne Holm'],
    });

    const again = await sync(dir, scope, D2);
    expect(again.status).toBe('applied');
    expect(again.plan?.counts).toEqual({ ...zero, unchanged: 11, refused: 2, peopleBefore: 10 });
  });

  it('when a person is moved to another OU and an OU is renamed in the directory then the next sync moves the person and renames the unit, which keeps its id', async () => {
    const scope = uid('ldap');
    const dir = await makeDirectory(MUNICIPALITY);
    await sync(dir, scope, D1);
    const bo = await idOf(scope, 'person', dir.guid('Bo Lund'));
    const vejOgPark = await idOf(scope, 'unit', dir.guid('Vej og Park'));
    const admin = await slapd.admin();
    try {
      await admin.modifyDN(dir.dn('Bo Lund'), `cn=Bo Lund,${ouDn([BOU, 'Skole'], dir.base)}`);
      // A comma in the new name: the DN escapes it, the unit's name has it plain.
      await admin.modifyDN(ouDn([TM, 'Vej og Park'], dir.base), `ou=Vej\\, Park og Natur,${ouDn([TM], dir.base)}`);
    } finally {
      await admin.unbind();
    }
    const second = await sync(dir, scope, D2);
    expect(second.plan?.counts).toEqual({
      ...zero,
      movers: 1,
      unitsRenamed: 1,
      unchanged: 10,
      refused: 2,
      peopleBefore: 10,
    });
    expect(second.plan?.samples.unitsRenamed).toEqual([
      {
        sourceId: dir.guid('Vej og Park'),
        id: vejOgPark,
        name: 'Vej, Park og Natur',
        changes: { name: ['Vej og Park', 'Vej, Park og Natur'] },
      },
    ]);
    expect(await personOf(bo)).toMatchObject({ units: ['Skole'], managers: ['Anne Holm'] });
    expect(await idOf(scope, 'unit', dir.guid('Vej og Park'))).toBe(vejOgPark);
    expect((await unitTree(scope)).filter((u) => u.parent === TM)).toEqual([
      { name: 'Vej, Park og Natur', parent: TM },
    ]);
  });

  it("when units come from department and a person's department changes then the next sync moves them to that unit", async () => {
    const scope = uid('ldap');
    const dir = await makeDirectory([
      { cn: 'Anne Holm', ou: [], department: 'Dagtilbud' },
      { cn: 'Bo Lund', ou: [], department: 'Dagtilbud' },
      { cn: 'Cecilie Dam', ou: [], department: 'Skole' },
    ]);
    const departments = { unitFrom: 'department' } as const;
    await sync(dir, scope, D1, departments);
    const admin = await slapd.admin();
    await admin.modify(
      dir.dn('Bo Lund'),
      new Change({ operation: 'replace', modification: new Attribute({ type: 'department', values: ['Skole'] }) }),
    );
    await admin.unbind();
    const second = await sync(dir, scope, D2, departments);
    expect(second.plan?.counts).toEqual({ ...zero, movers: 1, unchanged: 2, peopleBefore: 3 });
    expect(await personOf(await idOf(scope, 'person', dir.guid('Bo Lund')))).toMatchObject({ units: ['Skole'] });
  });

  it('when an account is disabled, and another deleted, then each sync ends that person, and search and who-to-contact no longer offer them', async () => {
    const scope = uid('ldap');
    // The names carry one word (for search), the titles another (for who-to-contact, which matches names too).
    const word = uid('emne').replace('-', '');
    const tag = uid('navn').replace('-', '');
    const name = (first: string) => `${first} ${tag}`;
    const dir = await makeDirectory([
      { cn: name('Anne'), ou: ['Team'], title: `Koordinator for ${word}` },
      { cn: name('Bo'), ou: ['Team'], title: `Koordinator for ${word}` },
      { cn: name('Cecilie'), ou: ['Team'], title: `Koordinator for ${word}` },
      { cn: name('Dorte'), ou: ['Team'] },
    ]);
    await sync(dir, scope, D1);
    const anne = await idOf(scope, 'person', dir.guid(name('Anne')));
    const bo = await idOf(scope, 'person', dir.guid(name('Bo')));
    const cecilie = await idOf(scope, 'person', dir.guid(name('Cecilie')));
    const searched = async () =>
      (
        await getJson(app, `/api/search?${new URLSearchParams({ q: tag, kinds: 'Person' })}`, endpoints.search)
      ).body.hits
        .map((h: { id: string }) => h.id)
        .sort();
    const contacts = async () =>
      (await getJson(app, `/api/contacts?${new URLSearchParams({ topic: word })}`, endpoints.contacts)).body.contacts
        .map((c: { person: { id: string } }) => c.person.id)
        .sort();
    const dorte = await idOf(scope, 'person', dir.guid(name('Dorte')));
    await expect.poll(searched).toEqual([anne, bo, cecilie, dorte].sort());
    expect(await contacts()).toEqual([anne, bo, cecilie].sort());

    const admin = await slapd.admin();
    await admin.modify(
      dir.dn(name('Anne')),
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'userAccountControl', values: ['514'] }),
      }),
    );
    const disabled = await sync(dir, scope, D2);
    expect(disabled.plan?.counts).toEqual({ ...zero, leavers: 1, unchanged: 3, peopleBefore: 4 });
    expect(await personOf(anne)).toMatchObject({ leftOn: D2, units: [] });
    await expect.poll(searched).toEqual([bo, cecilie, dorte].sort());
    expect(await contacts()).toEqual([bo, cecilie].sort());

    await admin.del(dir.dn(name('Bo')));
    await admin.unbind();
    const deleted = await sync(dir, scope, D3);
    expect(deleted.plan?.counts).toEqual({ ...zero, leavers: 1, unchanged: 3, peopleBefore: 3 });
    expect(await personOf(bo)).toMatchObject({ leftOn: D3, units: [] });
    await expect.poll(searched).toEqual([cecilie, dorte].sort());
    expect(await contacts()).toEqual([cecilie]);
  });

  it('when a joiner, a mover by modifyDN, a leaver by disable, one by delete, a contact change, a manager change and an OU rename are synced incrementally then the graph is the one a full read makes; synced again, nothing is written', async () => {
    // Two copies of one directory, changed alike: one synced by incremental reads (no overlap, so
    // only the changes are read), the other by full reads only.
    const [incDir, fullDir] = [await makeDirectory(MUNICIPALITY), await makeDirectory(MUNICIPALITY)];
    await nextSecond();
    const runs = [
      { dir: incDir, scope: uid('ldap'), extra: { overlapMs: 0 } },
      { dir: fullDir, scope: uid('ldap'), extra: { fullReadEveryMs: 0 } },
    ];
    for (const { dir, scope, extra } of runs) {
      // The newest change before the first run: the incremental reads start from it.
      await modify(dir.dn('Mette Øst'), { description: ['Kommunaldirektør siden 2020'] });
      expect((await sync(dir, scope, D1, extra)).plan?.complete).toBe(true);
    }
    await nextSecond();
    const admin = await slapd.admin();
    try {
      for (const { dir } of runs) {
        await admin.add(
          `cn=Nina Dahl,${ouDn([BOU, 'Skole'], dir.base)}`,
          attributesOf(
            {
              objectClass: ['inetOrgPerson', 'ringeAdUser'],
              cn: 'Nina Dahl',
              sn: 'Dahl',
              title: 'Lærer',
              manager: dir.dn('Dorte Krag'),
              userAccountControl: '512',
            },
            randomBytes(16),
          ),
        );
        await admin.modifyDN(dir.dn('Bo Lund'), `cn=Bo Lund,${ouDn([BOU, 'Skole'], dir.base)}`);
        await modify(dir.dn('Hanne Vinter'), { userAccountControl: ['514'] });
        await admin.del(dir.dn('Ib Storm'));
        await modify(dir.dn('Lars Nør'), { title: ['HR-chef'], telephoneNumber: ['43 68 60 12'] });
        await modify(dir.dn('Karen Mølgaard'), { manager: [dir.dn('Dorte Krag')] });
        await admin.modifyDN(ouDn(['Staben'], dir.base), `ou=Stab og Ledelse,${dir.base}`);
      }
    } finally {
      await admin.unbind();
    }
    const [inc, full] = [
      await sync(incDir, runs[0]!.scope, D2, runs[0]!.extra),
      await sync(fullDir, runs[1]!.scope, D2, runs[1]!.extra),
    ];
    expect([inc.status, inc.plan?.complete, full.plan?.complete]).toEqual(['applied', false, true]);
    const changes = { joiners: 1, movers: 1, leavers: 2, contactChanged: 2, unitsRenamed: 1 };
    expect(full.plan?.counts).toEqual({ ...zero, ...changes, unchanged: 6, refused: 2, peopleBefore: 10 });
    // The incremental run reads only Mette (the newest change before it) and the changed entries.
    expect(inc.plan?.counts).toEqual({ ...zero, ...changes, unchanged: 1, peopleBefore: 10 });

    /** The scope's graph in the directory's own words: people, their units and managers; the units' tree. */
    const graph = async ({ dir, scope }: (typeof runs)[number]) => {
      const top = (name: unknown) => (name === dir.top ? 'TOP' : name);
      const people = await app.db.read(
        `MATCH (:SyncRecord {source: $ns, kind: 'person'})-[:RECORD_OF]->(p:Person)
         RETURN p.name AS name, p.title AS title, p.email AS email, p.phone AS phone, p.leftOn AS leftOn,
           [(p)-[m:MEMBER_OF]->(u) WHERE m.until IS NULL | u.name] AS units,
           [(p)-[:REPORTS_TO]->(b) | b.name] AS managers
         ORDER BY name`,
        { ns: `ldap@${scope}` },
      );
      return {
        people: people.map((p) => ({
          name: String(p.name),
          title: p.title,
          // The two directories' domains differ.
          email: String(p.email).split('@')[0],
          phone: p.phone,
          leftOn: p.leftOn,
          units: (p.units as string[]).map(top).sort(),
          managers: p.managers,
        })),
        units: (await unitTree(scope)).map((u) => ({ name: top(u.name), parent: top(u.parent) })),
      };
    };
    const [incGraph, fullGraph] = [await graph(runs[0]!), await graph(runs[1]!)];
    expect(incGraph).toEqual(fullGraph);
    expect(incGraph.people.filter((p) => ['Bo Lund', 'Karen Mølgaard', 'Nina Dahl'].includes(p.name))).toEqual([
      {
        name: 'Bo Lund',
        title: 'Pædagog',
        email: 'bo.lund',
        phone: null,
        leftOn: null,
        units: ['Skole'],
        managers: ['Anne Holm'],
      },
      {
        name: 'Karen Mølgaard',
        title: 'Jurist',
        email: 'null',
        phone: null,
        leftOn: null,
        units: ['Stab og Ledelse'],
        managers: ['Dorte Krag'],
      },
      {
        name: 'Nina Dahl',
        title: 'Lærer',
        email: 'null',
        phone: null,
        leftOn: null,
        units: ['Skole'],
        managers: ['Dorte Krag'],
      },
    ]);

    const again = await sync(incDir, runs[0]!.scope, D3, runs[0]!.extra);
    expect([again.status, again.plan?.complete]).toEqual(['applied', false]);
    // Only the entries of the newest change's second are read again; none is written.
    expect({ ...again.plan?.counts, unchanged: 0 }).toEqual({ ...zero, peopleBefore: 9 });
    expect(await graph(runs[0]!)).toEqual(incGraph);
  });

  it('when a wrong filter makes the directory answer no one then the run is refused and no one is ended', async () => {
    const scope = uid('ldap');
    const dir = await makeDirectory(MUNICIPALITY.slice(0, 4));
    await sync(dir, scope, D1);
    const wrong = await runSync(app.db, createLdapSource(config(dir, { filter: '(objectClass=ingenting)' })), {
      dryRun: false,
      startedBy: 'test',
      day: D2,
      scope,
    });
    expect(wrong.status).toBe('refused');
    // Four people, one of them disabled (ended already, as far as Ringe knows: never joined).
    expect(wrong.plan?.counts).toEqual({ ...zero, leavers: 3, unitsGone: 4, peopleBefore: 3 });
    expect((await personOf(await idOf(scope, 'person', dir.guid('Anne Holm'))))?.leftOn).toBeNull();
  });

  it('when the directory refuses the bind then the run failed, nothing changed, and its error holds no secret', async () => {
    const scope = uid('ldap');
    const dir = await makeDirectory(MUNICIPALITY.slice(0, 2));
    await sync(dir, scope, D1);
    const failed = await sync(dir, scope, D2, { password: 'forkert-adgangskode' });
    expect(failed.status).toBe('failed');
    expect(failed.plan).toBeNull();
    expect(failed.error?.code).toBe('auth');
    expect(failed.error?.detail).toContain("the service account's DN or password is wrong");
    expect(failed.error?.detail).not.toContain('forkert-adgangskode');
    expect(failed.error?.detail).not.toContain(slapd.readerDN);
  });
});
