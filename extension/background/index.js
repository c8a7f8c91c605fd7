/**
 * Service worker entry point (Chrome `service_worker`, Firefox background `scripts`):
 * only starts the worker; see service.js for what it does.
 */

import { init } from "./service.js";

init();
