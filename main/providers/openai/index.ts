// OpenAI provider: descriptor for the gateway, operations, usage parsers and health check.
export { OPENAI_BASE_URL, classifyOpenAIError, openAIRateLimitHint, openaiDescriptor } from './descriptor';
export {
  DEFAULT_MAX_OUTPUT_TOKENS,
  TRANSCRIPTION_MAX_BYTES,
  createChatCompletion,
  createEmbeddings,
  createLegacyCompletion,
  listModels,
  streamChatCompletion,
  transcribeAudio,
  type ChatInput,
  type ChatResult,
  type ChatRole,
  type ChatTurn,
  type EmbeddingsInput,
  type LegacyCompletionInput,
  type ModelInfo,
  type ResponseFormat,
  type TranscriptionFormat,
  type TranscriptionInput,
} from './client';
export {
  TranscriptionStreamConsumer,
  billedSeconds,
  meterTextTranscription,
  openAIChatStreamConsumer,
  parseChatCompletion,
  parseEmbeddings,
  parseLegacyCompletion,
  parseTranscriptionJson,
  transcriptionUnits,
  type Embeddings,
  type LegacyCompletion,
  type Transcript,
} from './usage';
export { checkOpenAIHealth } from './health';
