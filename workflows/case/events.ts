import type { FourEyesEvent } from './four-eyes';

/**
 * The event envelope every case shares (Ozone's model): each event carries its sequence number, its
 * time and its author; a case's state is derived from its events. Processes add their own event types.
 */
export interface Envelope {
  seq: number;
  at: string;
  /** An operator id, a platform service id, `holder:<accountId>` (signed cases), or one of the actors below. */
  by: string;
  /** The platform service that sent the account holder's own action on their behalf. */
  via?: string;
}

/** The account holder acts through the platform; their events carry this author (cases opened before actions were signed). */
export const ACCOUNT_HOLDER = 'account-holder';
/** What the case does by itself: deadlines, reminders, notices. */
export const SYSTEM = 'system';

/** Events the case layer itself appends, whatever the process. */
export type KernelEvent =
  | { type: 'deadline_extended'; from: string; to: string; reason: string }
  /** A process's next wait begins (one process may have several: materials, confirmations, a notice period). */
  | { type: 'deadline_set'; to: string; purpose: string; quiet?: boolean }
  | { type: 'deadline_passed'; deadline: string }
  | { type: 'reminder_sent' | 'reminder_skipped'; slot: string }
  | { type: 'notice_sent' | 'notice_failed'; kind: string; toSubject?: string }
  | { type: 'measure_imposed' | 'measure_lifted'; measure: string }
  | { type: 'closed'; outcome: string }
  | FourEyesEvent;

export type Stamped<B> = B & Envelope;
export type Authored<B> = B & { by: string; via?: string };
