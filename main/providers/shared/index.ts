// Pieces every provider folder shares: the fake-server toolkit, SSE framing, header and money helpers.
export * from './fake-server';
export * from './sse';
export * from './headers';
export * from './money';
