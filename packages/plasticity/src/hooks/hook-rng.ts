import type { SeedOptions } from '@prunerl/core';

/** @deprecated Use `SeedOptions` from `@prunerl/core` (one definition for pruners and hooks); kept for one release. */
export type HookRngOptions = SeedOptions;
