// The keychain state in the creator's terms: which store holds keys, what was tried, and how to fix it.
import type { KeychainState } from '../../preload/contract/settings';
import type { BackendAttempt } from '../vault/choose';
import type { StoreInfo } from '../vault/types';

/** Steps that make the Secret Service (libsecret) reachable on a Linux desktop or server. */
const LINUX_FIX = [
  'Install a Secret Service provider and libsecret: sudo apt install gnome-keyring libsecret-1-0 dbus-user-session',
  'Log in to a desktop session (it starts D-Bus and unlocks the "login" keyring), or on a server start one: dbus-run-session -- sh -c \'echo -n "$PASSWORD" | gnome-keyring-daemon --unlock --components=secrets; npm start\'',
  'Restart AICON Studio: keys added while they were kept in memory must be added again.',
];
const MAC_FIX = ['Open Keychain Access and unlock the "login" keychain, then restart AICON Studio.'];
const WINDOWS_FIX = [
  'Credential Manager must be available to your Windows account; restart AICON Studio after signing in.',
];

export function explainKeychain(info: StoreInfo, attempts: BackendAttempt[], platform: string): KeychainState {
  const fix =
    info.backend === 'keychain'
      ? null
      : platform === 'linux'
        ? LINUX_FIX
        : platform === 'darwin'
          ? MAC_FIX
          : platform === 'win32'
            ? WINDOWS_FIX
            : null;
  return { ...info, attempts, platform, fix };
}
