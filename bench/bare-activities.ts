/** The bare workflow's one activity: does nothing, so only Temporal's own cost of an activity is left. */
export const bareActivities = {
  async noop(): Promise<void> {},
};

export type BareActivities = typeof bareActivities;
