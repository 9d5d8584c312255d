import { NETWORK_PHASES, phaseFromText } from '../../../api/common.js';
import type { Principal } from '../../../api/auth.js';
import { recordChange } from '../../history/record.js';
import type { Queries } from '../queries.js';

/** Who the history names for the migration's changes. */
export const MIGRATION_ACTOR: Principal = { sub: 'ringe:migration', name: 'Ringe (faste faser)', roles: [] };

/** The paragraph that keeps a phase the fixed list has no place for, added to the network's remarks. */
export const keptPhase = (text: string) => `Fase før den faste liste: ${text}`;

export interface PhaseMigration {
  id: string;
  was: string;
  phase: string | null;
}

/**
 * Moves every network's free-text phase onto the fixed list (NETWORK_PHASES), once: a known
 * spelling becomes its phase ("Opdagelses og idefase" is "opdagelsesfasen"); any other text
 * is kept as the last paragraph of the remarks and the phase left empty, for a coordinator to
 * choose. Each change is a new version and is recorded in the history, so it can be seen and
 * undone. Networks already on the list are never read again, so running it twice changes nothing.
 */
export async function migratePhases(queries: Queries): Promise<PhaseMigration[]> {
  const rows = await queries.phasesOffList({ phases: NETWORK_PHASES });
  const done: PhaseMigration[] = [];
  for (const row of rows) {
    const { id, phase: was } = row;
    const phase = phaseFromText(was);
    const remarks = row.remarks?.trim() ? row.remarks : null;
    const newRemarks = phase ? remarks : remarks ? `${remarks}\n\n${keptPhase(was)}` : keptPhase(was);
    const migrated = await queries.writeTx(async (t) => {
      const [written] = await t.phaseMigrate({ id, was, phase, remarks: newRemarks });
      if (!written) return false; // edited meanwhile: the edit wrote a phase of the fixed list
      const { version } = written;
      const before: Record<string, unknown> = { phase: was };
      const after: Record<string, unknown> = { phase };
      if (newRemarks !== remarks) {
        before.remarks = remarks;
        after.remarks = newRemarks;
      }
      await recordChange(t, MIGRATION_ACTOR, {
        action: 'update',
        targetKind: 'Network',
        targetId: id,
        before: { kind: 'Network', version: version - 1, properties: before },
        after: { kind: 'Network', version, properties: after },
      });
      return true;
    });
    if (migrated) done.push({ id, was, phase });
  }
  return done;
}
