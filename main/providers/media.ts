// The media, messaging and data providers' descriptors, for the gateway's provider table.
import type { ProviderDescriptor, ProviderId } from '../gateway/types';
import { apolloDescriptor } from './apollo/descriptor';
import { elevenlabsDescriptor } from './elevenlabs/descriptor';
import { exaDescriptor } from './exa/descriptor';
import { heygenDescriptor } from './heygen/descriptor';
import { sendgridDescriptor } from './sendgrid/descriptor';
import { twilioDescriptor } from './twilio/descriptor';

export { apolloDescriptor, elevenlabsDescriptor, exaDescriptor, heygenDescriptor, sendgridDescriptor, twilioDescriptor };

export const MEDIA_DESCRIPTORS = {
  elevenlabs: elevenlabsDescriptor,
  heygen: heygenDescriptor,
  exa: exaDescriptor,
  twilio: twilioDescriptor,
  sendgrid: sendgridDescriptor,
  apollo: apolloDescriptor,
} satisfies Partial<Record<ProviderId, ProviderDescriptor>>;
