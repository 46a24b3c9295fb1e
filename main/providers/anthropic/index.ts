// Anthropic provider: descriptor for the gateway, operations, usage parsers and health check.
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
  listModels,
  streamMessage,
  type AnthropicModel,
  type AnthropicTurn,
  type MessageInput,
  type MessageResult,
} from './client';
export {
  AnthropicStreamConsumer,
  anthropicUnits,
  parseMessage,
  readMessage,
  type AnthropicMessage,
  type AnthropicStreamResult,
  type ToolUse,
} from './usage';
export { checkAnthropicHealth } from './health';
