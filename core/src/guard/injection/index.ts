export type { InjectionScanOptions } from './scan-injection.ts';
export { injectionProbability, scanInjection, scanInjection as scanText } from './scan-injection.ts';
export type { InjectionModel, InjectionModelFile } from './model.ts';
export { InjectionModelFileSchema, encodeInjectionModel, parseInjectionModel } from './model.ts';
