import { StateError, typedArrayFor } from '@prunerl/core';
import type { BatchAssembler } from '../assembly/batch-assembler';
import { checkShift } from '../buffers/transition-checks';
import type { ResolvedReplayOptions } from '../options/replay-buffer-options';
import { SlotFlags } from '../storage/slot-flags';
import type { SlotStore } from '../storage/slot-store';

const { TERMINATED, TRUNCATED, CUT, FINAL, VALID, END, ALL } = SlotFlags;

/** The store counters a state header carries, checked. */
export interface RestoredCounters {
  readonly written: number;
  readonly transitionSlots: number;
  readonly validSlots: number;
  readonly hasPending: boolean;
  readonly episodeSteps: number;
  readonly cuts: number;
}

/** The store counters of a state header, or a `StateError` naming the first bad one. */
export function checkCounters(counters: Record<string, unknown>, capacity: number): RestoredCounters {
  const integer = (name: string, max = Number.MAX_SAFE_INTEGER): number => {
    const value = counters[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
      throw new StateError({ field: `restore(state) counters.${name}`, value, expected: `an integer in [0, ${max}]` });
    }
    return value;
  };
  const written = integer('written');
  const stored = Math.min(written, capacity);
  const hasPending = counters.hasPending;
  if (typeof hasPending !== 'boolean') {
    throw new StateError({ field: 'restore(state) counters.hasPending', value: hasPending, expected: 'true or false' });
  }
  return {
    written,
    transitionSlots: integer('transitionSlots', stored),
    validSlots: integer('validSlots', stored),
    hasPending,
    episodeSteps: integer('episodeSteps'),
    cuts: integer('cuts'),
  };
}

/**
 * Checks restored slots against the invariants `add` keeps, recomputing what can be: the flag
 * bits, episode structure (every ended transition followed by a final observation, positions
 * counting up within episodes), counts, and each slot's validity from scratch. A checksum only
 * proves the bytes are those written; this proves they describe a store `add` could have built,
 * so sampling never reads past an episode or a frame stack.
 */
export function checkRestoredSlots(s: SlotStore, config: ResolvedReplayOptions, assembler: BatchAssembler): void {
  const fail = (what: string, value: unknown, expected: string): never => {
    throw new StateError({ field: `restore(state) ${what}`, value, expected });
  };
  const stored = s.storedSlots();
  const K = config.frameStack;
  let transitions = 0;
  let valid = 0;
  for (let age = 0; age < stored; age++) {
    const slot = s.slotAtAge(age);
    const flags = s.flags[slot]!;
    if ((flags & ~ALL) !== 0 || (flags & FINAL && flags & (END | VALID)) || (flags & TERMINATED && flags & (TRUNCATED | CUT))) {
      fail(`flags[${slot}]`, flags, 'a valid combination of slot flags');
    }
    if (!Number.isFinite(s.rewards[slot]!)) fail(`rewards[${slot}]`, s.rewards[slot], 'a finite number');
    if (!(flags & FINAL)) transitions++;
    if (flags & VALID) valid++;
    if (age > 0) {
      const previous = s.flags[s.slotAtAge(age - 1)]!;
      // Exactly the slots after ended transitions hold final observations.
      const previousEnded = !(previous & FINAL) && (previous & END) !== 0;
      if (previousEnded !== ((flags & FINAL) !== 0)) {
        fail(`flags[${slot}]`, flags, 'a final observation exactly after each ended transition');
      }
      if (s.positions) {
        const expected = previous & FINAL ? 0 : Math.min(255, s.positions[s.slotAtAge(age - 1)]! + 1);
        if (s.positions[slot] !== expected) fail(`positions[${slot}]`, s.positions[slot], `${expected}`);
      }
    } else if (s.written <= s.capacity && s.positions && s.positions[slot] !== 0) {
      fail(`positions[${slot}]`, s.positions[slot], '0 (the first slot opens an episode)');
    }
  }
  if (transitions !== s.transitionSlots) fail('counters.transitionSlots', s.transitionSlots, `${transitions} (counted)`);
  if (valid !== s.validSlots) fail('counters.validSlots', s.validSlots, `${valid} (counted)`);
  if (stored > 0) {
    const newest = s.flags[s.slotAtAge(stored - 1)]!;
    const open = !(newest & FINAL);
    if (open !== s.hasPending) fail('counters.hasPending', s.hasPending, `${open} (the newest slot is ${open ? 'a transition' : 'a final observation'})`);
  } else if (s.hasPending) {
    fail('counters.hasPending', true, 'false for an empty buffer');
  }
  if (s.hasPending !== s.episodeSteps > 0) fail('counters.episodeSteps', s.episodeSteps, s.hasPending ? 'at least 1' : '0');
  if (s.hasPending && s.positions && s.positions[s.slotAtAge(stored - 1)] !== Math.min(255, s.episodeSteps - 1)) {
    fail('counters.episodeSteps', s.episodeSteps, 'one more than the position of the newest slot');
  }
  // Validity from first principles: a transition whose window closes inside the buffer and whose
  // stack is stored.
  for (let age = 0; age < stored; age++) {
    const slot = s.slotAtAge(age);
    const flags = s.flags[slot]!;
    let expected = false;
    if (!(flags & FINAL) && s.stackInBuffer(slot, age)) {
      let m = 0;
      for (;;) {
        if (age + m >= stored) break;
        const step = s.slotAtAge(age + m);
        m++;
        if (s.flags[step]! & END || m === config.nStep) {
          expected = age + m < stored;
          break;
        }
      }
    }
    if (expected !== ((flags & VALID) !== 0)) fail(`flags[${slot}]`, flags, `the valid bit ${expected ? 'set' : 'clear'}`);
  }
  if (K > 1 && s.hasPending) {
    const stack = typedArrayFor(config.observationDtype, config.observationSize);
    assembler.readStack(s, s.slotAtAge(stored - 1), stack, 0);
    try {
      checkShift(stack, s.pending, K);
    } catch {
      fail('pending', s.pending, 'the newest stack shifted by one frame');
    }
  }
}
