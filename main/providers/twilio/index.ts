export * from './descriptor';
export * from './segments';
export * from './usage';
export * from './client';
export * from './health';
