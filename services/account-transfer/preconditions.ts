import type { OpenAccountTransfer } from '../../schemas/account-transfer';
import { InvalidInputError } from '../../schemas/errors';
import { getAccount } from '../../store/accounts';
import { activeMeasures } from '../../store/measures';
import { ACCOUNT_TRANSFER } from '../../workflows/account-transfer/messages';
import { caseWorkflowId } from '../../workflows/case/ids';
import { CaseRef } from '../../workflows/search-attributes';
import { CaseActionRefusedError } from '../case/errors';
import type { ServiceDeps } from '../deps';

/** The account as it stands does not allow a transfer (409, naming the rule); nothing was started. */
export class TransferRefusedError extends CaseActionRefusedError {
  override name = 'TransferRefusedError';
}

/**
 * Art. 11 ¶2 "依申请": only the holder applies, for an active account with no measure in force and no
 * other case open on it. A second transfer is openCase's 409 (one case per account and kind).
 */
export async function checkTransferPreconditions(deps: ServiceDeps, o: OpenAccountTransfer): Promise<void> {
  const account = await getAccount(deps.db, o.accountId);
  if (!account) {
    throw new InvalidInputError(`invalid account-transfer case: accountId: no account "${o.accountId}" in the registry`, [{ field: 'accountId', rule: 'must name an account in the registry' }]);
  }
  if (account.subjectId !== o.holderSubjectId) {
    throw new InvalidInputError(`invalid account-transfer case: holderSubjectId: "${o.holderSubjectId}" does not hold account "${o.accountId}": only its holder may apply`, [
      { field: 'holderSubjectId', rule: 'must be the subject holding the account' },
    ]);
  }
  const refused = (rule: string) => new TransferRefusedError(`account-transfer of account ${o.accountId} refused: ${rule}`);
  if (account.status !== 'active') throw refused(`the account must be active to be transferred; it is ${account.status}`);
  const measures = await activeMeasures(deps.db, o.accountId);
  if (measures.length) throw refused(`no measure may be in force against the account; in force: ${measures.map((m) => `${m.kind} (case ${m.caseRef})`).join(', ')}`);
  // Another process's case open on the account (its own kind's is openCase's "case exists"). Each
  // process keys its case by the account (workflows/case/ids.ts), so the case's own id is asked, not
  // visibility: a case opened a moment ago is in visibility only a moment later.
  // Imported when called: the process table lists this process too.
  const { PROCESSES } = await import('../processes');
  for (const p of PROCESSES) {
    if (p.process.kind === ACCOUNT_TRANSFER.kind) continue;
    const d = await deps.client.workflow.getHandle(caseWorkflowId(p.process.kind, o.accountId)).describe().catch(() => undefined);
    if (d?.status.name === 'RUNNING') throw refused(`no other case may be open on the account; ${p.process.kind} case ${d.typedSearchAttributes.get(CaseRef) ?? d.workflowId} is open`);
  }
}
