import Sequencer from '@jest/test-sequencer';

// The files that take longest (they start servers and processes, kill and wait) go first, so that a
// fresh clone (no timings cached yet) keeps all jest workers busy to the end instead of finishing on them.
const SLOW_FIRST = ['test/fault/worker-killed', 'test/cli/', 'test/start/', 'test/build/', 'test/fault/', 'test/store/measures', 'test/fuzz/entry-points'];

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const rank = (t) => {
      const i = SLOW_FIRST.findIndex((p) => t.path.includes(p));
      return i === -1 ? SLOW_FIRST.length : i;
    };
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

export default SlowFirstSequencer;
