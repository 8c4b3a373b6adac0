// A browser and a page per test: give them room on a slow machine.
jest.setTimeout(60_000);
