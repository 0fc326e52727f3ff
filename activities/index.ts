import { createAccountMeasureActivities } from './account-measures';
import { createAccountTransferActivities } from './account-transfer';
import { createCaseSetupActivities } from './case-setup';
import { createClosureCheckActivities } from './closure-checks';
import type { ActivityDeps } from './deps';
import { createEscalationActivities } from './escalations';
import { createNameCheckActivities } from './name-checks';
import { createNoticeActivities } from './notices';
import { createPublicNoticeActivities } from './public-notices';
import { createRecordCheckpointActivities } from './records-checkpoint';
import { createRegistrationActivities } from './registration';

export type { ActivityDeps } from './deps';

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createAccountMeasureActivities(deps),
    ...createCaseSetupActivities(deps),
    ...createNameCheckActivities(deps),
    ...createNoticeActivities(deps),
    ...createRecordCheckpointActivities(deps),
    ...createEscalationActivities(deps),
    ...createAccountTransferActivities(deps),
    ...createPublicNoticeActivities(deps),
    ...createRegistrationActivities(deps),
    ...createClosureCheckActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
