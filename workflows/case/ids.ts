/** One open case per account and kind: the workflow ID is the business key. */
export function caseWorkflowId(kind: string, accountId: string): string {
  return `${kind}:${accountId}`;
}
