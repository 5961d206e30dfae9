export interface Session {
  sessionKey: string;
  valid: boolean;
  /** The app the session was made through (absent in files from before several apps). */
  appid?: string;
}

/** The emulator's WeChat sessions by openid, telling onChanged of every change so they can be saved. */
export function createSessionBook(saved: Record<string, Session>, onChanged: () => void) {
  const sessions = new Map<string, Session>(Object.entries(saved));

  return {
    get: (openid: string): Session | undefined => sessions.get(openid),

    set(openid: string, session: Session): void {
      sessions.set(openid, session);
      onChanged();
    },

    expire(openid: string): void {
      const session = sessions.get(openid);
      if (session === undefined) return;
      session.valid = false;
      onChanged();
    },

    all: (): Record<string, Session> => Object.fromEntries(sessions),
  };
}

export type SessionBook = ReturnType<typeof createSessionBook>;
