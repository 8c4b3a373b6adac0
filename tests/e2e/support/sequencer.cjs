// The e2e files share one running system, and some leave marks on it (poison messages on a
// topic, a crashed app). Run them in one fixed order (by name), so a run is repeatable and a
// file that trips over another's marks fails every time, not by chance. stores.e2e goes
// first: it stops the todo-apis on other stores when it ends (see support/store-variants.ts).
const Sequencer = require('@jest/test-sequencer').default;

class ByPath extends Sequencer {
  sort(tests) {
    const rank = (test) => (test.path.endsWith('stores.e2e.test.ts') ? 0 : 1);
    return [...tests].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  }
}

module.exports = ByPath;
