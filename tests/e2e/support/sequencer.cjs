// The e2e files share one running system, and some leave marks on it (poison messages on a
// topic, a crashed app). Run them in one fixed order (by name), so a run is repeatable and a
// file that trips over another's marks fails every time, not by chance.
const Sequencer = require('@jest/test-sequencer').default;

class ByPath extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => a.path.localeCompare(b.path));
  }
}

module.exports = ByPath;
