import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { StateStore } from '../../state/types';

/** What the Slack adapter needs of the state store for installs in many workspaces. */
export type InstallationState = Pick<StateStore, 'saveInstallation' | 'installation' | 'removeWorkspace'>;

/** An org-wide install is one per enterprise; any other, one per workspace (team). */
const keyOf = (q: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }) =>
  q.isEnterpriseInstall && q.enterpriseId ? `enterprise:${q.enterpriseId}` : `team:${q.teamId ?? ''}`;

/**
 * Bolt's InstallationStore on the bot's state store (SQLite or PostgreSQL): what the OAuth flow
 * saves at each install, and what Bolt reads to find each request's and each briefing's token.
 */
export function installationStore(state: InstallationState): InstallationStore {
  return {
    async storeInstallation(installation: Installation) {
      const q = {
        isEnterpriseInstall: installation.isEnterpriseInstall,
        enterpriseId: installation.enterprise?.id,
        teamId: installation.team?.id,
      };
      await state.saveInstallation(
        'slack',
        keyOf(q),
        installation.team?.id ?? installation.enterprise?.id,
        JSON.stringify(installation),
      );
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const raw = await state.installation('slack', keyOf(query));
      if (!raw) throw new Error(`no installation for ${keyOf(query)}`);
      return JSON.parse(raw) as Installation<'v1' | 'v2', boolean>;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      const workspace = query.teamId ?? query.enterpriseId;
      if (workspace) await state.removeWorkspace('slack', workspace);
    },
  };
}
