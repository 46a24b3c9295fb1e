// Builds the named API (`api.system.status()`) from the contract over any transport: Electron IPC
// in preload, HTTP in web mode. Pure: no electron import, so the renderer's web client reuses it.
import {
  CallError,
  channels,
  type Channel,
  type ChannelInput,
  type ChannelOutput,
  type EventName,
  type EventPayload,
  type Result,
} from './contract';

export interface Transport {
  invoke(channel: Channel, input: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

type Namespace<C extends string> = C extends `${infer N}.${string}` ? N : never;
type Method<C extends string, N extends string> = C extends `${N}.${infer M}` ? M : never;

export type Api = {
  [N in Namespace<Channel>]: {
    [M in Method<Channel, N>]: `${N}.${M}` extends infer C extends Channel
      ? // biome-ignore lint/complexity/noBannedTypes: `{} extends T` is the type-level test for "every field optional".
        {} extends ChannelInput<C>
        ? (input?: ChannelInput<C>) => Promise<ChannelOutput<C>>
        : (input: ChannelInput<C>) => Promise<ChannelOutput<C>>
      : never;
  };
} & {
  events: {
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  };
};

export function buildApi(transport: Transport): Api {
  const api: Record<string, Record<string, unknown>> = {};
  for (const channel of channels) {
    // Split at the first dot only, as the Api type does: 'budgets.caps.list' is api.budgets['caps.list'].
    const dot = channel.indexOf('.');
    const ns = channel.slice(0, dot);
    const method = channel.slice(dot + 1);
    api[ns] ??= {};
    api[ns][method] = async (input: unknown = {}) => {
      const result = await transport.invoke(channel, input);
      if (!result.ok) throw new CallError(result.error);
      return result.data;
    };
  }
  api.events = {
    on: (event: EventName, listener: (payload: unknown) => void) => transport.subscribe(event, listener),
  };
  return api as unknown as Api;
}
