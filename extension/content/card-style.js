/**
 * The card's stylesheet, for its shadow root: light and dark schemes (the page's, else the
 * system's: `dom.schemed`), the verdicts' colours
 * (with words and glyphs beside them, never colour alone), and the height cap the card's
 * placement sets (`--recount-max-height`) past which it scrolls inside.
 */

import { schemed } from "./dom.js";

const LIGHT = `
.card { box-sizing: border-box; width: min(400px, calc(100vw - 16px)); max-height: var(--recount-max-height, calc(100vh - 16px));
  overflow: auto; padding: 10px 12px 8px; border-radius: 10px; border: 1px solid #c4c7c5;
  background: #ffffff; color: #1b1b1f; box-shadow: 0 8px 28px rgba(0,0,0,.28);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-align: left; }
.card:focus { outline: none; }
.card:focus-visible, button:focus-visible, a:focus-visible, summary:focus-visible { outline: 2px solid #0b57d0; outline-offset: 2px; }
.head { display: flex; align-items: center; gap: 8px; margin-bottom: 4px; }
.brand { font-weight: 700; font-size: 12px; letter-spacing: .04em; text-transform: uppercase; color: #00696f; }
.verdict { font-weight: 600; flex: 1; }
.about { margin: 0 0 4px; font-size: 12px; color: #5f6368; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.verdict.conflicting { color: #b3261e; }
.verdict.consistent { color: #00696f; }
.verdict.checked, .verdict.known { color: #3c4043; }
.verdict.differs-from-checked { color: #b3261e; }
.close { border: 0; background: transparent; color: inherit; font-size: 18px; line-height: 1; cursor: pointer; padding: 2px 6px; border-radius: 4px; }
section { border-top: 1px solid #e0e2e0; padding-top: 6px; margin-top: 6px; }
.figure { margin: 0 0 6px; }
.figure-head { margin: 0; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 0 6px; border-radius: 999px; border: 1px solid currentColor; margin-right: 4px; }
.badge.conflicting { color: #b3261e; }
.badge.consistent { color: #00696f; }
.badge.checked { color: #3c4043; }
.reason { color: #5f6368; font-size: 12px; }
.explanation { margin: 2px 0 4px; }
.glance { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 4px 0; padding: 6px 8px; border-radius: 8px; background: #f1f3f4; align-items: baseline; }
.glance .num { font-weight: 700; font-size: 16px; font-variant-numeric: tabular-nums; }
.glance .who { font-size: 12px; color: #3c4043; }
.glance .who b { font-weight: 600; }
details { margin: 2px 0; }
summary { cursor: pointer; font-size: 12px; color: #5f6368; }
ul { margin: 2px 0; padding-left: 16px; }
li { margin: 2px 0; font-size: 13px; }
.value { font-weight: 700; }
.group { font-size: 12px; color: #5f6368; }
.meta { color: #5f6368; }
.note { font-size: 12px; color: #5f6368; margin: 2px 0; }
q { display: block; font-size: 12px; color: #5f6368; font-style: italic; margin: 2px 0; }
.claim { margin: 4px 0; font-size: 13px; }
.claim-text { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; color: #3c4043; }
.claim-about { display: block; font-size: 12px; color: #5f6368; }
a { color: #0b57d0; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 4px; align-items: center; }
.actions button, nav button { font: inherit; font-size: 12px; padding: 2px 8px; border-radius: 6px; border: 1px solid #8e918f; background: transparent; color: inherit; cursor: pointer; }
.actions button[disabled] { opacity: .6; cursor: default; }
.status { font-size: 12px; color: #5f6368; }
nav { display: flex; align-items: center; justify-content: space-between; margin-top: 6px; font-size: 12px; color: #5f6368; }
.more { position: sticky; bottom: -8px; margin: 0 -12px -8px; padding: 4px 12px; font-size: 12px; text-align: center; background: #e8eaed; color: #3c4043; }
`;

/** The dark scheme's rules: on a dark page, or on a dark system where the page says none. */
const DARK = `
  .card { background: #1f1f23; color: #e3e3e3; border-color: #46474a; }
  .brand, .verdict.consistent, .badge.consistent { color: #4dd0c4; }
  .verdict.conflicting, .verdict.differs-from-checked, .badge.conflicting { color: #ffb4ab; }
  .reason, .meta, q, .status, nav, summary, .group, .note, .claim-about, .about { color: #a8abb0; }
  .verdict.checked, .verdict.known, .badge.checked { color: #e3e3e3; }
  .glance { background: #2d2e31; }
  .glance .who, .claim-text { color: #c4c7c5; }
  .more { background: #2d2e31; color: #e3e3e3; }
  section { border-color: #3a3b3e; }
  a { color: #a8c7fa; }
  /* #0b57d0 is 2.6:1 on the dark card; this blue is over 3:1 on it and on dark pages. */
  .card:focus-visible, button:focus-visible, a:focus-visible, summary:focus-visible { outline-color: #a8c7fa; }
`;

export const CARD_CSS = schemed(LIGHT, DARK);
