import { describe, expect, it } from 'vitest';
import {
  allowNavigation,
  allowPermission,
  buildCsp,
  decideWindowOpen,
  isAppUrl,
  isTrustedElectronSender,
  secureWebPreferences,
} from '../../../main/core/security';

describe('webPreferences factory', () => {
  it('turns every isolation switch on and node off', () => {
    const prefs = secureWebPreferences('/app/preload/index.cjs', false);
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      devTools: false,
      preload: '/app/preload/index.cjs',
    });
  });
});

describe('CSP', () => {
  const directives = Object.fromEntries(
    buildCsp()
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );
  it('allows only self for scripts and connections, nothing inline or eval', () => {
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(buildCsp()).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
  it('blocks plugins, base tag hijack, framing and form posts', () => {
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['form-action']).toEqual(["'none'"]);
  });
});

describe('navigation, windows and permissions', () => {
  it('recognises only the app origin, parsed not prefix-matched', () => {
    expect(isAppUrl('app://app/index.html')).toBe(true);
    expect(isAppUrl('app://app/#/settings')).toBe(true);
    for (const url of [
      'app://app.evil/',
      'app://evil/app',
      'https://app/',
      'file:///app',
      'app://user:pw@app/',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAppUrl(url)).toBe(false);
    }
  });
  it('denies navigation away from the app', () => {
    expect(allowNavigation('app://app/index.html#/jobs')).toBe(true);
    expect(allowNavigation('https://example.com')).toBe(false);
    expect(allowNavigation('file:///etc/passwd')).toBe(false);
  });
  it('denies every new window; only allow-listed https links go to the OS browser', () => {
    expect(decideWindowOpen('https://platform.openai.com/usage')).toEqual({
      action: 'deny',
      openExternally: 'https://platform.openai.com/usage',
    });
    expect(decideWindowOpen('https://evil.example/phish')).toEqual({ action: 'deny', openExternally: null });
    expect(decideWindowOpen('http://platform.openai.com/')).toEqual({ action: 'deny', openExternally: null });
    expect(decideWindowOpen('https://user@platform.openai.com/')).toEqual({ action: 'deny', openExternally: null });
    expect(decideWindowOpen('file:///etc/passwd')).toEqual({ action: 'deny', openExternally: null });
  });
  it('denies all permission requests', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(allowPermission(p)).toBe(false);
    }
  });
  it('trusts only the main frame of the app origin', () => {
    expect(isTrustedElectronSender({ kind: 'electron', frameUrl: 'app://app/index.html', isMainFrame: true })).toBe(
      true,
    );
    expect(isTrustedElectronSender({ kind: 'electron', frameUrl: 'app://app/index.html', isMainFrame: false })).toBe(
      false,
    );
    expect(isTrustedElectronSender({ kind: 'web', frameUrl: 'app://app/index.html', isMainFrame: true })).toBe(false);
  });
});
