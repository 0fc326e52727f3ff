import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { HISTORIES_DIR } from '../helpers/record-history';
import { testDataConverter, workflowBundle } from '../helpers/stack';

// Histories recorded from real runs of every path (RECORD_HISTORIES=1 npm run jest), replayed against
// the workflow code as it is now. A non-deterministic change (one not guarded by `patched`) fails here.
// The worker's data converter is production's: histories from before payload encryption still replay.
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort();

test('there are recorded histories to replay', () => {
  expect(files.length).toBeGreaterThanOrEqual(5);
});

test.each(files)('replays %s', async (file) => {
  const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')));
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: testDataConverter() }, history, file.replace(/\.json$/, ''));
});
