// oidc-provider ships no type declarations (and @types/oidc-provider lags its major versions); only the
// test harness in packages/testkit uses it, through the few members declared here.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export default class Provider {
    constructor(issuer: string, configuration: object);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
