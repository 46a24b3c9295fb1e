import type { PartialHandlers } from '../core/router';
import type { LocalGateway } from './service';

export function localGatewayHandlers(gateway: LocalGateway): PartialHandlers {
  return {
    'localGateway.status': () => gateway.status(),
    'localGateway.configure': (input) => gateway.update(input),
    'localGateway.keys': () => gateway.keysWithSpend(),
    'localGateway.mint': (input) => gateway.mint(input),
    'localGateway.revoke': ({ id }) => gateway.keys.revoke(id),
    'localGateway.feed': () => gateway.feed(),
  };
}
