export const WECHAT_PATHS = ['/sns/jscode2session', '/cgi-bin/stable_token', '/wxa/business/getuserphonenumber'] as const;
export type WechatPath = (typeof WECHAT_PATHS)[number];

export interface Fault {
  errcode?: number;
  delayMs?: number;
}

/** The faults tests queue per WeChat route, and the count of calls each route had. */
export function createFaultQueue() {
  const faults = new Map<WechatPath, Fault[]>();
  const calls = new Map<WechatPath, number>(WECHAT_PATHS.map((path) => [path, 0]));

  return {
    addFault(path: WechatPath, fault: Fault, times: number): void {
      const queue = faults.get(path) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(fault);
      faults.set(path, queue);
    },

    /** Counts the call and hands back the fault it must suffer, if one is queued. */
    enter(path: WechatPath): Fault | undefined {
      calls.set(path, (calls.get(path) ?? 0) + 1);
      return faults.get(path)?.shift();
    },

    calls(): Record<WechatPath, number> {
      return Object.fromEntries(WECHAT_PATHS.map((path) => [path, calls.get(path) ?? 0])) as Record<WechatPath, number>;
    },
  };
}
