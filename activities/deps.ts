import type { Mailer } from '../mail/mailer';
import type { Policy } from '../policy/policy';
import type { Db } from '../store/db';

/** What activities need from the outside world; the worker builds it from the configuration. */
export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  policy: Policy;
}
