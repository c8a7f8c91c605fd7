/** Options page entry point: starts the page; see options.js. */

import { init } from "./options.js";

init();
