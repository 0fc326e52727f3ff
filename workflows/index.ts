// Every workflow the worker runs. Workflow code is bundled into a deterministic sandbox:
// import only @temporalio/workflow, pure modules (schemas, rules) and types from activities.
export { nameCorrection } from './name-correction/workflow';
export { recordsCheckpoint } from './records-checkpoint/workflow';
export { accountTransfer } from './account-transfer/workflow';
export { unauthorisedTransfer } from './unauthorised-transfer/workflow';
export { voluntaryClosure } from './voluntary-closure/workflow';
export { registration } from './registration/workflow';
