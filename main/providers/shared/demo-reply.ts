// The demo text both LLM fakes answer with. The system prompt states the task; the user turn may quote anything
// (a piece's analysis, say), so it only decides when the system prompt does not.
import { demoAnalysisFor } from './demo-analysis';
import { demoReply, demoResearch, demoScriptRewrite, demoTaskFor } from './demo-content';

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
