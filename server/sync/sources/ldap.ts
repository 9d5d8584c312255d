import type { ConnectionOptions } from 'node:tls';
import { Client, type Entry, FilterParser, InvalidCredentialsError, NoSuchObjectError, ResultCodeError } from 'ldapts';
import {
  type SnapshotPerson,
  type SnapshotUnit,
  SourceError,
  type SourceErrorCode,
  type SourceRefusal,
  type SyncSource,
} from '../source.js';

// The LDAP / Active Directory source: one paged search (RFC 2696, which AD and OpenLDAP both answer
// past their size limits) of the people under a base DN, mapped to a complete snapshot. A person's
// unit is their `department` text, or the organisational unit (OU) their entry sits in, with the OUs
// above it as the tree. The whole answer is read before anything is returned, so an error, a timeout
// or an abort half-way gives the engine nothing to write.

export interface LdapSourceConfig {
  /** ldap://host:389 or ldaps://host:636 (use LDAPS, or a network the directory trusts). */
  url: string;
  /** A read-only service account's DN; a secret, with the password: never logged nor answered. */
  bindDN: string;
  password: string;
  /** Where the people (and, for unitFrom 'ou', their OUs) are: "OU=Kommune,DC=kommune,DC=dk". */
  baseDN: string;
  /** Which entries are people; DEFAULT_LDAP_FILTER when not given. */
  filter?: string;
  /** A person's unit: the `department` text (a flat list of units) or the OU their entry is in (a tree). */
  unitFrom: 'department' | 'ou';
  /** The attribute whose value is a person's (and an OU's) stable id; by default objectGUID, else entryUUID. */
  idAttribute?: string;
  /** Entries per page; AD answers at most 1000 (its MaxPageSize). */
  pageSize?: number;
  /** The whole read's budget, from connecting to the last page. */
  timeoutMs?: number;
  /** For LDAPS with the municipality's own CA: `{ ca: [pem] }`. */
  tlsOptions?: ConnectionOptions;
}

/**
 * AD's people (users, not computers, whose objectClass is user too, nor contacts), or OpenLDAP's
 * inetOrgPerson entries. An attribute a directory lacks (OpenLDAP has no objectCategory) makes its
 * half of the OR undefined, which matches nothing, so one default serves both.
 */
export const DEFAULT_LDAP_FILTER = '(|(&(objectCategory=person)(objectClass=user))(objectClass=inetOrgPerson))';
export const DEFAULT_LDAP_PAGE_SIZE = 500;
export const DEFAULT_LDAP_TIMEOUT_MS = 120_000;

const DEFAULT_ID_ATTRIBUTES = ['objectGUID', 'entryUUID'];
/** AD's userAccountControl flag of a disabled account. */
const ACCOUNTDISABLE = 0x2;
const PERSON_ATTRIBUTES = ['cn', 'displayName', 'title', 'mail', 'telephoneNumber', 'department', 'manager'];

/** The directory could not be read completely (unreachable, refused the bind, timed out, …): the run fails. */
export class LdapSourceError extends SourceError {
  override name = 'LdapSourceError';
}

export function createLdapSource(config: LdapSourceConfig): SyncSource {
  const filter = config.filter?.trim() || DEFAULT_LDAP_FILTER;
  try {
    FilterParser.parseString(filter);
  } catch {
    throw new LdapSourceError(
      'config',
      `The LDAP filter ${filter} is not an LDAP filter (RFC 4515), such as ${DEFAULT_LDAP_FILTER}.`,
    );
  }
  const idAttributes = config.idAttribute ? [config.idAttribute] : DEFAULT_ID_ATTRIBUTES;
  const pageSize = config.pageSize ?? DEFAULT_LDAP_PAGE_SIZE;
  const timeoutMs = config.timeoutMs ?? DEFAULT_LDAP_TIMEOUT_MS;
  const where = `LDAP ${config.url}`;

  return {
    name: 'ldap',
    async read({ signal }) {
      signal.throwIfAborted();
      const deadline = AbortSignal.timeout(timeoutMs);
      const stop = AbortSignal.any([signal, deadline]);
      const client = new Client({
        url: config.url,
        timeout: timeoutMs,
        connectTimeout: timeoutMs,
        ...(config.tlsOptions ? { tlsOptions: config.tlsOptions } : {}),
      });
      const search = async (base: string, searchFilter: string, attributes: string[]): Promise<Entry[]> => {
        const entries: Entry[] = [];
        const pages = client.searchPaginated(base, {
          scope: 'sub',
          filter: searchFilter,
          attributes: [...idAttributes, ...attributes],
          explicitBufferAttributes: ['objectGUID', 'objectguid'],
          paged: { pageSize },
        });
        for await (const page of pages) {
          stop.throwIfAborted();
          entries.push(...page.searchEntries);
        }
        return entries;
      };
      const reading = (async () => {
        try {
          await client.bind(config.bindDN, config.password);
          stop.throwIfAborted();
          const people = await search(config.baseDN, filter, PERSON_ATTRIBUTES.concat('userAccountControl'));
          const ous =
            config.unitFrom === 'ou' ? await search(config.baseDN, '(objectClass=organizationalUnit)', ['ou']) : [];
          return { people, ous };
        } finally {
          await client.unbind().catch(() => {});
        }
      })();
      // The client's own timeouts bound each step; this answers at once on an abort or the deadline
      // and drops the connection, which fails whatever request was still waiting.
      let onStop = () => {};
      const stopped = new Promise<never>((_, reject) => {
        onStop = () => {
          void client.unbind().catch(() => {});
          reject(
            signal.aborted
              ? new LdapSourceError('aborted', `${where}: the read was stopped before it was complete.`)
              : new LdapSourceError(
                  'timeout',
                  `${where}: no complete answer within ${Math.round(timeoutMs / 1000)} s.`,
                ),
          );
        };
        stop.addEventListener('abort', onStop, { once: true });
      });
      try {
        const { people, ous } = await Promise.race([reading, stopped]);
        return { snapshot: { complete: true, ...snapshotOf(people, ous, config, idAttributes) }, state: null };
      } catch (e) {
        if (e instanceof LdapSourceError) throw e;
        if (signal.aborted)
          throw new LdapSourceError('aborted', `${where}: the read was stopped before it was complete.`);
        if (stop.aborted)
          throw new LdapSourceError(
            'timeout',
            `${where}: no complete answer within ${Math.round(timeoutMs / 1000)} s.`,
          );
        const [code, detail] = explain(e, where, config);
        throw new LdapSourceError(code, scrub(detail, config));
      } finally {
        stop.removeEventListener('abort', onStop);
        reading.catch(() => {});
        stopped.catch(() => {});
      }
    },
  };
}

/** Node's codes for an LDAPS certificate it will not accept. */
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** LDAP result codes of a refused bind or a missing right (RFC 4511: inappropriateAuthentication, insufficientAccessRights). */
const AUTH_RESULT_CODES = new Set([48, 49]);
const FORBIDDEN_RESULT_CODES = new Set([50]);
/** timeLimitExceeded, busy, unavailable: the directory did not answer in time or at all. */
const TIMEOUT_RESULT_CODES = new Set([3]);
const UNAVAILABLE_RESULT_CODES = new Set([51, 52]);

/** Why the read failed (the run's error code) and one sentence of detail: never the bind DN or password. */
function explain(e: unknown, where: string, config: LdapSourceConfig): [SourceErrorCode, string] {
  if (e instanceof InvalidCredentialsError)
    return ['auth', `${where} refused the bind: the service account's DN or password is wrong.`];
  if (e instanceof NoSuchObjectError) return ['config', `${where} has no entry ${config.baseDN} (the base DN).`];
  if (e instanceof ResultCodeError) {
    const code: SourceErrorCode = AUTH_RESULT_CODES.has(e.code)
      ? 'auth'
      : FORBIDDEN_RESULT_CODES.has(e.code)
        ? 'forbidden'
        : TIMEOUT_RESULT_CODES.has(e.code)
          ? 'timeout'
          : UNAVAILABLE_RESULT_CODES.has(e.code)
            ? 'unreachable'
            : 'badAnswer';
    return [code, `${where} answered ${e.name} (result code ${e.code})${e.message ? `: ${e.message.trim()}` : ''}.`];
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT')
    return ['unreachable', `${where} cannot be reached (${code}).`];
  if (code && UNTRUSTED_CERTIFICATE.has(code))
    return [
      'unreachable',
      `${where} showed a certificate that is not trusted (${code}); give the directory's CA certificate.`,
    ];
  // ldapts's own timeouts ("Timeout", "Connection timeout") when the directory stops answering.
  if (/timeout|timed out/i.test(err.message))
    return ['timeout', `${where} could not be read: ${err.message.split('\n')[0]}`];
  return ['unreachable', `${where} could not be read: ${err.message.split('\n')[0]}`];
}

/** Belt and braces: a server's diagnostic text could echo what it was sent. */
function scrub(message: string, config: LdapSourceConfig): string {
  let out = message;
  for (const secret of [config.password, config.bindDN]) if (secret) out = out.split(secret).join('…');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mapping entries to a snapshot.

function snapshotOf(people: Entry[], ous: Entry[], config: LdapSourceConfig, idAttributes: string[]) {
  const refused: SourceRefusal[] = [];
  const ouByKey = new Map<string, { sourceId: string; name: string; rdns: Rdn[] }>();
  for (const entry of ous) {
    const rdns = dnParts(entry.dn);
    const naming = rdns[0]?.value ?? '';
    const names = texts(entry, 'ou');
    const name = names.find((n) => n.toLowerCase() === naming.toLowerCase()) ?? names[0] ?? naming;
    // An OU without an id attribute (none should lack one) is known by its DN, which a rename changes.
    ouByKey.set(dnKey(rdns), { sourceId: idOf(entry, idAttributes) ?? dnKey(rdns), name, rdns });
  }
  /** The OUs above an entry (not itself), nearest first. */
  const ousAbove = (rdns: Rdn[]) => {
    const chain: { key: string; sourceId: string }[] = [];
    for (let i = 1; i < rdns.length; i++) {
      const key = dnKey(rdns.slice(i));
      const ou = ouByKey.get(key);
      if (ou) chain.push({ key, sourceId: ou.sourceId });
    }
    return chain;
  };

  const idByDn = new Map<string, string>();
  const mapped: { entry: Entry; sourceId: string; name: string }[] = [];
  for (const entry of people) {
    const sourceId = idOf(entry, idAttributes);
    if (!sourceId) {
      refused.push({ record: entry.dn, reason: 'missingId', field: idAttributes.join('/') });
      continue;
    }
    const name = text(entry, 'displayName') ?? text(entry, 'cn');
    if (!name) {
      // Refused, not gone: the person keeps what Ringe has until the directory names them again.
      refused.push({ record: entry.dn, reason: 'missingName', field: 'displayName', sourceId });
      continue;
    }
    idByDn.set(dnKey(dnParts(entry.dn)), sourceId);
    mapped.push({ entry, sourceId, name });
  }

  const usedOus = new Set<string>();
  const departments = new Set<string>();
  const persons: SnapshotPerson[] = mapped.map(({ entry, sourceId, name }) => {
    let unitIds: string[] = [];
    if (config.unitFrom === 'ou') {
      // The OU the entry is in is the person's unit; the OUs above it make the tree.
      const chain = ousAbove(dnParts(entry.dn));
      for (const ou of chain) usedOus.add(ou.key);
      if (chain[0]) unitIds = [chain[0].sourceId];
    } else {
      const department = text(entry, 'department');
      if (department) {
        departments.add(department);
        unitIds = [department];
      }
    }
    const managerDn = text(entry, 'manager');
    const flags = Number.parseInt(text(entry, 'userAccountControl') ?? '0', 10);
    return {
      sourceId,
      name,
      title: text(entry, 'title') ?? null,
      email: text(entry, 'mail') ?? null,
      phone: text(entry, 'telephoneNumber') ?? null,
      unitIds,
      // A manager outside this read (another base DN, filtered out) is not one the graph can name.
      managerId: managerDn ? (idByDn.get(dnKey(dnParts(managerDn))) ?? null) : null,
      active: Number.isNaN(flags) || (flags & ACCOUNTDISABLE) === 0,
    };
  });

  const units: SnapshotUnit[] =
    config.unitFrom === 'ou'
      ? [...usedOus].flatMap((key) => {
          const ou = ouByKey.get(key);
          return ou ? [{ sourceId: ou.sourceId, name: ou.name, parentId: ousAbove(ou.rdns)[0]?.sourceId ?? null }] : [];
        })
      : [...departments].map((d) => ({ sourceId: d, name: d, parentId: null }));
  units.sort((a, b) => compare(a.sourceId, b.sourceId));
  persons.sort((a, b) => compare(a.sourceId, b.sourceId));
  return { units, people: persons, refused };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** An attribute's values as text, trimmed, empty ones left out; attribute names are case-insensitive. */
function texts(entry: Entry, attribute: string): string[] {
  const wanted = attribute.toLowerCase();
  const key = Object.keys(entry).find((k) => k.toLowerCase() === wanted);
  const value = key === undefined ? undefined : entry[key];
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values
    .map((v) => (typeof v === 'string' ? v : v.toString('utf8')).replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

const text = (entry: Entry, attribute: string): string | undefined => texts(entry, attribute)[0];

/** The first id attribute the entry has: AD's objectGUID as its GUID text, others as they are. */
function idOf(entry: Entry, idAttributes: string[]): string | undefined {
  for (const attribute of idAttributes) {
    const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
    const raw = key === undefined ? undefined : entry[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined) continue;
    if (Buffer.isBuffer(value)) {
      if (value.length === 16) return guidText(value);
      if (value.length > 0) return value.toString('hex');
      continue;
    }
    const id = value.trim().toLowerCase();
    if (id) return id;
  }
  return undefined;
}

/**
 * AD's objectGUID bytes as the GUID text AD's own tools show: the first three groups are stored
 * little-endian, the last two as they are.
 */
export function guidText(bytes: Buffer): string {
  const hex = (from: number, to: number, reverse: boolean) => {
    const part = [...bytes.subarray(from, to)];
    return (reverse ? part.reverse() : part).map((b) => b.toString(16).padStart(2, '0')).join('');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`;
}

type Rdn = { type: string; value: string };

/** A DN's RDNs, leaf first, split at unescaped commas; values with their escapes undone. */
function dnParts(dn: string): Rdn[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const ch = dn.charAt(i);
    if (ch === '\\' && i + 1 < dn.length) {
      current += ch + dn.charAt(i + 1);
      i++;
    } else if (ch === ',') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts
    .map((part) => {
      const eq = part.indexOf('=');
      const value = part.slice(eq + 1).trim();
      return {
        type: part.slice(0, eq).trim().toLowerCase(),
        value: unescapeDnValue(value),
      };
    })
    .filter((r) => r.type !== '');
}

/** RFC 4514's escapes undone: a run of \\XX bytes is UTF-8 ("\\C3\\B8" is "ø"), \\, is ",". */
function unescapeDnValue(value: string): string {
  return value.replace(/((?:\\[0-9a-fA-F]{2})+)|\\(.)/g, (_, hex: string | undefined, char: string | undefined) =>
    hex ? Buffer.from(hex.replace(/\\/g, ''), 'hex').toString('utf8') : (char ?? ''),
  );
}

/** A DN's key for matching (a manager's DN against the entries' DNs): types and values case-folded. */
function dnKey(rdns: Rdn[]): string {
  return rdns.map((r) => `${r.type}=${r.value.toLowerCase()}`).join(',');
}
