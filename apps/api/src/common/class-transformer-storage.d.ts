// class-transformer keeps its decorator metadata in `cjs/storage`, whose typings ship under `types/`.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
