import type { Policy } from '../policy/policy';
import type { ServiceDeps } from '../services/deps';
import type { OidcVerifier } from './auth/oidc';

/** What the API needs besides the services': the published policy, and OIDC when configured. */
export interface ApiDeps extends ServiceDeps {
  /** The policy the API publishes (GET /v1/rules): the workers' policy, from the same POLICY_FILE. */
  policy: Policy;
  /** Verifies OIDC bearer tokens; absent: only API tokens are accepted. */
  oidc?: OidcVerifier;
}
