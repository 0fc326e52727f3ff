import type { ActivityDeps } from './deps';

export interface EscalationInput {
  /** One per escalation: the e-mail's Message-ID, so that a copy a retry sends again can be dropped. */
  idempotencyKey: string;
  caseKind: string;
  caseRef: string;
  accountId: string;
  /** What waits past its deadline (ids and the proposal's author only: no personal data). */
  reason: string;
  /** The e-mail's subject after the case reference, when it is not a termination that waits (a registration's review). */
  title?: string;
  /** What happens next, when it is not a termination that waits. */
  next?: string[];
}

export function createEscalationActivities({ mailer, policy }: ActivityDeps) {
  return {
    /**
     * Four eyes: tells the escalation address (policy `escalation.email`, the supervisors' list) that a
     * termination waits past its deadline for a proposal or a second supervisor's confirmation.
     */
    async sendEscalation(input: EscalationInput): Promise<void> {
      const messageId = `<${input.idempotencyKey.replace(/[^A-Za-z0-9_.:-]/g, '_')}@escalation.compliance>`;
      await mailer.send({
        to: policy.escalation.email,
        subject: `[升级 escalation] ${input.caseRef} ${input.title ?? '终止服务待复核 termination awaits a second pair of eyes'}`,
        text: [
          `Case ${input.caseRef} (${input.caseKind}), account ${input.accountId}:`,
          input.reason,
          '',
          ...(input.next ?? [
            'The case goes on waiting: a supervisor other than the proposer, the opener and the reviewers of the case',
            'confirms or rejects the proposal (or, with no proposal yet, an operator proposes), or withdraws the case.',
          ]),
        ].join('\n'),
        messageId,
        headers: { 'X-Case-Ref': input.caseRef, 'X-Notice-Kind': 'escalation' },
      });
    },
  };
}
