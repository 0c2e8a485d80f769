/** A synthetic hub for the facade's tests. */
import type { BeaconHub } from './documents.ts';

export const HUB: BeaconHub = {
  id: 'eu.oncoatlas.hub.test',
  name: 'OncoAtlas test hub',
  baseUrl: 'https://hub.oncoatlas.test/beacon/v2/',
  environment: 'test',
  organization: { id: 'oncoatlas', name: 'OncoAtlas consortium (synthetic)', welcomeUrl: 'https://hub.oncoatlas.test' },
  version: '0.1.0',
};
