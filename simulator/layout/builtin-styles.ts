/**
 * The base library's own styles for the built-in components, with the selectors (and so the specificity)
 * it uses: the one place the layout engine keeps them. Written for this project from public material,
 * nothing copied:
 *
 * - style v1 (app.json without "style": "v2"): the WAWebview component CSS as it appears in public
 *   extracts of DevTools pages (public GitHub code holding the minified `<style>` the base library injects;
 *   found by searching for `wx-button[size=mini]`): wx-view, wx-text, wx-image (320×240), wx-input,
 *   wx-navigator, and wx-button with its type, plain, disabled, size=mini and loading variants
 *   (18px, line-height 2.55555556, #1aad19, …).
 * - style v2: the same selectors with the WeUI 2 values the base library switched to. The button rules
 *   `wx-button { … padding: 8px 24px; font-size: 17px; font-weight: 700; line-height: 1.41176471;
 *   border-radius: 4px }` and `wx-button:not([size=mini]) { width: 184px; margin-left: auto;
 *   margin-right: auto }` are from public extracts of DevTools' app.asar / WAWebview.js (searching public
 *   code for `wx-button:not([size=mini])`); the colours of the type, disabled and plain variants and the
 *   mini size are WeUI 2.3.0's buttons (Tencent/weui-wxss, src/style/widget/weui-button, 2020), which the
 *   v2 styles follow.
 *
 * Where an extract gives no value (the loading spinner's drawing, the icon glyphs) the rule is drawn to
 * the same size and colour; the comments say so. Components this project's pages do not use (switch,
 * checkbox, radio, slider, picker, video, …) are left out rather than guessed: a page that uses one gets
 * the browser's default for an unknown element, which the layout checks will show.
 */

export type StyleVersion = 'v1' | 'v2';

/** Rules that both style versions share. */
const COMMON = `
html { -webkit-user-select: none; user-select: none; -webkit-touch-callout: none; }
* { margin: 0; }
wx-view { display: block; }
wx-view[hidden] { display: none; }
wx-text { -webkit-user-select: none; user-select: none; }
wx-text[hidden] { display: none; }
wx-form { display: block; }
wx-form[hidden] { display: none; }
wx-navigator { height: auto; width: auto; display: block; }
wx-navigator[hidden] { display: none; }
wx-image { width: 320px; height: 240px; display: inline-block; overflow: hidden; }
wx-image[hidden] { display: none; }
wx-image > div { width: 100%; height: 100%; background-repeat: no-repeat; }
wx-input { cursor: auto; display: block; height: 1.4rem; text-overflow: clip; overflow: hidden; white-space: nowrap; min-height: 1.4rem; }
wx-input[hidden] { display: none; }
.input-placeholder { color: gray; }
/* The native field centres its one line vertically, whatever the input's height. */
wx-input > div { position: relative; top: 50%; transform: translateY(-50%); overflow: hidden; }
wx-textarea { display: block; width: 300px; height: 150px; cursor: auto; position: relative; overflow: hidden; }
wx-textarea[hidden] { display: none; }
wx-icon { display: inline-block; font-size: 0; }
wx-icon[hidden] { display: none; }
/* The icon font's glyphs are not public: a disc of the icon's size and colour, with a mark, stands in for them. */
wx-icon > i { display: inline-flex; align-items: center; justify-content: center; border-radius: 50%; vertical-align: middle;
  color: #fff; font-style: normal; font-weight: 700; font-family: sans-serif; }
wx-icon[type=warn] > i::before { content: "!"; }
wx-button { position: relative; display: block; margin-left: auto; margin-right: auto; box-sizing: border-box;
  text-align: center; text-decoration: none; -webkit-tap-highlight-color: transparent; overflow: hidden; cursor: pointer; }
wx-button[hidden] { display: none !important; }
wx-button[size=mini] { display: inline-block; }
/* The loading spinner is an animated image in the base library; drawn here as a ring of the same size. */
wx-button[loading]:before { content: " "; display: inline-block; box-sizing: border-box; width: 18px; height: 18px;
  vertical-align: middle; border: 2px solid currentColor; border-right-color: transparent; border-radius: 50%; }
`;

const V1 = `
wx-button { padding-left: 14px; padding-right: 14px; font-size: 18px; line-height: 2.55555556; border-radius: 5px;
  color: #000; background-color: #f8f8f8; }
wx-button:after { content: " "; width: 200%; height: 200%; position: absolute; top: 0; left: 0;
  border: 1px solid rgba(0, 0, 0, .2); transform: scale(.5); transform-origin: 0 0; box-sizing: border-box; border-radius: 10px; }
wx-button[type=default] { color: #000; background-color: #f8f8f8; }
wx-button[type=primary] { color: #fff; background-color: #1aad19; }
wx-button[type=warn] { color: #fff; background-color: #e64340; }
wx-button[disabled] { color: rgba(255, 255, 255, .6); }
wx-button[disabled]:not([type]), wx-button[disabled][type=default] { color: rgba(0, 0, 0, .3); background-color: #f7f7f7; }
wx-button[disabled][type=primary] { background-color: #9ed99d; }
wx-button[disabled][type=warn] { background-color: #ec8b89; }
wx-button[type=primary][plain] { color: #1aad19; border: 1px solid #1aad19; background-color: transparent; }
wx-button[type=primary][plain][disabled] { color: rgba(0, 0, 0, .2); border-color: rgba(0, 0, 0, .2); }
wx-button[type=primary][plain]:after { border-width: 0; }
wx-button[type=default][plain] { color: #353535; border: 1px solid #353535; background-color: transparent; }
wx-button[type=default][plain][disabled] { color: rgba(0, 0, 0, .2); border-color: rgba(0, 0, 0, .2); }
wx-button[type=default][plain]:after { border-width: 0; }
wx-button[plain] { color: #353535; border: 1px solid #353535; background-color: transparent; }
wx-button[plain][disabled] { color: rgba(0, 0, 0, .2); border-color: rgba(0, 0, 0, .2); }
wx-button[plain]:after { border-width: 0; }
wx-button[type=warn][plain] { color: #e64340; border: 1px solid #e64340; background-color: transparent; }
wx-button[type=warn][plain][disabled] { color: rgba(0, 0, 0, .2); border-color: rgba(0, 0, 0, .2); }
wx-button[type=warn][plain]:after { border-width: 0; }
wx-button[size=mini] { line-height: 2.3; font-size: 13px; padding: 0 1.34em; }
wx-button[loading][type=primary] { color: rgba(255, 255, 255, .6); background-color: #179b16; }
wx-button[loading][type=primary][plain] { color: #1aad19; background-color: transparent; }
wx-button[loading][type=default] { color: rgba(0, 0, 0, .6); background-color: #dedede; }
wx-button[loading][type=default][plain] { color: #353535; background-color: transparent; }
wx-button[loading][type=warn] { color: rgba(255, 255, 255, .6); background-color: #ce3c39; }
wx-button[loading][type=warn][plain] { color: #e64340; background-color: transparent; }
wx-icon[type=warn] > i { background-color: #f76260; }
`;

const V2 = `
wx-button { padding: 8px 24px; font-size: 17px; font-weight: 700; line-height: 1.41176471; border-radius: 4px;
  color: #06ae56; background-color: #f2f2f2; }
wx-button:not([size=mini]) { width: 184px; margin-left: auto; margin-right: auto; }
wx-button:after { content: " "; width: 200%; height: 200%; position: absolute; top: 0; left: 0; border-width: 0;
  transform: scale(.5); transform-origin: 0 0; box-sizing: border-box; border-radius: 8px; }
wx-button[type=default] { color: #06ae56; background-color: #f2f2f2; }
wx-button[type=primary] { color: #fff; background-color: #07c160; }
wx-button[type=warn] { color: #fa5151; background-color: #f2f2f2; }
wx-button[disabled]:not([type]), wx-button[disabled][type=default], wx-button[disabled][type=primary], wx-button[disabled][type=warn] {
  color: rgba(0, 0, 0, .2); background-color: #f2f2f2; }
wx-button[plain] { color: #353535; border: 1px solid #353535; background-color: transparent; }
wx-button[type=primary][plain] { color: #07c160; border: 1px solid #07c160; background-color: transparent; }
wx-button[type=warn][plain] { color: #fa5151; border: 1px solid #fa5151; background-color: transparent; }
wx-button[plain][disabled] { color: rgba(0, 0, 0, .2); border-color: rgba(0, 0, 0, .2); background-color: transparent; }
wx-button[size=mini] { padding: 0 .75em; font-size: 16px; line-height: 2; }
wx-button[loading]:before { margin: -.2em .34em 0 0; }
wx-button[loading][type=primary] { color: rgba(255, 255, 255, .6); background-color: #06ad56; }
wx-button[loading]:not([type]), wx-button[loading][type=default] { color: rgba(6, 174, 86, .6); background-color: #e6e6e6; }
wx-button[loading][type=warn] { color: rgba(250, 81, 81, .6); background-color: #e6e6e6; }
wx-icon[type=warn] > i { background-color: #fa5151; }
`;

export function builtinStyles(version: StyleVersion): string {
  return COMMON + (version === 'v2' ? V2 : V1);
}
