/**
 * The e2e files' jest environment: Node's, plus one flag a test can read in its afterEach — did the test body that
 * just ran fail? A file then saves the screenshots of where each person's page stands only when they explain a
 * failure (a full-page screenshot of a long page costs seconds of CPU that every green run paid for nothing).
 */
'use strict';
const { TestEnvironment } = require('jest-environment-node');

class E2eEnvironment extends TestEnvironment {
  handleTestEvent(event) {
    if (event.name === 'test_start') {
      this.global.__e2eTestFailed = false;
    } else if (event.name === 'test_fn_failure' || event.name === 'hook_failure') {
      this.global.__e2eTestFailed = true;
    }
  }
}

module.exports = E2eEnvironment;
