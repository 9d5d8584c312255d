import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

// A real OpenID Connect provider (oidc-provider 8) on 127.0.0.1 for the sign-in tests: one
// confidential client that must use PKCE, a few accounts, and no login page: the interaction
// signs in the account named by the authorization request's login_hint at once (the tests add
// it to the provider URL the way a person would pick an account). Without a login_hint the
// interaction ends with access_denied, as if the person had cancelled.

export interface TestAccount {
  sub: string;
  claims: Record<string, unknown>;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The accounts by login_hint; subjects carry a random suffix, so runs never meet each other's data. */
  accounts: Record<'koordinator' | 'laeser' | 'ubekraeftet' | 'entra' | 'admin', TestAccount>;
  close(): Promise<void>;
}

/** oidc-provider 8 ships no types; the little used here is typed by hand. */
interface Interaction {
  params: Record<string, string | undefined>;
}
interface ProviderInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: object,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: new (init: {
    accountId: string;
    clientId: string;
  }) => { addOIDCScope(scope: string): void; save(): Promise<string> };
  on(event: string, listener: (...args: unknown[]) => void): void;
}
type ProviderClass = new (issuer: string, configuration: object) => ProviderInstance;

export async function startTestProvider({ redirectUris }: { redirectUris: string[] }): Promise<TestProvider> {
  // A specifier in a variable: TypeScript does not look for the (missing) declarations.
  const specifier = 'oidc-provider';
  const { default: Provider } = (await import(specifier)) as { default: ProviderClass };

  const run = randomBytes(4).toString('hex');
  const accounts: TestProvider['accounts'] = {
    koordinator: {
      sub: `koordinator-${run}`,
      claims: {
        name: 'Karen Koordinator',
        preferred_username: 'karen@albertslund.test',
        email: 'karen@albertslund.test',
        email_verified: true,
        groups: ['ringe-koordinatorer', 'alle-medarbejdere'],
      },
    },
    laeser: {
      sub: `laeser-${run}`,
      claims: {
        name: 'Lars Læser',
        preferred_username: 'lars@albertslund.test',
        email: 'lars@albertslund.test',
        email_verified: true,
      },
    },
    // Claims a user can set themself at some providers: an unverified email, a preferred_username
    // and a upn outside Entra ID, here all someone else's address.
    ubekraeftet: {
      sub: `ubekraeftet-${run}`,
      claims: {
        name: 'Ulla Ubekræftet',
        preferred_username: `leder-${run}@albertslund.test`,
        upn: `leder-${run}@albertslund.test`,
        email: `leder-${run}@albertslund.test`,
        email_verified: false,
      },
    },
    // Entra ID style: the sub is pairwise (differs per app), tid + oid identify the person, the
    // tenant sets upn; its email is not verified (Entra ID does not say so).
    entra: {
      sub: `pairwise-${run}`,
      claims: {
        preferred_username: 'eva.p@albertslund.test',
        upn: 'eva@albertslund.test',
        email: 'eva.mail@albertslund.test',
        tid: `tenant-${run}`,
        oid: `object-${run}`,
        groups: 'ringe-koordinatorer',
      },
    },
    admin: {
      sub: `admin-${run}`,
      claims: { name: 'Anna Admin', preferred_username: 'anna@albertslund.test', groups: ['ringe-admins'] },
    },
  };
  const bySub = new Map(Object.values(accounts).map((a) => [a.sub, a]));

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'ringe-test';
  const clientSecret = randomBytes(24).toString('base64url');
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { methods: ['S256'], required: () => true },
    jwks: { keys: [{ ...signingKey, kid: `test-${run}`, use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    features: { devInteractions: { enabled: false } },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    // Like Entra ID: the profile claims and groups are in the ID token itself.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub', 'tid', 'oid', 'upn', 'groups'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    async findAccount(_ctx: unknown, sub: string) {
      const account = bySub.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...account.claims }) };
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
  });
  provider.on('server_error', (_ctx, err) => console.error('test OIDC provider:', err));

  const handle = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/interaction/')) return handle(req, res);
    void interact(req, res).catch((err: unknown) => {
      console.error('test OIDC provider interaction:', err);
      res.statusCode = 500;
      res.end();
    });
  });

  async function interact(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { params } = await provider.interactionDetails(req, res);
    const account = Object.entries(accounts).find(([hint]) => hint === params.login_hint)?.[1];
    if (!account) {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'No account was chosen.' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    // Consent for everything asked, given in the same step, so no consent prompt follows.
    const grant = new provider.Grant({ accountId: account.sub, clientId: params.client_id! });
    grant.addOIDCScope(params.scope ?? 'openid');
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.sub }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Just enough of a browser for redirect chains across the app and the provider: one cookie jar
 * for 127.0.0.1 (browsers do not keep cookies apart by port), Path and expiry respected, and
 * every redirect followed by hand so each hop can be looked at. Secure cookies are sent over
 * plain http too: the tests stand in for the TLS proxy in front of a real deployment.
 */
export class TestBrowser {
  private readonly jar = new Map<string, { name: string; value: string; path: string }>();

  /** The Cookie header this browser would send to a URL. */
  cookieFor(url: string): string {
    const path = new URL(url).pathname;
    return [...this.jar.values()]
      .filter((c) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  cookie(name: string): string | undefined {
    return [...this.jar.values()].find((c) => c.name === name)?.value;
  }

  /** One GET, no redirect followed; cookies stored as the browser would. */
  async get(url: string): Promise<Response> {
    const cookie = this.cookieFor(url);
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const header of res.headers.getSetCookie()) this.store(header, url);
    return res;
  }

  /**
   * Follows redirects from `url` until one points where `stopAt` says (returned as `next`, not
   * requested) or an answer is not a redirect.
   */
  async follow(
    url: string,
    { stopAt, max = 10 }: { stopAt?: (next: URL) => boolean; max?: number } = {},
  ): Promise<{ res: Response; next?: URL; hops: URL[] }> {
    const hops: URL[] = [];
    let current = new URL(url);
    for (let i = 0; i < max; i++) {
      hops.push(current);
      const res = await this.get(current.href);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { res, hops };
      await res.arrayBuffer();
      const next = new URL(location, current);
      if (stopAt?.(next)) return { res, next, hops };
      current = next;
    }
    throw new Error(`More than ${max} redirects from ${url}.`);
  }

  private store(header: string, url: string): void {
    const [pair, ...attrs] = header.split(';').map((s) => s.trim());
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq);
    const value = pair!.slice(eq + 1);
    let path = '/';
    let gone = value === '';
    for (const attr of attrs) {
      const [k, v = ''] = attr.split('=');
      const key = k!.toLowerCase();
      if (key === 'path') path = v;
      if (key === 'max-age' && Number(v) <= 0) gone = true;
      if (key === 'expires' && Date.parse(v) <= Date.now()) gone = true;
    }
    if (!header.toLowerCase().includes('path=')) path = new URL(url).pathname.replace(/\/[^/]*$/, '') || '/';
    const key = `${name}|${path}`;
    if (gone) this.jar.delete(key);
    else this.jar.set(key, { name, value, path });
  }
}
