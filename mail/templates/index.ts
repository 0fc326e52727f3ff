import { ApplicationFailure } from '@temporalio/common';
import { ACCOUNT_TRANSFER_NOTICE_KINDS, renderAccountTransferNotice, type AccountTransferNoticeKind, type AccountTransferRenderInput } from './account-transfer';
import {
  NAME_CORRECTION_NOTICE_KINDS,
  renderNameCorrectionNotice,
  type NameCorrectionNoticeContext,
  type NameCorrectionNoticeKind,
} from './name-correction';
import {
  renderUnauthorisedTransferNotice,
  UNAUTHORISED_TRANSFER_NOTICE_KINDS,
  type UnauthorisedTransferNoticeKind,
  type UnauthorisedTransferRenderInput,
} from './unauthorised-transfer';
import {
  renderVoluntaryClosureNotice,
  VOLUNTARY_CLOSURE_NOTICE_KINDS,
  type VoluntaryClosureNoticeKind,
  type VoluntaryClosureRenderInput,
} from './voluntary-closure';
import { REGISTRATION_NOTICE_KINDS, renderRegistrationNotice, type RegistrationNoticeKind, type RegistrationRenderInput } from './registration';

/** What every template gets: the process's own context plus what the sending activity adds. */
export interface NoticeRenderContext extends Record<string, unknown> {
  caseRef: string;
  accountName: string;
  deadline?: string;
}

export interface RenderedNotice {
  subject: string;
  text: string;
}

/** Thrown for a notice no template knows: a retry would render nothing better. */
export const UNKNOWN_NOTICE = 'UnknownNotice';

function unknownNotice(what: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(what, UNKNOWN_NOTICE);
}

/** Name correction: every notice states the deadline, so one must come with it. */
function renderNameCorrection(kind: string, context: NoticeRenderContext): RenderedNotice {
  if (!(NAME_CORRECTION_NOTICE_KINDS as readonly string[]).includes(kind)) {
    throw unknownNotice(`no name-correction notice of kind ${JSON.stringify(kind)}`);
  }
  if (typeof context.deadline !== 'string') throw unknownNotice(`name-correction notice ${kind} without a deadline`);
  // The context comes from the workflow that wrote it, which types it as NameCorrectionNoticeContext.
  const c = context as NoticeRenderContext & NameCorrectionNoticeContext;
  return renderNameCorrectionNotice(kind as NameCorrectionNoticeKind, { ...c, deadline: context.deadline });
}

/** Account transfer: a notice may come without a deadline (a rejection at the first check). */
function renderAccountTransfer(kind: string, context: NoticeRenderContext): RenderedNotice {
  if (!(ACCOUNT_TRANSFER_NOTICE_KINDS as readonly string[]).includes(kind)) throw unknownNotice(`no account-transfer notice of kind ${JSON.stringify(kind)}`);
  return renderAccountTransferNotice(kind as AccountTransferNoticeKind, context as AccountTransferRenderInput);
}

/** A process's renderer, for templates that state a deadline (or date) in every notice. */
function withDeadline<K extends string, C>(
  caseKind: string,
  kinds: readonly K[],
  render: (kind: K, c: C) => RenderedNotice,
): (kind: string, context: NoticeRenderContext) => RenderedNotice {
  return (kind, context) => {
    if (!(kinds as readonly string[]).includes(kind)) throw unknownNotice(`no ${caseKind} notice of kind ${JSON.stringify(kind)}`);
    if (typeof context.deadline !== 'string') throw unknownNotice(`${caseKind} notice ${kind} without a deadline`);
    return render(kind as K, context as unknown as C);
  };
}

/** Registration: the applicant's notices, addressed to the subject; the review deadline when there is one. */
function renderRegistration(kind: string, context: NoticeRenderContext): RenderedNotice {
  if (!(REGISTRATION_NOTICE_KINDS as readonly string[]).includes(kind)) throw unknownNotice(`no registration notice of kind ${JSON.stringify(kind)}`);
  return renderRegistrationNotice(kind as RegistrationNoticeKind, context as NoticeRenderContext & RegistrationRenderInput);
}

/** One renderer per process (the case kind of its workflows); each checks the notice kinds it knows. */
export const NOTICE_TEMPLATES: Readonly<Record<string, (kind: string, context: NoticeRenderContext) => RenderedNotice>> = {
  'name-correction': renderNameCorrection,
  'account-transfer': renderAccountTransfer,
  'unauthorised-transfer': withDeadline<UnauthorisedTransferNoticeKind, UnauthorisedTransferRenderInput>('unauthorised-transfer', UNAUTHORISED_TRANSFER_NOTICE_KINDS, renderUnauthorisedTransferNotice),
  'voluntary-closure': withDeadline<VoluntaryClosureNoticeKind, VoluntaryClosureRenderInput>('voluntary-closure', VOLUNTARY_CLOSURE_NOTICE_KINDS, renderVoluntaryClosureNotice),
  registration: renderRegistration,
};

/** Subject and text of a notice; a non-retryable failure for a case kind or notice kind no template knows. */
export function renderNotice(caseKind: string, kind: string, context: NoticeRenderContext): RenderedNotice {
  const render = Object.hasOwn(NOTICE_TEMPLATES, caseKind) ? NOTICE_TEMPLATES[caseKind] : undefined;
  if (!render) throw unknownNotice(`no notice templates for case kind ${JSON.stringify(caseKind)}`);
  return render(kind, context);
}
