// A loopback OTLP/HTTP receiver: decodes /v1/traces and /v1/metrics (protobuf by the official .proto definitions,
// or OTLP JSON) into flat spans and metric points the tests can read. It can refuse (HTTP status) or go away
// (closed port) and come back on the same port.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { otlpSchema, type Decoded } from './otlp-proto';

export type AttrMap = Record<string, string | number | boolean>;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: AttrMap;
  statusCode: number;
  statusMessage: string;
  links: Array<{ traceId: string; spanId: string; attributes: AttrMap }>;
  resource: AttrMap;
  scope: string;
}

export interface ReceivedPoint {
  metric: string;
  unit: string;
  temporality: number;
  monotonic: boolean;
  value: number;
  attributes: AttrMap;
}

export interface ReceivedRequest {
  path: string;
  contentType: string;
  headers: IncomingHttpHeaders;
  /** The raw body as latin1 text, to prove what is NOT in it. */
  raw: string;
}

const schema = otlpSchema();

/** One AnyValue (protobuf-decoded or OTLP JSON) -> a plain value. JSON carries int64 as strings. */
function anyValue(v: Decoded | undefined): string | number | boolean {
  if (!v) return '';
  if ('stringValue' in v) return v.stringValue as string;
  if ('boolValue' in v) return v.boolValue as boolean;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  return JSON.stringify(v);
}

export function attrs(list: unknown): AttrMap {
  const out: AttrMap = {};
  for (const kv of (list ?? []) as Decoded[]) out[kv.key as string] = anyValue(kv.value as Decoded | undefined);
  return out;
}

/** OTLP JSON encodes ids as hex already; protobuf ids come out of the decoder as hex too. */
const hex = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase() : '');

function flattenSpans(req: Decoded): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of (req.resourceSpans ?? []) as Decoded[]) {
    const resource = attrs((rs.resource as Decoded | undefined)?.attributes);
    for (const ss of (rs.scopeSpans ?? []) as Decoded[]) {
      const scope = ((ss.scope as Decoded | undefined)?.name as string) ?? '';
      for (const s of (ss.spans ?? []) as Decoded[]) {
        const status = (s.status ?? {}) as Decoded;
        out.push({
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          parentSpanId: hex(s.parentSpanId),
          name: s.name as string,
          kind: Number(s.kind ?? 0),
          startTimeUnixNano: BigInt(s.startTimeUnixNano as string | bigint),
          endTimeUnixNano: BigInt(s.endTimeUnixNano as string | bigint),
          attributes: attrs(s.attributes),
          statusCode: Number(status.code ?? 0),
          statusMessage: (status.message as string) ?? '',
          links: ((s.links ?? []) as Decoded[]).map((l) => ({
            traceId: hex(l.traceId),
            spanId: hex(l.spanId),
            attributes: attrs(l.attributes),
          })),
          resource,
          scope,
        });
      }
    }
  }
  return out;
}

function flattenMetrics(req: Decoded): ReceivedPoint[] {
  const out: ReceivedPoint[] = [];
  for (const rm of (req.resourceMetrics ?? []) as Decoded[]) {
    for (const sm of (rm.scopeMetrics ?? []) as Decoded[]) {
      for (const m of (sm.metrics ?? []) as Decoded[]) {
        const sum = m.sum as Decoded | undefined;
        if (!sum) continue;
        for (const p of (sum.dataPoints ?? []) as Decoded[]) {
          out.push({
            metric: m.name as string,
            unit: (m.unit as string) ?? '',
            temporality: Number(sum.aggregationTemporality ?? 0),
            monotonic: Boolean(sum.isMonotonic),
            value: Number(p.asDouble ?? p.asInt ?? 0),
            attributes: attrs(p.attributes),
          });
        }
      }
    }
  }
  return out;
}

export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly points: ReceivedPoint[][] = [];
  readonly requests: ReceivedRequest[] = [];
  /** Answer every request with this status instead of accepting it (null = accept). */
  refuseWith: number | null = null;
  /** While true, requests are read but left unanswered until release(). */
  holding = false;
  private held: Array<() => void> = [];
  private arrivals: Array<() => void> = [];
  private server: Server | null = null;
  private port = 0;

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Spans by name prefix, in arrival order. */
  named(prefix: string): ReceivedSpan[] {
    return this.spans.filter((s) => s.name.startsWith(prefix));
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const contentType = req.headers['content-type'] ?? '';
        this.requests.push({ path: req.url ?? '', contentType, headers: req.headers, raw: body.toString('latin1') });
        for (const notify of this.arrivals.splice(0)) notify();
        if (this.holding) {
          this.held.push(() => res.writeHead(503, { 'Content-Type': 'text/plain' }).end('released by test'));
          return;
        }
        if (this.refuseWith !== null) {
          res.writeHead(this.refuseWith, { 'Content-Type': 'text/plain' }).end('refused by test');
          return;
        }
        const json = contentType.includes('json');
        const decode = (message: string): Decoded =>
          json ? (JSON.parse(body.toString('utf8')) as Decoded) : schema.decode(message, body);
        if (req.url === '/v1/traces') {
          this.spans.push(...flattenSpans(decode('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest')));
        } else if (req.url === '/v1/metrics') {
          this.points.push(
            flattenMetrics(decode('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest')),
          );
        } else {
          res.writeHead(404).end();
          return;
        }
        // An empty ExportTraceServiceResponse / ExportMetricsServiceResponse.
        res
          .writeHead(200, { 'Content-Type': json ? 'application/json' : 'application/x-protobuf' })
          .end(json ? '{}' : '');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Resolves when the next request has arrived (been read in full). */
  nextRequest(): Promise<void> {
    return new Promise((resolve) => this.arrivals.push(resolve));
  }

  /** Answers the held requests (503) and stops holding. */
  release(): void {
    this.holding = false;
    for (const answer of this.held.splice(0)) answer();
  }

  /** Closes the port (connections refused) until start() listens on it again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
