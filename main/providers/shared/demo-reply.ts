// The demo text both LLM fakes answer with. The system prompt states the task; the user turn may quote anything
// (a piece's analysis, say), so it only decides when the system prompt does not.
import { demoAnalysisFor } from './demo-analysis';
import { demoFromSchema, demoReply, demoResearch, demoScriptRewrite, demoTaskFor } from './demo-content';
import { messagesText } from './fake-helpers';
import { asArray, asObject, at, type JsonObject } from './json';

export function demoTextFor(system: string, prompt: string): string {
  const fromSystem = system ? demoTaskFor(system) : 'reply';
  switch (fromSystem !== 'reply' ? fromSystem : demoTaskFor(`${system}\n${prompt}`)) {
    case 'analysis':
      return JSON.stringify(demoAnalysisFor(prompt));
    case 'script':
      return demoScriptRewrite(prompt);
    case 'research':
      return demoResearch(prompt).text;
    default:
      return demoReply(prompt);
  }
}

/** The assistant text of a demo Chat Completions request (OpenAI, OpenRouter): by response format, then by task. */
export function demoChatCompletionText(body: JsonObject): string {
  const messages = asArray(body.messages) ?? [];
  const isInstruction = (m: unknown) => ['system', 'developer'].includes(String(at(m, 'role')));
  const prompt = messagesText(messages.filter((m) => !isInstruction(m)));
  const format = asObject(body.response_format);
  if (format?.type === 'json_schema')
    return JSON.stringify(demoFromSchema(at(format, 'json_schema', 'schema'), demoAnalysisFor(prompt)));
  if (format?.type === 'json_object') return JSON.stringify(demoAnalysisFor(prompt));
  return demoTextFor(messagesText(messages.filter(isInstruction)), prompt);
}
