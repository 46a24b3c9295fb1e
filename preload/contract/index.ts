// The one IPC contract: channel -> { input, output } zod schemas. Each domain owns a file and a
// channel prefix ("system.*", "ledger.*", ...) that becomes its namespace in the preload API.
import type { z } from 'zod';
import { contentChannels } from './content';
import { filesChannels } from './files';
import { integrationsChannels } from './integrations';
import { jobsChannels } from './jobs';
import { systemChannels } from './system';
import { ledgerChannels } from './ledger';
import { pricesChannels } from './prices';
import { budgetsChannels } from './budgets';
import { limitsChannels } from './limits';
import { exportChannels } from './export';
import { workflowsChannels } from './workflows';
import { profileChannels } from './profile';
import { settingsChannels } from './settings';
import { localGatewayChannels } from './localGateway';
import { telemetryChannels } from './telemetry';
import { reconcileChannels } from './reconcile';
import { libraryChannels } from './library';
import { chainsChannels } from './chains';
import { pieceMediaChannels, recordingsChannels } from './pieceMedia';

export const contract = {
  ...systemChannels,
  ...ledgerChannels,
  ...pricesChannels,
  ...budgetsChannels,
  ...limitsChannels,
  ...exportChannels,
  ...integrationsChannels,
  ...jobsChannels,
  ...filesChannels,
  ...contentChannels,
  ...workflowsChannels,
  ...profileChannels,
  ...settingsChannels,
  ...localGatewayChannels,
  ...telemetryChannels,
  ...reconcileChannels,
  ...libraryChannels,
  ...chainsChannels,
  ...pieceMediaChannels,
  ...recordingsChannels,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

export const channels = Object.keys(contract) as Channel[];
export const isChannel = (name: string): name is Channel => Object.hasOwn(contract, name);

export * from './result';
export * from './events';
export type { SystemStatus } from './system';
