import { NETWORK_PHASES, type NetworkPhase } from '../../../api/common.js';
import { t } from './i18n.svelte';

/** Whether a stored phase is on the fixed list. */
export const isPhase = (p: string): p is NetworkPhase => (NETWORK_PHASES as readonly string[]).includes(p);

/** A phase's label in the current language; text off the list (written around the API) as it stands. */
export const phaseLabel = (phase: string): string => (isPhase(phase) ? t(`phase.${phase}`) : phase);
