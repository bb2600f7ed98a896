/**
 * Failures with their message and stack trace moved into an encoded payload, which the codec then
 * encrypts (src/temporal/codec.ts): a refusal's message can name a person. Loaded by path, in the
 * workflow bundle as well as in clients and workers.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
