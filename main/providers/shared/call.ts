// Per-call options every provider operation accepts, mapped onto GatewayRequest fields.
import type { GatewayRequest } from '../../gateway/types';

export interface CallOptions {
  /** Seed operation for hourly limits (content_analysis, script_generation, research…); each op has a default. */
  operation?: string;
  jobId?: string;
  contentId?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** The optional GatewayRequest fields carried by CallOptions, without undefined keys. */
export function callFields(options: CallOptions): Pick<GatewayRequest, 'jobId' | 'contentId' | 'signal' | 'timeoutMs'> {
  return {
    ...(options.jobId !== undefined ? { jobId: options.jobId } : {}),
    ...(options.contentId !== undefined ? { contentId: options.contentId } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
}

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;
