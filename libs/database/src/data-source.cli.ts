// Entry point for the TypeORM CLI (`npm run migration:*`): the same options as the app, from @config.
import 'reflect-metadata';
import { loadConfig } from '@config';
import { DataSource } from 'typeorm';
import { dataSourceOptions, detectFlavour } from './data-source';

const config = loadConfig();

export default detectFlavour(config).then((flavour) => new DataSource(dataSourceOptions(config, flavour)));
