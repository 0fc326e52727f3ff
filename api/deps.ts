import type { IdentityDeps } from '../identity/deps';
import type { Policy } from '../policy/policy';
import type { ServiceDeps } from '../services/deps';
import type { SecretBox } from '../webhooks/secret-box';
import type { OidcVerifier } from './auth/oidc';

/** What the API needs besides the services': the published policy, the webhook secrets' box, the identity vault and verifier, and OIDC when configured. */
export interface ApiDeps extends ServiceDeps, IdentityDeps {
  /** The policy the API publishes (GET /v1/rules): the workers' policy, from the same POLICY_FILE. */
  policy: Policy;
  /** Seals new webhook subscriptions' signing secrets (WEBHOOK_SECRETS_KEY_FILE), the deliverer's key too. */
  webhookSecrets: SecretBox;
  /** Verifies OIDC bearer tokens; absent: only API tokens are accepted. */
  oidc?: OidcVerifier;
}
