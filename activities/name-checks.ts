import { checkProfile, MIN_EMBEDDED_LENGTH, type ProposedProfile } from '../rules/check-profile';
import { normalizeName, pinyinKey, type NameFinding } from '../rules/names';
import { findReservedMatches } from '../store/reserved-names';
import type { ActivityDeps } from './deps';

export function createNameCheckActivities({ db, policy }: ActivityDeps) {
  return {
    /** The automatic checks of a proposed correction: protected words, reserved names (also inside longer ones) and look-alikes. */
    async checkProposedProfile(input: { profile: ProposedProfile }): Promise<NameFinding[]> {
      const name = input.profile.name;
      const matches = name ? await findReservedMatches(db, normalizeName(name), pinyinKey(name), MIN_EMBEDDED_LENGTH) : [];
      return checkProfile(input.profile, policy.names.protectedWords, matches);
    },
  };
}
