import { patched } from '@temporalio/workflow';
import type { NameCorrectionNoticeKind } from '../../mail/templates/name-correction';
import {
  ExtendDeadlineUpdateSchema,
  RefuseCorrectionSchema,
  ReviewCorrectionUpdateSchema,
  SubmitCorrectionSchema,
  WithdrawCaseUpdateSchema,
} from '../../schemas/name-correction';
import type { ActionSeal } from '../../security/action-seal';
import { Case, type ProcessDefinition } from '../case/case';
import { SYSTEM } from '../case/events';
import { refuse } from '../case/guards';
import { confirmedTermination, declareTermination } from '../case/termination';
import { now, nowIso } from '../clock';
import {
  confirmTermination,
  extendDeadline,
  NAME_CORRECTION,
  proposeTermination,
  refuseCorrection,
  rejectTermination,
  reviewCorrection,
  submitCorrection,
  withdrawCase,
} from './messages';
import {
  awaiting,
  currentSubmission,
  deadlineRunning,
  deciders,
  evolve,
  initialState,
  summary,
  type NameCorrectionEvent,
  type NameCorrectionInput,
  type NameCorrectionState,
  type Outcome,
} from './state';
import { nameCorrectionV1 } from './v1/workflow';

const PROCESS: ProcessDefinition<NameCorrectionState, NameCorrectionEvent> = { ...NAME_CORRECTION, evolve, deadlineRunning, awaiting };
const ARTICLE_RESERVE = '第八条第三款';

export interface NameCorrectionResult {
  caseRef: string;
  outcome: Outcome;
  closedAt: string;
  submissions: number;
}

/**
 * Name correction (Art. 8 ¶2–3): suspend → notify with a deadline → reminders → corrections checked and
 * reviewed → restore on approval; when the deadline passes or the user refuses, terminate and reserve
 * the name once one operator has proposed it and a second supervisor confirmed (four eyes); operators
 * may extend the deadline or withdraw a false positive.
 */
export async function nameCorrection(input: NameCorrectionInput, seal?: ActionSeal): Promise<NameCorrectionResult> {
  // Cases opened before the case layer finish on the code they began with (their histories replay on it).
  if (!patched('case-layer')) return nameCorrectionV1(input as Parameters<typeof nameCorrectionV1>[0]);

  // Cases opened before four eyes terminate by themselves, as they began (their histories replay so).
  const fourEyes = patched('four-eyes');
  // Actions are declared before the case opens, so that none sent in its first moments is lost.
  // The start's seal (services/case/open.ts) is verified when the case opens, before it imposes anything.
  const c = new Case<NameCorrectionState, NameCorrectionEvent, NameCorrectionNoticeKind>(PROCESS, input, seal);
  const deadline = () => c.state.deadline!.at;

  c.action(submitCorrection, {
    schema: SubmitCorrectionSchema,
    verb: 'submit a correction',
    stages: ['awaiting_correction'],
    check: (_, s) => {
      if (now() >= Date.parse(s.deadline!.at)) refuse(`the deadline ${s.deadline!.at} has passed`);
      if (s.submissions.length >= s.terms.maxSubmissions) refuse(`at most ${s.terms.maxSubmissions} corrections may be submitted in one case`);
    },
    accept: async ({ profile }, by, via) => {
      const submissionNo = c.state.submissions.length + 1;
      c.emit({ type: 'correction_submitted', by, ...(via ? { via } : {}), submissionNo, profile });
      const findings = await c.call('checkProposedProfile', `automatic checks of correction ${submissionNo}`, { profile });
      const passed = !findings.some((f) => f.blocking);
      const e = c.emit({ type: 'correction_checked', by: SYSTEM, submissionNo, passed, findings });
      if (!passed) {
        const reason = findings.filter((f) => f.blocking).map((f) => f.detail).join('；');
        c.later(async () => {
          // The rejected proposal itself goes in the record, so the decision can be reconstructed from the
          // records alone (Art. 19). Cases that recorded this rejection before keep their old evidence.
          const evidence = patched('rejected-profile-in-record') ? { submissionNo, findings, profile } : { submissionNo, findings };
          await c.record('reject_correction_automatically', `e${e.seq}`, { actor: SYSTEM, reason, evidence });
          if (Date.parse(e.at) < Date.parse(deadline())) await c.notify('correction_rejected', `e${e.seq}`, { submissionNo, reason });
        });
      }
      return { submissionNo, passed, findings, stage: c.state.stage, deadline: deadline() };
    },
  });

  c.action(refuseCorrection, {
    schema: RefuseCorrectionSchema,
    verb: 'refuse',
    stages: ['awaiting_correction', 'under_review'],
    accept: ({ statement }, by, via) => {
      const e = c.emit({ type: 'correction_refused', by, ...(via ? { via } : {}), statement });
      const reason = statement || 'the account holder refused to correct';
      c.later(() => c.record('refuse_correction', `e${e.seq}`, { actor: by, reason, ...(via ? { evidence: { via } } : {}) }));
      return summary(c.state);
    },
  });

  c.action(reviewCorrection, {
    schema: ReviewCorrectionUpdateSchema,
    verb: 'review',
    stages: ['under_review'],
    byOperator: true,
    check: (a, s, by) => {
      // Four eyes: whoever opened the case does not also decide it.
      if (by === s.openedBy) refuse(`four eyes: "${by}" opened this case and may not review it`);
      const current = currentSubmission(s)!;
      if (a.submissionNo !== current.no) refuse(`submissionNo: ${a.submissionNo} is not the correction under review (that is ${current.no})`);
    },
    accept: (a, by) => {
      const e = c.emit({ type: 'correction_reviewed', by, submissionNo: a.submissionNo, decision: a.decision, reason: a.reason });
      const profile = c.state.submissions.find((x) => x.no === a.submissionNo)?.profile;
      c.later(async () => {
        const action = a.decision === 'approve' ? 'approve_correction' : 'reject_correction';
        await c.record(action, `e${e.seq}`, { actor: by, reason: a.reason, evidence: { submissionNo: a.submissionNo, profile } });
        // After the deadline a rejection ends the case; the termination notice says so instead.
        if (a.decision === 'reject' && Date.parse(e.at) < Date.parse(deadline())) {
          await c.notify('correction_rejected', `e${e.seq}`, { submissionNo: a.submissionNo, reason: a.reason });
        }
      });
      return summary(c.state);
    },
  });

  c.action(extendDeadline, {
    schema: ExtendDeadlineUpdateSchema,
    verb: 'extend the deadline',
    stages: ['awaiting_correction', 'checking', 'under_review'],
    byOperator: true,
    check: (a, s) => c.checkExtension(a.newDeadline, { passedIsFinal: s.stage === 'awaiting_correction' }),
    accept: (a, by) => {
      const from = deadline();
      const e = c.emit({ type: 'deadline_extended', by, from, to: new Date(a.newDeadline).toISOString(), reason: a.reason });
      c.later(async () => {
        await c.record('extend_deadline', `e${e.seq}`, { actor: by, reason: a.reason, evidence: { from, to: deadline() } });
        await c.notify('deadline_extended', `e${e.seq}`, { previousDeadline: from, reason: a.reason });
      });
      return summary(c.state);
    },
  });

  c.action(withdrawCase, {
    schema: WithdrawCaseUpdateSchema,
    verb: 'withdraw',
    stages: ['awaiting_correction', 'checking', 'under_review', 'termination_due', 'termination_proposed'],
    byOperator: true,
    accept: (a, by) => {
      const e = c.emit({ type: 'case_withdrawn', by, reason: a.reason });
      c.later(() => c.record('withdraw_case', `e${e.seq}`, { actor: by, reason: a.reason }));
      return summary(c.state);
    },
  });

  // ---- Four eyes on terminating service (workflows/case/four-eyes.ts, termination.ts) ----
  declareTermination(c, { propose: proposeTermination, confirm: confirmTermination, reject: rejectTermination }, { deciders, answer: summary });

  // The case opens: service is suspended and the account holder told what to correct, by when.
  const s = await c.open((terms, openedAt) => initialState(input, terms, openedAt, { fourEyes }));
  c.emit({ type: 'opened', by: input.openedBy, findings: input.findings, deadline: deadline(), terms: s.terms });
  await c.impose('suspend_service', 'suspend', { actor: input.openedBy, reason: 'profile failed the compliance check', evidence: { findings: input.findings } });
  await c.notify('opened', 'opened', { findings: input.findings }, 'notice: case opened, deadline set');

  const { outcome, cause } = await c.run();

  // The closing measures of the outcome.
  let reason: string | undefined;
  if (outcome === 'restored') {
    const sub = currentSubmission(s)!;
    const by = sub.review!.by;
    const why = `correction ${sub.no} approved`;
    await c.call('applyCorrectedProfile', `apply correction ${sub.no}`, { ...c.step('apply-profile', by, why), profile: sub.profile });
    c.emit({ type: 'profile_applied', by, submissionNo: sub.no });
    await c.lift(['suspend_service'], 'restore_service', 'restore', { actor: by, reason: why });
  } else if (outcome === 'withdrawn') {
    const withdrawn = s.events.filter((e) => e.type === 'case_withdrawn').pop() as { by: string; reason: string };
    reason = withdrawn.reason;
    await c.lift(['suspend_service'], 'restore_service', 'restore', { actor: withdrawn.by, reason: 'case withdrawn as a false positive' });
  } else {
    const why = cause === 'refused' ? 'the account holder refused to correct' : 'the deadline passed without an approved correction';
    // Four eyes: the measure is the confirming supervisor's, on the proposer's proposal; older cases: the system's.
    const confirmed = confirmedTermination(s);
    const actor = confirmed?.actor ?? SYSTEM;
    await c.impose('terminate_service', 'terminate', { actor, reason: why, evidence: { deadline: deadline(), ...confirmed?.evidence } });
    await c.call('reserveAccountName', 'reserve the name for good (Art. 8 ¶3)', { ...c.step('reserve-name', actor, why), article: ARTICLE_RESERVE });
    c.emit({ type: 'name_reserved', by: actor });
  }
  await c.notify(outcome, `close:${outcome}`, { cause, ...(reason ? { reason } : {}) }, `notice: case closed, ${outcome}`);
  await c.close(outcome);
  return { caseRef: s.caseRef, outcome, closedAt: nowIso(), submissions: s.submissions.length };
}
