/** What the API answered instead of a result: its status, its error code and, for 400, each field's rule. */
export class ComplianceApiError extends Error {
  override name = 'ComplianceApiError';
  constructor(
    readonly status: number,
    /** The API's error code: invalid_input, unauthenticated, forbidden, not_found, action_refused, case_exists, internal. */
    readonly code: string,
    message: string,
    /** invalid_input: each field (a dotted path) and the rule it broke. */
    readonly issues: { field: string; rule: string }[] = [],
    /** forbidden: the roles that may call the route. */
    readonly needs: string[] = [],
  ) {
    super(message);
  }
}

/** A second open of a case: the account's open case is in `existing`. */
export class CaseExistsError extends ComplianceApiError {
  override name = 'CaseExistsError';
  constructor(
    message: string,
    readonly existing: { workflowId: string; caseRef: string },
  ) {
    super(409, 'case_exists', message);
  }
}

/** The API could not be reached, or answered something that is not its JSON. */
export class ComplianceUnreachableError extends Error {
  override name = 'ComplianceUnreachableError';
}
