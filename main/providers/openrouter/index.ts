// OpenRouter provider: descriptor for the gateway, chat / models / key / generation operations,
// usage and cost parsers and health check.
export {
  OPENROUTER_BASE_URL,
  classifyOpenRouterError,
  openRouterError,
  openRouterRateLimitHint,
  openRouterSuccessBodyError,
  openrouterDescriptor,
} from './descriptor';
export {
  createChatCompletion,
  getGeneration,
  getKeyInfo,
  listModels,
  streamChatCompletion,
  type GenerationLookupOptions,
  type OpenRouterChatInput,
  type OpenRouterChatResult,
  type OpenRouterTurn,
} from './client';
export {
  openRouterReportedCost,
  openRouterStreamConsumer,
  openRouterUnits,
  parseGeneration,
  parseKey,
  parseModels,
  parseOpenRouterChat,
  readPricing,
  type GenerationInfo,
  type KeyInfo,
  type OpenRouterChat,
  type OpenRouterModel,
  type OpenRouterPricing,
} from './usage';
export { checkOpenRouterHealth } from './health';
