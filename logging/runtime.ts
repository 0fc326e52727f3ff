import { DefaultLogger, Runtime } from '@temporalio/worker';
import { MaskingLogger, maskConsole } from './masking-logger';

/**
 * A worker process's logging: the Temporal Runtime's logger and the console both mask personal data.
 * Called once, before the first connection (the Runtime is installed once per process, so whatever
 * else the Runtime must carry is set here too: the SDK's metrics, in Prometheus format, on
 * WORKER_METRICS_ADDRESS when given, e.g. "127.0.0.1:9464"; the benchmark reads them there).
 */
export function installMaskedLogging(metricsAddress = process.env.WORKER_METRICS_ADDRESS): void {
  Runtime.install({
    logger: new MaskingLogger(new DefaultLogger('INFO')),
    ...(metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } } : {}),
  });
  maskConsole();
}
