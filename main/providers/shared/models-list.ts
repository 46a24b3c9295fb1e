// The free `GET …/models` list that several providers expose in the same `{ data: [...] }` envelope:
// used by health checks and model pickers, ledgered at $0.
import { ProviderError, type Credential, type Gateway, type GatewayResult, type ProviderId } from '../../gateway/types';
import { freeGetRequest, type CallOptions } from './call';
import { asArray, asString, at } from './json';

/** Lists models; `toModel` maps one entry that has a string id (entries without one are skipped). */
export function listModelsFree<M>(
  gateway: Gateway,
  provider: ProviderId,
  path: string,
  credential: Credential,
  options: CallOptions,
  toModel: (entry: unknown, id: string) => M,
): Promise<GatewayResult<M[]>> {
  return gateway.json(freeGetRequest(provider, 'models.list', path, credential, options), (body) => {
    const data = asArray(at(body, 'data'));
    if (data === undefined)
      throw new ProviderError({
        provider,
        kind: 'malformed_response',
        status: 200,
        message: 'models list without data[]',
      });
    return {
      value: data.flatMap((entry): M[] => {
        const id = asString(at(entry, 'id'));
        return id === undefined ? [] : [toModel(entry, id)];
      }),
      units: {},
      free: true,
    };
  });
}
