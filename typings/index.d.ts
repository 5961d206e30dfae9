/// <reference path="./wx-events.d.ts" />

interface IAppOption {
  globalData: Record<string, never>;
}
