// Anthropic provider: descriptor for the gateway, operations, usage parsers, health check and fake.
export {
  ANTHROPIC_BASE_URL,
  ANTHROPIC_VERSION,
  anthropicDescriptor,
  anthropicError,
  anthropicRateLimitHint,
  classifyAnthropicError,
} from './descriptor';
export {
  DEFAULT_MAX_TOKENS,
  createMessage,
  extractJson,
  getCostReport,
  listModels,
  streamMessage,
  type AnthropicModel,
  type AnthropicTurn,
  type CostReportQuery,
  type MessageInput,
  type MessageResult,
} from './client';
export {
  AnthropicStreamConsumer,
  anthropicUnits,
  parseCostReport,
  parseMessage,
  readMessage,
  type AnthropicMessage,
  type AnthropicStreamResult,
  type CostReportLine,
  type CostReportPage,
  type ToolUse,
} from './usage';
export { checkAnthropicHealth } from './health';
export {
  anthropicErrorBody,
  startAnthropicFake,
  type AnthropicFake,
  type AnthropicFakeOptions,
  type CostReportEntry,
} from './fake';
