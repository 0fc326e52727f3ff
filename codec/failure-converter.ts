import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces moved into an encoded payload, so that the payload codec
 * encrypts them: a refusal or an SMTP error may quote an e-mail address or a statement. The history
 * shows "Encoded failure" in their place. Loaded by path (DataConverter.failureConverterPath) by the
 * worker, the workflow bundle and clients alike: imports nothing but @temporalio/common.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
