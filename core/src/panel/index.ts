export * from './budget.ts';
export * from './errors.ts';
export * from './grant.ts';
export * from './lease.ts';
export * from './lease-size.ts';
export * from './refresh.ts';
export * from './settle.ts';
export * from './usage.ts';
