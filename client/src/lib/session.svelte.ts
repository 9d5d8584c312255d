import type { MeResponse } from '../../../api/auth.js';
import { roleAllows, type Role } from '../../../api/auth.js';
import { api } from './api.js';

/** Who is signed in, as the server says; edit controls show only for the roles that may use them. */
class Session {
  me = $state<MeResponse | null>(null);

  constructor() {
    void this.refresh();
  }

  async refresh(): Promise<void> {
    this.me = await api.me().catch(() => null);
  }

  can(role: Role): boolean {
    return !!this.me?.user && roleAllows(this.me.user.roles, role);
  }

  async signInDev(role: Role): Promise<void> {
    await api.devSignIn(role);
    await this.refresh();
  }

  signInOidc(): void {
    window.location.assign(api.signInUrl(window.location.pathname + window.location.search));
  }

  async signOut(): Promise<void> {
    await api.signOut();
    await this.refresh();
  }
}

export const session = new Session();
