// The local gateway: a loopback server other tools on the machine call with virtual keys (see service.ts).
export { localGatewayHandlers } from './handlers';
export {
  DEFAULT_GATEWAY_PORT,
  GATEWAY_SETTINGS,
  LocalGateway,
  type GatewaySettings,
  type GatewayStatus,
  type KeyWithSpend,
  type LocalGatewayDeps,
} from './service';
export { VIRTUAL_KEY_PREFIX, type VirtualKey } from './keys';
export type { GatewayCallEvent } from './proxy';
