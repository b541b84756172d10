// Jest runs globalSetup outside its module mapper, so register the same aliases the app uses, then hand over.
require('../../scripts/register-ts.js');
module.exports = require('./prepare-databases.ts').default;
