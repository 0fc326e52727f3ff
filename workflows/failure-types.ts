/** Failure types that activities throw and workflows react to (shared, so both spell them the same). */

/** The relay refused the notice's recipient for good: retrying cannot help. */
export const NOTICE_UNDELIVERABLE = 'NoticeUndeliverable';
