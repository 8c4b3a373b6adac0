// Whole-system tests wait on real processes; a slow machine must make them slower, not red.
jest.setTimeout(180_000);
