import { createHash } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import {
  Attribute,
  Client,
  type Entry,
  FilterParser,
  InvalidCredentialsError,
  NoSuchObjectError,
  ResultCodeError,
} from 'ldapts';
import {
  type Snapshot,
  type SnapshotPerson,
  type SnapshotUnit,
  SourceError,
  type SourceErrorCode,
  type SourceRefusal,
  type SyncSource,
} from '../source.js';

// The LDAP / Active Directory source: paged searches (RFC 2696, which AD and OpenLDAP both answer past
// their size limits) of the people under a base DN. The first run, and one a day, reads everyone into a
// complete snapshot; the runs between read the entries changed since the last run (by a change stamp)
// and a light listing of everyone's id and DN, into an incomplete snapshot whose `present` list tells
// who is still there. A person's unit is their `department` text, or the organisational unit (OU) their
// entry sits in, with the OUs above it as the tree. The whole answer is read before anything is
// returned, so an error, a timeout or an abort half-way gives the engine nothing to write.

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
  /**
   * The attribute whose value says when an entry last changed, for the incremental reads: by default
   * uSNChanged on Active Directory (its rootDSE has highestCommittedUSN) and modifyTimestamp elsewhere
   * (on AD whenChanged is not indexed and modifyTimestamp is computed from it, so neither suits it).
   */
  changeAttribute?: string;
  /** How far before the newest change seen the next run starts reading (time stamps only). */
  overlapMs?: number;
  /** How often a run reads everything anyway, whatever the state. */
  fullReadEveryMs?: number;
}

/**
 * AD's people (users, not computers, whose objectClass is user too, nor contacts), or OpenLDAP's
 * inetOrgPerson entries. An attribute a directory lacks (OpenLDAP has no objectCategory) makes its
 * half of the OR undefined, which matches nothing, so one default serves both.
 */
export const DEFAULT_LDAP_FILTER = '(|(&(objectCategory=person)(objectClass=user))(objectClass=inetOrgPerson))';
export const DEFAULT_LDAP_PAGE_SIZE = 1000;
export const DEFAULT_LDAP_TIMEOUT_MS = 120_000;
export const DEFAULT_LDAP_OVERLAP_MS = 15 * 60_000;
export const DEFAULT_LDAP_FULL_READ_EVERY_MS = 24 * 60 * 60_000;

const DEFAULT_ID_ATTRIBUTES = ['objectGUID', 'entryUUID'];
/** AD's userAccountControl flag of a disabled account. */
const ACCOUNTDISABLE = 0x2;
const PERSON_ATTRIBUTES = ['cn', 'displayName', 'title', 'mail', 'telephoneNumber', 'department', 'manager'];

/**
 * ldapts decodes every value it receives as strict UTF-8 and catches the error a binary one throws: an
 * error thrown and caught per objectGUID, which was a third of the time an incremental read spends
 * listing 50,000 people. Its own test for a binary value (the ";binary" option) is widened to the GUIDs
 * this source reads, which come back as the Buffers explicitBufferAttributes asks for anyway. An ldapts
 * without that method keeps its slow path, which gives the same values.
 */
const BINARY_ATTRIBUTES = new Set(['objectguid', 'invocationid']);
const attributeMethods = Attribute.prototype as unknown as { type?: string; _isBinaryType?: () => boolean };
const isBinaryType = attributeMethods._isBinaryType;
if (typeof isBinaryType === 'function')
  attributeMethods._isBinaryType = function (this: { type?: string }) {
    return BINARY_ATTRIBUTES.has((this.type ?? '').toLowerCase()) || isBinaryType.call(this);
  };

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
  if (config.changeAttribute !== undefined && !/^[A-Za-z][A-Za-z0-9-]*$/.test(config.changeAttribute))
    throw new LdapSourceError(
      'config',
      `The change attribute ${config.changeAttribute} is not an attribute name, such as modifyTimestamp.`,
    );
  const idAttributes = config.idAttribute ? [config.idAttribute] : DEFAULT_ID_ATTRIBUTES;
  const pageSize = config.pageSize ?? DEFAULT_LDAP_PAGE_SIZE;
  const timeoutMs = config.timeoutMs ?? DEFAULT_LDAP_TIMEOUT_MS;
  const overlapMs = config.overlapMs ?? DEFAULT_LDAP_OVERLAP_MS;
  const fullReadEveryMs = config.fullReadEveryMs ?? DEFAULT_LDAP_FULL_READ_EVERY_MS;
  const where = `LDAP ${config.url}`;

  return {
    name: 'ldap',
    async read({ state, signal }) {
      signal.throwIfAborted();
      const deadline = AbortSignal.timeout(timeoutMs);
      const stop = AbortSignal.any([signal, deadline]);
      const client = new Client({
        url: config.url,
        timeout: timeoutMs,
        connectTimeout: timeoutMs,
        ...(config.tlsOptions ? { tlsOptions: config.tlsOptions } : {}),
      });
      const search = async (
        base: string,
        searchFilter: string,
        attributes: string[],
        scope: 'sub' | 'base' = 'sub',
      ): Promise<Entry[]> => {
        const entries: Entry[] = [];
        const pages = client.searchPaginated(base, {
          scope,
          filter: searchFilter,
          attributes: [...idAttributes, ...attributes],
          explicitBufferAttributes: ['objectGUID', 'objectguid', 'invocationId', 'invocationid'],
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
          const server = await serverOf(client);
          stop.throwIfAborted();
          const stampAttribute =
            config.changeAttribute ?? (server.highestUsn !== null ? 'uSNChanged' : 'modifyTimestamp');
          const byUsn = stampAttribute.toLowerCase() === 'usnchanged';
          // The run's state is only good for the same directory, DC and read: another base, filter, id or
          // unit setting, or (for USNs, which each DC counts for itself) another DC or one restored from
          // a backup, starts again with a full read.
          const key = stateKey([
            config.url,
            config.baseDN,
            filter,
            config.unitFrom,
            ...idAttributes,
            stampAttribute,
            byUsn ? server.identity : '',
          ]);
          const before = parseState(state);
          const now = Date.now();
          const since =
            before &&
            before.key === key &&
            now - Date.parse(before.fullAt) < fullReadEveryMs &&
            now >= Date.parse(before.fullAt)
              ? before
              : null;
          const attributes = PERSON_ATTRIBUTES.concat('userAccountControl', stampAttribute);
          // One search after another: OpenLDAP keeps one paged search per connection.
          const ous =
            config.unitFrom === 'ou' ? await search(config.baseDN, '(objectClass=organizationalUnit)', ['ou']) : [];
          if (!since) {
            const people = await search(config.baseDN, filter, attributes);
            return { kind: 'full' as const, people, ous, stampAttribute, byUsn, key, server, listed: [] as Entry[] };
          }
          // Who changed since the last run (with an overlap), then the id and DN of everyone there: who
          // is not listed is gone, and the DNs give every manager's and OU's id.
          const people = await search(config.baseDN, `(&${filter}(${stampAttribute}>=${since.stamp}))`, attributes);
          const listed = await search(config.baseDN, filter, config.unitFrom === 'department' ? ['department'] : []);
          return { kind: 'changes' as const, people, ous, stampAttribute, byUsn, key, server, listed, since };
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
        const got = await Promise.race([reading, stopped]);
        const previous = got.kind === 'changes' ? got.since : null;
        const stamp = got.byUsn
          ? got.server.highestUsn
          : nextTimeStamp(got.people, got.stampAttribute, previous?.stamp ?? null, overlapMs);
        const nextState =
          stamp === null
            ? null
            : JSON.stringify({
                v: STATE_VERSION,
                key: got.key,
                stamp,
                fullAt: previous?.fullAt ?? new Date().toISOString(),
              } satisfies LdapState);
        if (got.kind === 'full')
          return {
            snapshot: { complete: true, ...snapshotOf(got.people, got.ous, config, idAttributes) },
            state: nextState,
          };
        return { snapshot: changesOf(got.people, got.listed, got.ous, config, idAttributes), state: nextState };
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

// ---------------------------------------------------------------------------------------------
// Incremental reads: the state between runs.

const STATE_VERSION = 1;

/** What a run leaves for the next: where its changes start, and when the last full read was. */
type LdapState = {
  v: number;
  /** A hash of the settings and the DC the stamp belongs to. */
  key: string;
  /** The change attribute's value from which the next run reads (GeneralizedTime or a USN). */
  stamp: string;
  /** When the last full read was (ISO): a full read comes again after fullReadEveryMs. */
  fullAt: string;
};

const STAMP = /^(?:\d{14}(?:\.\d+)?Z|\d+)$/;

/** A state this source wrote and can use; anything else (another source's, hand-edited, older) is none. */
function parseState(state: string | null): LdapState | null {
  if (!state) return null;
  try {
    const s = JSON.parse(state) as Partial<LdapState>;
    if (
      s.v !== STATE_VERSION ||
      typeof s.key !== 'string' ||
      typeof s.stamp !== 'string' ||
      !STAMP.test(s.stamp) ||
      typeof s.fullAt !== 'string' ||
      Number.isNaN(Date.parse(s.fullAt))
    )
      return null;
    return s as LdapState;
  } catch {
    return null;
  }
}

function stateKey(parts: string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/**
 * The rootDSE's word on the server: AD's highestCommittedUSN (present only on AD and AD LDS) and the
 * DC's identity, its NTDS Settings DN with its invocationId, which changes when the DC is restored from
 * a backup (Microsoft: "Polling for Changes Using uSNChanged"). OpenLDAP has neither.
 */
async function serverOf(client: Client) {
  let highestUsn: string | null = null;
  let identity = '';
  try {
    const { searchEntries } = await client.search('', {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['highestCommittedUSN', 'dsServiceName'],
    });
    const root = searchEntries[0];
    const usn = root ? text(root, 'highestCommittedUSN') : undefined;
    if (usn && /^\d+$/.test(usn)) highestUsn = usn;
    const dsa = root ? text(root, 'dsServiceName') : undefined;
    if (dsa && highestUsn !== null) {
      const settings = await client.search(dsa, {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: ['invocationId'],
        explicitBufferAttributes: ['invocationId', 'invocationid'],
      });
      const entry = settings.searchEntries[0];
      identity = `${dsa.toLowerCase()}|${entry ? (idOf(entry, ['invocationId']) ?? '') : ''}`;
    }
  } catch {
    // A rootDSE the account may not read: no USNs, so the time stamps serve.
  }
  return { highestUsn, identity };
}

/**
 * The stamp the next run reads from: the newest change stamp this read saw, less the overlap, never
 * earlier than the stamp this read started from. The directory's own clock made every stamp, so the
 * clock of this machine plays no part; the overlap covers an entry changed while the pages were read
 * (its stamp is older than a newer one seen) and, when the address reaches several DCs, a change that
 * came to the one asked later than to another. Null when no entry had the attribute (the next run
 * reads everything again).
 */
function nextTimeStamp(people: Entry[], attribute: string, from: string | null, overlapMs: number): string | null {
  let newest: number | null = null;
  for (const entry of people) {
    const ms = parseGeneralizedTime(text(entry, attribute));
    if (ms !== null && (newest === null || ms > newest)) newest = ms;
  }
  const start = from === null ? null : parseGeneralizedTime(from);
  if (newest === null) return from;
  const next = newest - overlapMs;
  return generalizedTime(start !== null && start > next ? start : next);
}

/** RFC 4517's GeneralizedTime as servers give it (20261206034512Z, AD's 20261206034512.0Z), in ms. */
function parseGeneralizedTime(value: string | undefined): number | null {
  const m = value ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?(Z|[+-]\d{4})$/.exec(value) : null;
  if (!m) return null;
  const [, y, mo, d, h, mi, s, , zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000;
  }
  return Number.isNaN(ms) ? null : ms;
}

/** Whole seconds, rounded down (a filter's >= then includes the second it names), with AD's ".0". */
function generalizedTime(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(
    d.getUTCMinutes(),
  )}${two(d.getUTCSeconds())}.0Z`;
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
  return mapEntries(people, ous, config, idAttributes, null);
}

/**
 * An incremental read as a snapshot: the changed entries as people, every unit (from the OUs and the
 * listing of everyone, as a full read makes them), and the ids of everyone listed as present. A changed
 * entry the listing no longer has was deleted between the two searches: it is left out, so it is gone.
 */
function changesOf(
  changed: Entry[],
  listed: Entry[],
  ous: Entry[],
  config: LdapSourceConfig,
  idAttributes: string[],
): Snapshot {
  const everyone: Listed[] = [];
  const present = new Set<string>();
  for (const entry of listed) {
    const id = idOf(entry, idAttributes);
    if (!id) continue;
    everyone.push({ entry, id });
    present.add(id);
  }
  const still = changed.filter((entry) => {
    const id = idOf(entry, idAttributes);
    return id === undefined || present.has(id);
  });
  const { units, people, refused } = mapEntries(still, ous, config, idAttributes, everyone);
  // Sorted as compare() sorts: by UTF-16 code unit, the default.
  return { complete: false, units, people, present: [...present].sort(), refused };
}

/** A listed person's entry (DN, and department when units come from it) and id. */
type Listed = { entry: Entry; id: string };

/**
 * Entries to units and people. `listed` (an incremental read) is everyone there, by DN and id: it
 * resolves the managers and makes the units; without it the people themselves do.
 */
function mapEntries(
  people: Entry[],
  ous: Entry[],
  config: LdapSourceConfig,
  idAttributes: string[],
  listed: Listed[] | null,
) {
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
    if (!listed) idByDn.set(dnKey(dnParts(entry.dn)), sourceId);
    mapped.push({ entry, sourceId, name });
  }
  // The entries that make the units and that a manager's DN can name: everyone listed, or those mapped.
  const holders: Entry[] = [];
  if (listed) {
    // Tens of thousands of DNs: only the managers' are looked up, by their text first (the
    // directory writes both alike), each DN parsed only when that misses.
    const wanted = new Map<string, string>();
    for (const m of mapped) {
      const managerDn = text(m.entry, 'manager');
      if (managerDn) wanted.set(managerDn.toLowerCase(), dnKey(dnParts(managerDn)));
    }
    const wantedKeys = new Set(wanted.values());
    const idByText = new Map<string, string>();
    const found = new Set<string>();
    for (const { entry, id } of listed) {
      holders.push(entry);
      const key = wanted.get(entry.dn.toLowerCase());
      if (key !== undefined) {
        idByDn.set(key, id);
        found.add(key);
      } else idByText.set(entry.dn, id);
    }
    if (found.size < wantedKeys.size)
      for (const [dn, id] of idByText) {
        const key = dnKey(dnParts(dn));
        if (wantedKeys.has(key)) idByDn.set(key, id);
      }
  } else for (const m of mapped) holders.push(m.entry);

  const usedOus = new Set<string>();
  const departments = new Set<string>();
  // Many entries share a parent: its OUs are worked out once.
  const parentsDone = new Set<string>();
  for (const entry of holders) {
    if (config.unitFrom === 'ou') {
      const parent = parentText(entry.dn);
      if (parentsDone.has(parent)) continue;
      parentsDone.add(parent);
      for (const ou of ousAbove(dnParts(entry.dn))) usedOus.add(ou.key);
    } else {
      const department = text(entry, 'department');
      if (department) departments.add(department);
    }
  }
  const persons: SnapshotPerson[] = mapped.map(({ entry, sourceId, name }) => {
    let unitIds: string[] = [];
    if (config.unitFrom === 'ou') {
      // The OU the entry is in is the person's unit; the OUs above it make the tree.
      const nearest = ousAbove(dnParts(entry.dn))[0];
      if (nearest) unitIds = [nearest.sourceId];
    } else {
      const department = text(entry, 'department');
      if (department) unitIds = [department];
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
    // The attribute as asked for first (how servers name it back); then in any case.
    const key =
      attribute in entry ? attribute : Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
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
  const h = bytes.toString('hex');
  const swap = (from: number, to: number) => {
    let out = '';
    for (let i = to - 2; i >= from; i -= 2) out += h.slice(i, i + 2);
    return out;
  };
  return `${swap(0, 8)}-${swap(8, 12)}-${swap(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
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

/** A DN's text after its first RDN (split at the first unescaped comma), as the directory wrote it. */
function parentText(dn: string): string {
  for (let i = 0; i < dn.length; i++) {
    const ch = dn.charAt(i);
    if (ch === '\\') i++;
    else if (ch === ',') return dn.slice(i + 1);
  }
  return '';
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
