import type { RegistrationFinding } from '../schemas/registration';

/**
 * The checks refused a registration (quota, blacklist, reserved name, missing qualification, a false
 * identity ...): every rule named; recorded, nothing registered. 409 through the API (api/errors.ts).
 */
export class RegistrationRefusedError extends Error {
  override name = 'RegistrationRefusedError';
  constructor(
    message: string,
    readonly findings: RegistrationFinding[],
  ) {
    super(message);
  }
}
