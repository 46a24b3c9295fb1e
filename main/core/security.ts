// Security policy as pure functions, so it is unit-tested without Electron. The glue in
// main/electron/ only wires these into BrowserWindow, protocol and session handlers.

export const APP_ORIGIN = 'app://app';

/** Strict CSP for the renderer, the same in Electron (app://) and web mode. */
export function buildCsp(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "worker-src 'self' blob:",
  ].join('; ');
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': buildCsp(),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export interface SecureWebPreferences {
  sandbox: true;
  contextIsolation: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webviewTag: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  spellcheck: false;
  devTools: boolean;
  preload: string;
}

export function secureWebPreferences(preload: string, devTools: boolean): SecureWebPreferences {
  return {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    spellcheck: false,
    devTools,
    preload,
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for the app's own origin (parsed, never prefix-matched). */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === 'app:' && u.host === 'app' && u.username === '' && u.password === '';
}

/** In-app navigation is allowed only within the app origin (hash routes). */
export function allowNavigation(url: string): boolean {
  return isAppUrl(url);
}

// Links the app itself renders (provider dashboards, docs). Everything else is denied.
const EXTERNAL_ALLOWED_HOSTS = new Set([
  'platform.openai.com',
  'console.anthropic.com',
  'www.perplexity.ai',
  'openrouter.ai',
  'elevenlabs.io',
  'app.heygen.com',
  'dashboard.exa.ai',
  'console.twilio.com',
  'app.sendgrid.com',
  'app.apollo.io',
]);

export type WindowOpenDecision = { action: 'deny'; openExternally: string | null };

/** New windows are always denied; an allow-listed https link is handed to the OS browser instead. */
export function decideWindowOpen(url: string): WindowOpenDecision {
  const u = parse(url);
  const external = u && u.protocol === 'https:' && EXTERNAL_ALLOWED_HOSTS.has(u.hostname) && !u.username && !u.password;
  return { action: 'deny', openExternally: external ? u.toString() : null };
}

/** The app needs no browser permission (camera, mic, notifications go through main). */
export function allowPermission(_permission: string): boolean {
  return false;
}

export interface ElectronSender {
  kind: 'electron';
  frameUrl: string;
  isMainFrame: boolean;
}

export function isTrustedElectronSender(sender: { kind: string; frameUrl?: string; isMainFrame?: boolean }): boolean {
  return (
    sender.kind === 'electron' &&
    sender.isMainFrame === true &&
    typeof sender.frameUrl === 'string' &&
    isAppUrl(sender.frameUrl)
  );
}
