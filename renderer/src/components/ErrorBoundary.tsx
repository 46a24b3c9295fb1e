// The last line of defence in the renderer: a render error shows what happened and a reload button
// instead of a blank window. Main's services (jobs, ledger) keep running; a reload reconnects to them.
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('AICON Studio: render error', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <main className="crash-screen" role="alert" data-testid="error-boundary">
        <h1>Something went wrong on this screen</h1>
        <p>
          The window hit an error it could not recover from. Your data and any running jobs are safe: they live in the
          app's background services, not in this window.
        </p>
        <pre className="crash-detail">{error.message}</pre>
        <button type="button" onClick={() => window.location.reload()} data-testid="error-reload">
          Reload the window
        </button>
      </main>
    );
  }
}
