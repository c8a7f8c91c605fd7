/** Popup entry point: starts the popup; see popup.js. */

import { init } from "./popup.js";

init();
