// The only two raw Electron channels; contract channel names travel inside them.
export const INVOKE_CHANNEL = 'aicon:invoke';
export const EVENT_CHANNEL = 'aicon:event';
