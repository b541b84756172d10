// Jest runs globalSetup outside its module mapper, so register the same aliases the app uses, then hand over.
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
require('tsconfig-paths/register');
module.exports = require('./prepare-databases.ts').default;
