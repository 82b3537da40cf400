export * from './errors.ts';
export * from './exif.ts';
export * from './inspect.ts';
export * from './messages.ts';
export * from './perceptual-hash.ts';
export * from './sniff.ts';
export * from './upload-fields.ts';
export * from './upload-route.ts';
