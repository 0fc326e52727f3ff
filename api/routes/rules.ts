import type { RouteArea } from '../app';

/**
 * The published rules: the policy the product runs (deadlines, reminders, protected words), so what is
 * published is what the timers do. Public: the law asks for published time limits (Art. 20 ¶2).
 */
export const ruleRoutes: RouteArea = (app, deps) => {
  app.get('/v1/rules', {
    schema: { tags: ['rules'], summary: 'The published rules: every deadline, reminder and name rule in force', description: 'Public: no credential needed.' },
    handler: async () => deps.policy,
  });
};
