// Perplexity provider: descriptor for the gateway, Agent API (primary) and legacy Sonar operations,
// research perspectives / trend analysis, usage parsers and health check.
export {
  PERPLEXITY_BASE_URL,
  classifyPerplexityError,
  perplexityDescriptor,
  perplexityRateLimitHint,
  perplexitySuccessBodyError,
} from './descriptor';
export {
  DEFAULT_AGENT_MODEL,
  createAgentResponse,
  createSonarCompletion,
  listAgentModels,
  researchPerspectives,
  streamAgentResponse,
  streamSonarCompletion,
  trendAnalysis,
  type AgentInput,
  type AgentModel,
  type ResearchOptions,
  type ResearchResult,
  type SonarInput,
} from './client';
export {
  AgentStreamConsumer,
  agentUnits,
  parseAgentResponse,
  parseSonarCompletion,
  readAgentResponse,
  sonarStreamConsumer,
  sonarUnits,
  type AgentResult,
  type Citation,
  type SonarResult,
} from './usage';
export { checkPerplexityHealth } from './health';
