import type { ReplayClaim } from '../../../server/wechat/push';

type Claimed = Extract<ReplayClaim, { status: 'claimed' }>;

/** The claim, which the test expects to be ours to act on. */
export async function claimed(claim: Promise<ReplayClaim>): Promise<Claimed> {
  const result = await claim;
  if (result.status !== 'claimed') throw new Error(`the push should be ours to claim, but is ${result.status}`);
  return result;
}
