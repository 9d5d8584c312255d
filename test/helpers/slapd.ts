import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Client } from 'ldapts';
import { freePort } from '../net.js';

/**
 * A real OpenLDAP server (Debian's slapd) for the LDAP source's tests, started and stopped by the tests
 * themselves as test/global-setup.ts does with Neo4j: a process of the current user on 127.0.0.1 at a
 * free port, its cn=config and its mdb database in a temp directory that stop() removes. Never the
 * system's slapd service.
 *
 * The directory looks like Active Directory where the adapter cares: a tiny auxiliary object class
 * 'ringeAdUser' carries AD's department, userAccountControl and objectGUID (with AD's OIDs), which
 * OpenLDAP's standard schemas lack (msuser.schema has them, but without matching rules and with
 * AD's mandatory system attributes). The adapter binds as a read-only service account, not the
 * rootDN, because slapd's size limit does not apply to the rootDN, and the small size limit is what
 * proves the paged search reads past it.
 */
export type Slapd = {
  url: string;
  suffix: string;
  /** The rootDN, for filling the directory. */
  adminDN: string;
  adminPassword: string;
  /** A read-only service account, as a municipality would give Ringe. */
  readerDN: string;
  readerPassword: string;
  /** The server's size limit for everyone but the rootDN (paged searches may read past it). */
  sizeLimit: number;
  /** With `tls`: the LDAPS address, and the self-signed certificate a client must trust for it (PEM). */
  ldapsUrl?: string;
  certificate?: string;
  /** A client bound as the rootDN; the caller unbinds it. */
  admin(): Promise<Client>;
  stop(): Promise<void>;
};

/** An OID under 2.25 (minted from a random UUID, RFC 4122's arc), for the test schema's own class. */
const RINGE_AD_USER_OID = '2.25.310711804813174270267930475366921450182';

const SCHEMA_DIRS = ['/etc/ldap/schema', '/etc/openldap/schema', '/usr/local/etc/openldap/schema'];
const MODULE_DIRS = ['/usr/lib/ldap', '/usr/lib64/openldap', '/usr/lib/openldap', '/usr/local/libexec/openldap'];

function findProgram(name: string): string | undefined {
  // slapd lives in sbin, which a non-root user's PATH often lacks.
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {}
  }
  return undefined;
}

/** RFC 2307's {SSHA}: the reader's password is stored hashed, as a real directory keeps it. */
function ssha(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

function configLdif(
  dir: string,
  suffix: string,
  adminDN: string,
  adminPassword: string,
  sizeLimit: number,
  tls: boolean,
): string {
  const schemaDir = SCHEMA_DIRS.find((d) => existsSync(join(d, 'core.ldif')));
  if (!schemaDir) throw new Error(`OpenLDAP's schema files (core.ldif) are in none of ${SCHEMA_DIRS.join(', ')}.`);
  // Debian builds back_mdb as a module; other builds link it in.
  const moduleDir = MODULE_DIRS.find((d) => existsSync(join(d, 'back_mdb.la')) || existsSync(join(d, 'back_mdb.so')));
  const module = moduleDir
    ? `dn: cn=module{0},cn=config\nobjectClass: olcModuleList\ncn: module{0}\nolcModulePath: ${moduleDir}\nolcModuleLoad: back_mdb\n\n`
    : '';
  return `dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: ${join(dir, 'slapd.pid')}
olcArgsFile: ${join(dir, 'slapd.args')}
${tls ? `olcTLSCertificateFile: ${join(dir, 'cert.pem')}\nolcTLSCertificateKeyFile: ${join(dir, 'key.pem')}\n` : ''}
${module}dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file://${schemaDir}/core.ldif

include: file://${schemaDir}/cosine.ldif

include: file://${schemaDir}/inetorgperson.ldif

dn: cn=ringead,cn=schema,cn=config
objectClass: olcSchemaConfig
cn: ringead
olcAttributeTypes: ( 1.2.840.113556.1.2.141 NAME 'department' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
olcAttributeTypes: ( 1.2.840.113556.1.4.8 NAME 'userAccountControl' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
olcAttributeTypes: ( 1.2.840.113556.1.4.2 NAME 'objectGUID' EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
olcObjectClasses: ( ${RINGE_AD_USER_OID} NAME 'ringeAdUser' DESC 'Active Directory attributes of a user, for tests' SUP top AUXILIARY MAY ( department $ userAccountControl $ objectGUID ) )

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: ${suffix}
olcRootDN: ${adminDN}
olcRootPW: ${adminPassword}
olcDbDirectory: ${join(dir, 'data')}
olcDbMaxSize: ${1024 ** 3}
olcDbIndex: objectClass eq
olcDbIndex: entryUUID eq
olcAccess: {0}to attrs=userPassword by self write by anonymous auth by * none
olcAccess: {1}to * by users read by * none
olcSizeLimit: size.soft=${sizeLimit} size.hard=${sizeLimit} size.prtotal=unlimited
`;
}

function baseLdif(suffix: string, readerDN: string, readerPassword: string): string {
  const dc = /^dc=([^,]+)/.exec(suffix)?.[1] ?? 'ringe';
  return `dn: ${suffix}
objectClass: dcObject
objectClass: organization
dc: ${dc}
o: ${dc}

dn: ou=Tjenester,${suffix}
objectClass: organizationalUnit
ou: Tjenester

dn: ${readerDN}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: ${/^cn=([^,]+)/.exec(readerDN)?.[1] ?? 'reader'}
userPassword: ${ssha(readerPassword)}
`;
}

async function waitUntilServing(
  url: string,
  adminDN: string,
  adminPassword: string,
  proc: ChildProcess,
  log: () => string,
) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`slapd stopped at start (${proc.exitCode ?? proc.signalCode}): ${log()}`);
    }
    const client = new Client({ url, connectTimeout: 1_000, timeout: 2_000 });
    try {
      await client.bind(adminDN, adminPassword);
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`slapd did not answer at ${url} within 15 s: ${String(e)}; ${log()}`);
    } finally {
      await client.unbind().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A self-signed certificate for 127.0.0.1 (openssl), as a directory's LDAPS certificate. */
function makeCertificate(dir: string): string {
  const openssl = findProgram('openssl');
  if (!openssl) throw new Error('The LDAPS test needs openssl to make a certificate: run `apt-get install openssl`.');
  const args = [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ];
  const made = spawnSync(openssl, args, { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr || made.error}`);
  return readFileSync(join(dir, 'cert.pem'), 'utf8');
}

export async function startSlapd(
  options: {
    suffix?: string;
    sizeLimit?: number;
    tls?: boolean;
    /**
     * Entries (LDIF, under the suffix, parents first) loaded with slapadd before slapd starts: tens of
     * thousands in seconds, where adds over the protocol take minutes (bench/sync.ts).
     */
    ldif?: string;
  } = {},
): Promise<Slapd> {
  const slapd = findProgram('slapd');
  const slapadd = findProgram('slapadd');
  if (!slapd || !slapadd) {
    throw new Error(
      "The LDAP tests start their own OpenLDAP server, but slapd is not installed: run `apt-get install slapd` (Debian's package; .ci/run installs it).",
    );
  }
  const suffix = options.suffix ?? 'dc=ringe,dc=test';
  const sizeLimit = options.sizeLimit ?? 5;
  const adminDN = `cn=admin,${suffix}`;
  const adminPassword = randomBytes(12).toString('hex');
  const readerDN = `cn=ringe-reader,ou=Tjenester,${suffix}`;
  const readerPassword = randomBytes(12).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'ringe-test-slapd-'));
  let proc: ChildProcess | undefined;
  try {
    const configDir = join(dir, 'slapd.d');
    mkdirSync(configDir);
    mkdirSync(join(dir, 'data'));
    const certificate = options.tls ? makeCertificate(dir) : undefined;
    writeFileSync(join(dir, 'config.ldif'), configLdif(dir, suffix, adminDN, adminPassword, sizeLimit, !!certificate));
    writeFileSync(join(dir, 'base.ldif'), baseLdif(suffix, readerDN, readerPassword));
    if (options.ldif !== undefined) writeFileSync(join(dir, 'entries.ldif'), options.ldif);
    for (const args of [
      ['-n0', '-F', configDir, '-l', join(dir, 'config.ldif')],
      ['-n1', '-F', configDir, '-l', join(dir, 'base.ldif')],
      // Quick mode (-q): no consistency checks, which a generated file does not need.
      ...(options.ldif === undefined ? [] : [['-q', '-n1', '-F', configDir, '-l', join(dir, 'entries.ldif')]]),
    ]) {
      const r = spawnSync(slapadd, args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`slapadd ${args[0]} failed: ${r.stderr || r.error}`);
    }
    const url = `ldap://127.0.0.1:${await freePort()}`;
    const ldapsUrl = certificate ? `ldaps://127.0.0.1:${await freePort()}` : undefined;
    const listen = ldapsUrl ? `${url}/ ${ldapsUrl}/` : `${url}/`;
    // -d 0 keeps slapd in the foreground (a child this process can stop) without debug output.
    proc = spawn(slapd, ['-d', '0', '-h', listen, '-F', configDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4_000);
    });
    await waitUntilServing(url, adminDN, adminPassword, proc, () => stderr);
    const running = proc;
    return {
      url,
      suffix,
      adminDN,
      adminPassword,
      readerDN,
      readerPassword,
      sizeLimit,
      ...(ldapsUrl && certificate ? { ldapsUrl, certificate } : {}),
      async admin() {
        const client = new Client({ url, timeout: 10_000 });
        await client.bind(adminDN, adminPassword);
        return client;
      },
      async stop() {
        await stopProcess(running);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    if (proc) await stopProcess(proc);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}
