/**
 * Loaded once per worker and shared by every workflow it caches (bundleOptions() in
 * workers/bundle.ts). Each cached workflow otherwise evaluates every module it imports again,
 * in a module cache of its own: zod's alone cost each cached case about 650 KiB. Only stateless
 * library code belongs here, since the worker freezes what it shares: not our schemas (zod builds a
 * schema's parser on its first use, which a frozen schema cannot do).
 */
import { z } from 'zod';

// zod sets its global configuration (locale, memoizer) when it builds its first schema; here, before
// the worker freezes it. This also keeps the import: zod declares itself free of side effects.
z.object({ at: z.email() }).safeParse({});
