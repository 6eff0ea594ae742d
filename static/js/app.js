// Progressive enhancement only: every page works with JavaScript off.
// Loaded as <script type="module">, so it runs once the document is parsed, only in
// browsers that support ES modules, and never inline (the CSP allows 'self' scripts).
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";

// NHS.UK frontend's own template does this with an inline script; it marks the page
// as able to run the library's components (initAll() checks for this class).
document.documentElement.classList.replace("no-js", "js");
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");

// Components opt in with data-module="nhsuk-…" (error summary, radios, checkboxes,
// header, skip link, button). A failure here must not stop the rest of this file.
try {
  initAll();
} catch (error) {
  console.error(error);
}

// NHS pattern: after a submit with errors, focus the error summary so screen readers
// announce it. The library's ErrorSummary does this for data-module="nhsuk-error-summary";
// this covers a summary rendered without that attribute.
const errorSummary = document.querySelector(".nhsuk-error-summary");
if (errorSummary && !errorSummary.contains(document.activeElement)) {
  if (!errorSummary.hasAttribute("tabindex")) {
    errorSummary.setAttribute("tabindex", "-1");
    errorSummary.addEventListener("blur", () => errorSummary.removeAttribute("tabindex"), {
      once: true,
    });
  }
  errorSummary.focus();
}

// A printed result carries the answers even though they sit in a closed <details> on
// screen (the print stylesheet does the same where the browser supports it).
window.addEventListener("beforeprint", () => {
  for (const details of document.querySelectorAll(".bot-result details:not([open])")) {
    details.setAttribute("open", "");
    details.dataset.openedForPrint = "true";
  }
});
window.addEventListener("afterprint", () => {
  for (const details of document.querySelectorAll("details[data-opened-for-print]")) {
    details.removeAttribute("open");
    delete details.dataset.openedForPrint;
  }
});
