import { condition } from '@temporalio/workflow';
import type { RegistrationNoticeKind } from '../../mail/templates/registration';
import { ReviewRegistrationUpdateSchema, WithdrawRegistrationSchema } from '../../schemas/registration';
import type { ActionSeal } from '../../security/action-seal';
import { Case, type ProcessDefinition } from '../case/case';
import { SYSTEM } from '../case/events';
import { secondPairRefusal } from '../case/four-eyes';
import { refuse } from '../case/guards';
import { nowIso } from '../clock';
import { REGISTRATION, reviewRegistration, withdrawRegistration } from './messages';
import {
  awaiting,
  deadlineRunning,
  evolve,
  initialState,
  summary,
  type Outcome,
  type RegistrationEvent,
  type RegistrationInput,
  type RegistrationState,
} from './state';

const PROCESS: ProcessDefinition<RegistrationState, RegistrationEvent> = { ...REGISTRATION, evolve, deadlineRunning, awaiting };

export interface RegistrationResult {
  caseRef: string;
  outcome: Outcome;
  closedAt: string;
}

/**
 * Registration held for review (Art. 8 ¶1, 8 ¶3, 9, 10 ¶1): an application the automatic checks would
 * not pass straight through (a look-alike name, a second account, ...) waits for a reviewer. The
 * applicant is told; the reviewer approves (the account is registered) or rejects with reasons; the
 * applicant may withdraw. A review that lapses is escalated and goes on waiting: nobody is refused
 * because the platform was slow.
 */
export async function registration(input: RegistrationInput, seal?: ActionSeal): Promise<RegistrationResult> {
  const c = new Case<RegistrationState, RegistrationEvent, RegistrationNoticeKind>(PROCESS, input, seal);
  // Notices go to the applicant's subject: the account has no contact of its own until it is registered.
  const toApplicant = { toSubject: input.subjectId };
  const accountName = input.name;

  c.action(reviewRegistration, {
    schema: ReviewRegistrationUpdateSchema,
    verb: 'review the registration',
    stages: ['under_review'],
    byOperator: true,
    check: (_, s, by) => {
      // The service that opened the case does not also decide it.
      const why = secondPairRefusal(by, { proposer: s.openedBy, openedBy: s.openedBy, deciders: [], verb: 'review', what: 'this registration' });
      if (why) refuse(why);
    },
    accept: (a, by) => {
      c.emit({ type: 'registration_reviewed', by, decision: a.decision, reason: a.reason });
      return summary(c.state);
    },
  });

  c.action(withdrawRegistration, {
    schema: WithdrawRegistrationSchema,
    verb: 'withdraw the registration',
    stages: ['under_review'],
    accept: ({ statement }, by, via) => {
      c.emit({ type: 'registration_withdrawn', by, ...(via ? { via } : {}), ...(statement ? { statement } : {}) });
      return summary(c.state);
    },
  });

  const s = await c.open((terms, openedAt) => initialState(input, terms, openedAt));
  // Reviewers are not reminded by e-mail: the wait is quiet, and its lapse is escalated instead.
  c.setDeadline(Date.parse(s.openedAt) + s.terms.windowMs, 'a reviewer decides the registration', { reminders: false });
  c.emit({ type: 'opened', by: input.openedBy, application: s.application, findings: s.findings, deadline: s.deadline!.at, terms: s.terms });
  const held = s.findings.map((f) => f.detail).join('；');
  await c.record('hold_registration', 'held', { actor: input.openedBy, reason: held, evidence: { application: s.application, findings: s.findings } });
  await c.notify('held', 'held', { accountName, findings: s.findings }, 'notice: registration held for review', toApplicant);

  // The review's deadline passing is the case layer's event; escalating it is this process's step.
  void (async () => {
    await condition(() => s.overdue !== undefined || s.closure !== undefined);
    if (s.closure) return;
    const reason = `registration of account ${s.accountId} awaits a reviewer past ${s.overdue!.since}`;
    c.later(async () => {
      await c.record('escalate_review', 'review-overdue', { actor: SYSTEM, reason, evidence: { deadline: s.overdue!.since } });
      await c.call('sendEscalation', 'e-mail: registration review overdue, escalated', {
        idempotencyKey: `${s.caseRef}:${s.accountId}:review-overdue:escalation`,
        caseKind: REGISTRATION.kind,
        caseRef: s.caseRef,
        accountId: s.accountId,
        reason,
        title: '账号注册待审核已超期 registration review overdue',
        next: ['The case goes on waiting: a reviewer approves or rejects the registration, or the applicant withdraws it.'],
      });
      c.emit({ type: 'review_escalated', by: SYSTEM, deadline: s.overdue!.since });
    });
  })();

  const { outcome } = await c.run();

  if (outcome === 'registered') {
    const review = s.review!;
    const done = await c.call('registerAccountFromCase', `register account ${s.accountId}`, {
      ...c.step('register', review.by, review.reason),
      application: s.application,
    });
    if (done.registered) {
      c.emit({ type: 'account_registered', by: review.by });
      await c.notify('approved', 'approved', { accountName, reason: review.reason }, 'notice: registration approved', toApplicant);
    } else {
      // Approved, but the account can no longer be registered as asked (the quota filled meanwhile, say).
      const e = c.emit({ type: 'registration_refused_at_approval', by: SYSTEM, findings: done.findings });
      const reason = done.findings.map((f) => f.detail).join('；');
      await c.record('refuse_registration', `e${e.seq}`, { actor: SYSTEM, reason, evidence: { findings: done.findings, approvedBy: review.by } });
      await c.notify('rejected', 'rejected', { accountName, reason, findings: done.findings }, 'notice: registration refused at approval', toApplicant);
    }
  } else if (outcome === 'rejected') {
    const review = s.review!;
    await c.record('reject_registration', 'rejected', { actor: review.by, reason: review.reason, evidence: { application: s.application, findings: s.findings } });
    await c.notify('rejected', 'rejected', { accountName, reason: review.reason }, 'notice: registration rejected', toApplicant);
  } else {
    const w = s.events.find((e) => e.type === 'registration_withdrawn') as { by: string; via?: string; statement?: string };
    await c.record('withdraw_registration', 'withdrawn', { actor: w.by, reason: w.statement || 'the applicant withdrew the registration', ...(w.via ? { evidence: { via: w.via } } : {}) });
  }
  const closed = s.closure!.outcome;
  await c.close(closed);
  return { caseRef: s.caseRef, outcome: closed, closedAt: nowIso() };
}
