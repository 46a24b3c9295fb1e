export * from './descriptor';
export * from './usage';
export * from './client';
export * from './health';
