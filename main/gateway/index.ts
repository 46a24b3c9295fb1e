export { createGateway, type GatewayOptions, type GatewayService } from './gateway';
export { createBaseUrls, baseUrlEnvName, type BaseUrlSettings } from './base-urls';
export {
  withFallback,
  defaultShouldFallBack,
  type FallbackStep,
  type FallbackResult,
  type FallbackFailure,
} from './fallback';
export { classifyStatus, isRetryableStatus } from './errors';
export { retryAfterMsFromHeaders, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
export { SseParser } from './sse';
export * from './types';
export type * from './deps';
