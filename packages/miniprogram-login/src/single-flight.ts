/**
 * One login at a time: a caller joins the flight under way instead of starting its own, so N callers make one
 * wx.login and one login request. A flight is forgotten once it settles (the next caller tries afresh) or when
 * it is abandoned (a logout: the next caller must not join a login the user ended).
 */
export interface SingleFlight {
  /** The flight under way, or null. */
  current(): Promise<void> | null;
  /** The flight under way, else `work` started as the new one. */
  join(work: () => Promise<void>): Promise<void>;
  abandon(): void;
}

export function createSingleFlight(): SingleFlight {
  let flight: Promise<void> | null = null;
  return {
    current: () => flight,
    join(work) {
      if (flight !== null) return flight;
      const running: Promise<void> = work().finally(() => {
        if (flight === running) flight = null;
      });
      flight = running;
      return running;
    },
    abandon() {
      flight = null;
    },
  };
}
