export * from './types';
export * from './methods';
export * from './events';
export * from './transport';
