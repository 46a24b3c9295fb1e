// The gateway's one undici Agent, composed with a per-attempt metering interceptor (libraries.md §4).
// The interceptor sees every byte and transport error of an attempt, whatever the caller does with the body
// (parse it, stream it as SSE, or hand it to a file sink), so bytes and timing are measured in one place.
import { Agent, type Dispatcher } from 'undici';

/** Filled in by the interceptor for one attempt. Passed as the request's `opaque`. */
export class AttemptMeter {
  readonly startedAt = performance.now();
  responseBytes = 0;
  /** End of the response body, or the attempt's first transport error. */
  endedAt: number | null = null;
}

class MeteringHandler implements Dispatcher.DispatchHandler {
  constructor(
    private readonly meter: AttemptMeter,
    private readonly inner: Dispatcher.DispatchHandler,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.inner.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(
    controller: Dispatcher.DispatchController,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    socket: import('node:stream').Duplex,
  ): void {
    this.inner.onRequestUpgrade?.(controller, status, headers, socket);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    statusMessage?: string,
  ): void {
    this.inner.onResponseStart?.(controller, status, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.meter.responseBytes += chunk.length;
    this.inner.onResponseData?.(controller, chunk);
  }

  onResponseEnd(
    controller: Dispatcher.DispatchController,
    trailers: Record<string, string | string[] | undefined>,
  ): void {
    this.meter.endedAt ??= performance.now();
    this.inner.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    // The first error ends the attempt; later ones are teardown echoes (libraries.md §4: the `fin` guard).
    this.meter.endedAt ??= performance.now();
    this.inner.onResponseError?.(controller, error);
  }
}

/** Meters requests whose `opaque` is an AttemptMeter; everything else passes through untouched. */
export const meteringInterceptor: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  // `opaque` is undici's slot for caller data; request() passes its options object through to dispatch.
  const meter = (opts as { opaque?: unknown }).opaque;
  return meter instanceof AttemptMeter ? dispatch(opts, new MeteringHandler(meter, handler)) : dispatch(opts, handler);
};

export function createGatewayAgent(options: Agent.Options = {}): { dispatcher: Dispatcher; close(): Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: 10_000, ...options });
  return { dispatcher: agent.compose(meteringInterceptor), close: () => agent.close() };
}
