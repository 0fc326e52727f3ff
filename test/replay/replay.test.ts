import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { caseWorkflowId } from '../../workflows/case/ids';
import { PROCESSES } from '../../services/processes';
import { HISTORIES_DIR } from '../helpers/record-history';
import { testDataConverter, workflowBundle } from '../helpers/stack';

// Histories recorded from real runs of every path (RECORD_HISTORIES=1 npm run jest), replayed against
// the workflow code as it is now. A non-deterministic change (one not guarded by `patched`) fails here.
// The worker's data converter is production's: histories from before payload encryption still replay.
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort();

test('there are recorded histories to replay', () => {
  expect(files.length).toBeGreaterThanOrEqual(5);
});

type History = ReturnType<typeof historyFromJSON>;

/**
 * The workflow id the run had: a case's is "<kind>:<accountId>", from its input as the services derive
 * it (a signed opening is refused under any other, so its replay must see the same). Others: the file's name.
 */
function workflowIdOf(history: History, file: string): string {
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const first = started?.input?.payloads?.[0];
  const process = PROCESSES.map((p) => p.process).find((p) => p.workflowType === started?.workflowType?.name);
  if (!process || !first) return file.replace(/\.json$/, '');
  return caseWorkflowId(process.kind, defaultPayloadConverter.fromPayload<{ accountId: string }>(first).accountId);
}

test.each(files)('replays %s', async (file) => {
  const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')));
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: testDataConverter() }, history, workflowIdOf(history, file));
});
