import { failure, type WechatFailure } from './failure';
import { token } from './random-token';

const CODE_TTL_MS = 5 * 60 * 1000;
/** Marks the codes this emulator minted, so one it has since forgotten is never taken for a DevTools code. */
export const MINTED_PREFIX = 'emu';

interface CodeLife {
  expiresAt: number;
  used: boolean;
}

/** One-use codes with WeChat's five-minute lifetime: the login codes and the phone codes each keep one book. */
export function createCodeBook<T extends object>(now: () => number) {
  const codes = new Map<string, T & CodeLife>();

  /**
   * Forgets codes past their lifetime: an expired minted code answers 40029 whether remembered or not. Codes
   * share one lifetime, so the map is in expiry order and the sweep stops at the first live code: minting
   * stays cheap however many codes are live (the bench mints tens of thousands).
   */
  function prune(): void {
    const at = now();
    for (const [code, entry] of codes) {
      if (entry.expiresAt > at) return;
      codes.delete(code);
    }
  }

  return {
    mint(entry: T): string {
      prune();
      const code = `${MINTED_PREFIX}${token(24)}`;
      codes.set(code, { ...entry, expiresAt: now() + CODE_TTL_MS, used: false });
      return code;
    },

    redeem(code: string, belongs: (entry: T) => boolean): T | WechatFailure {
      const entry = codes.get(code);
      // A code minted for another app is as unknown to this one as a made-up code.
      if (entry === undefined || !belongs(entry)) return failure(40029, 'invalid code');
      if (entry.used) return failure(40163, 'code been used');
      if (now() >= entry.expiresAt) return failure(40029, 'invalid code');
      entry.used = true;
      return entry;
    },
  };
}
