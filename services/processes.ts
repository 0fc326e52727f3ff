import type { ProcessApi } from './case/process-api';
import { nameCorrectionApi } from './name-correction';
import { registrationApi } from './registration';

/** Every process the product runs, as the HTTP API serves them. */
export const PROCESSES: ProcessApi[] = [nameCorrectionApi, registrationApi];
