import { DefaultLogger, Runtime } from '@temporalio/worker';
import { MaskingLogger, maskConsole } from './masking-logger';

/**
 * A worker process's logging: the Temporal Runtime's logger and the console both mask personal data.
 * Called once, before the first connection (the Runtime is installed once per process).
 */
export function installMaskedLogging(): void {
  Runtime.install({ logger: new MaskingLogger(new DefaultLogger('INFO')) });
  maskConsole();
}
