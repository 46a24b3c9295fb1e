// Pieces every provider folder shares: SSE framing, header and money helpers.
export * from './sse';
export * from './headers';
export * from './money';
