// The provider-backed steps of a piece's workflow. They stay disabled until the provider
// integration binds them to jobs: nothing here pretends to produce a result.
const STEPS = ['Analyse', 'Research', 'Rewrite script', 'Generate voice', 'Create avatar', 'Render video'] as const;
const WHY = 'needs the provider integration (coming next)';

export function WorkflowSteps() {
  return (
    <div className="workflow-steps" data-testid="workflow-steps">
      {STEPS.map((step) => (
        <button key={step} disabled title={WHY} aria-label={`${step}: ${WHY}`}>
          {step}
          <span className="step-why">{WHY}</span>
        </button>
      ))}
    </div>
  );
}
