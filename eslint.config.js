// ESLint for the browser extension (plain JavaScript, no build step). Beyond the
// recommended rules it enforces the extension's layering: the pure modules in lib/ never
// touch browser APIs, fetch or storage (only lib/chrome-api.js names `chrome`), content
// scripts never fetch (the service worker does), and nothing writes HTML strings into a page.
const js = require("@eslint/js");
const globals = require("globals");

const noHtmlStrings = [
  {
    selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]",
    message: "Insert text with textContent; never HTML strings.",
  },
  {
    selector: "CallExpression[callee.property.name=/^(insertAdjacentHTML|write|writeln)$/]",
    message: "Insert text with textContent; never HTML strings.",
  },
];

module.exports = [
  { ignores: ["node_modules/**", "artifacts/**", ".venv/**", "server/**", "benchmarks/**"] },
  js.configs.recommended,
  {
    files: ["extension/**/*.js"],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.webextensions },
    },
    rules: {
      eqeqeq: ["error", "always"],
      "no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", ...noHtmlStrings],
      "prefer-const": "error",
    },
  },
  {
    files: ["extension/content/index.js"],
    languageOptions: { sourceType: "script" },
  },
  {
    files: ["extension/lib/**/*.js"],
    ignores: ["extension/lib/chrome-api.js"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "chrome", message: "lib/ is pure: pass browser APIs in (see lib/chrome-api.js)." },
        { name: "browser", message: "lib/ is pure: pass browser APIs in (see lib/chrome-api.js)." },
        { name: "fetch", message: "lib/ is pure: only the service worker fetches." },
        { name: "localStorage", message: "lib/ is pure: settings live in chrome.storage." },
      ],
    },
  },
  {
    files: ["extension/content/**/*.js", "extension/popup/**/*.js", "extension/options/**/*.js"],
    ignores: ["extension/content/index.js"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "fetch", message: "Only the service worker talks to the server." },
        { name: "chrome", message: "Use the seam in lib/chrome-api.js." },
      ],
    },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
  },
];
