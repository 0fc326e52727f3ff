import { accountTransferApi } from './account-transfer';
import type { ProcessApi } from './case/process-api';
import { nameCorrectionApi } from './name-correction';
import { registrationApi } from './registration';
import { unauthorisedTransferApi } from './unauthorised-transfer';
import { voluntaryClosureApi } from './voluntary-closure';

/** Every process the product runs, as the HTTP API serves them. */
export const PROCESSES: ProcessApi[] = [nameCorrectionApi, registrationApi, accountTransferApi, unauthorisedTransferApi, voluntaryClosureApi];
