/*
 * Content script entry point (a classic script: manifest and scripting content scripts
 * cannot be modules). Loads the content modules, which are web-accessible resources, and
 * starts them. Injecting it again into a page that already runs Recount just runs the
 * check again: the module is loaded once per page.
 */
(async () => {
  const { init } = await import(chrome.runtime.getURL("content/main.js"));
  init();
})();
