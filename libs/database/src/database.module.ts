import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@config';
import type { DataSource } from 'typeorm';
import { openDataSource } from './data-source';
import { APP_CONFIG, DATA_SOURCE } from './tokens';

class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) {
      await this.ds.destroy();
    }
  }
}

/** Provides the validated config and the one initialised DataSource to every module of a process. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATA_SOURCE, useFactory: () => openDataSource(config) },
        DataSourceCloser,
      ],
      exports: [APP_CONFIG, DATA_SOURCE],
    };
  }
}
