import type { MeResponse } from '../../../api/auth.js';
import { roleAllows, type Role } from '../../../api/auth.js';
import { api } from './api.js';

/** Who is signed in, as the server says; edit controls show only for the roles that may use them. */
class Session {
  me = $state<MeResponse | null>(null);
  /** Whether the server has been asked who is signed in (answered or not): until then who "I" am is unknown. */
  checked = $state(false);

  constructor() {
    void this.refresh();
  }

  async refresh(): Promise<void> {
    this.me = await api.call('me').catch(() => null);
    this.checked = true;
  }

  can(role: Role): boolean {
    return !!this.me?.user && roleAllows(this.me.user.roles, role);
  }

  async signInDev(role: Role): Promise<void> {
    await api.call('devSignIn', { role });
    await this.refresh();
  }

  signInOidc(): void {
    window.location.assign(api.href('signIn', { returnTo: window.location.pathname + window.location.search }));
  }

  async signOut(): Promise<void> {
    // Signed out or not, the page then shows who the server says is signed in.
    await api.call('signOut').catch(() => null);
    await this.refresh();
  }
}

export const session = new Session();
