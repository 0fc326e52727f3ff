import { ApplicationFailure } from '@temporalio/common';
import {
  NAME_CORRECTION_NOTICE_KINDS,
  renderNameCorrectionNotice,
  type NameCorrectionNoticeContext,
  type NameCorrectionNoticeKind,
} from './name-correction';
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

/** Registration: the applicant's notices, addressed to the subject; the review deadline when there is one. */
function renderRegistration(kind: string, context: NoticeRenderContext): RenderedNotice {
  if (!(REGISTRATION_NOTICE_KINDS as readonly string[]).includes(kind)) throw unknownNotice(`no registration notice of kind ${JSON.stringify(kind)}`);
  return renderRegistrationNotice(kind as RegistrationNoticeKind, context as NoticeRenderContext & RegistrationRenderInput);
}

/** One renderer per process (the case kind of its workflows); each checks the notice kinds it knows. */
export const NOTICE_TEMPLATES: Readonly<Record<string, (kind: string, context: NoticeRenderContext) => RenderedNotice>> = {
  'name-correction': renderNameCorrection,
  registration: renderRegistration,
};

/** Subject and text of a notice; a non-retryable failure for a case kind or notice kind no template knows. */
export function renderNotice(caseKind: string, kind: string, context: NoticeRenderContext): RenderedNotice {
  const render = Object.hasOwn(NOTICE_TEMPLATES, caseKind) ? NOTICE_TEMPLATES[caseKind] : undefined;
  if (!render) throw unknownNotice(`no notice templates for case kind ${JSON.stringify(caseKind)}`);
  return render(kind, context);
}
