// The official OTLP/HTTP exporters for the chosen encoding. Protobuf uses the published exporter packages; JSON
// traces are the same OTLP/HTTP delegate with the transformer's JSON serializer (the SDK ships no separate
// "exporter-trace-otlp-http" here), so no byte of the wire format is written by hand.
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from '@opentelemetry/otlp-exporter-base/node-http';
import { JsonTraceSerializer, TraceExporterMetricsHelper } from '@opentelemetry/otlp-transformer';
import { AggregationTemporality, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

export type OtlpProtocol = 'http/protobuf' | 'http/json';

export interface ExporterSettings {
  /** Base endpoint; `/v1/traces` and `/v1/metrics` are appended (OTEL_EXPORTER_OTLP_ENDPOINT semantics). */
  endpoint: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  timeoutMillis: number;
}

export interface Exporters {
  exportSpans(spans: ReadableSpan[]): Promise<void>;
  exportMetrics(metrics: ResourceMetrics): Promise<void>;
  shutdown(): Promise<void>;
}

export const signalUrl = (endpoint: string, signal: 'traces' | 'metrics'): string =>
  `${endpoint.replace(/\/+$/, '')}/v1/${signal}`;

/** OTLP/HTTP JSON span exporter built from the SDK's own delegate and serializer. */
class JsonTraceExporter extends OTLPExporterBase<ReadableSpan[]> {
  constructor(config: ConstructorParameters<typeof ProtoTraceExporter>[0] & object) {
    super(
      createOtlpHttpExportDelegate(
        convertLegacyHttpOptions(config, 'TRACES', 'v1/traces', { 'Content-Type': 'application/json' }),
        JsonTraceSerializer,
        'otlp_http_json_span_exporter',
        TraceExporterMetricsHelper,
        undefined,
      ),
    );
  }
}

/** Turns the SDK's callback result into a promise that rejects with the exporter's error. */
function settle(run: (done: (r: ExportResult) => void) => void): Promise<void> {
  return new Promise((resolve, reject) =>
    run((r) => (r.code === ExportResultCode.SUCCESS ? resolve() : reject(r.error ?? new Error('OTLP export failed')))),
  );
}

export function createExporters(s: ExporterSettings): Exporters {
  const common = { headers: s.headers, timeoutMillis: s.timeoutMillis, keepAlive: true };
  const traceConfig = { ...common, url: signalUrl(s.endpoint, 'traces') };
  // Cumulative: each export carries totals since the export started, so a missed export loses nothing.
  const metricConfig = {
    ...common,
    url: signalUrl(s.endpoint, 'metrics'),
    temporalityPreference: AggregationTemporality.CUMULATIVE,
  };
  const traces = s.protocol === 'http/json' ? new JsonTraceExporter(traceConfig) : new ProtoTraceExporter(traceConfig);
  const metrics =
    s.protocol === 'http/json' ? new JsonMetricExporter(metricConfig) : new ProtoMetricExporter(metricConfig);
  return {
    exportSpans: (spans) => settle((done) => traces.export(spans, done)),
    exportMetrics: (m) => settle((done) => metrics.export(m, done)),
    async shutdown() {
      await Promise.allSettled([traces.shutdown(), metrics.shutdown()]);
    },
  };
}
