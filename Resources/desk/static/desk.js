// Alumni Desk: small enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // A form sends once: a second click while the first is on its way does nothing.
  // (The server also takes each step once; this only spares the second round trip.)
  for (const form of document.querySelectorAll("form[method=post]")) {
    form.addEventListener("submit", () => {
      for (const button of form.querySelectorAll("button[type=submit]")) button.disabled = true;
    });
  }
});
// Coming back with the back button shows the page as it was left: buttons usable again.
window.addEventListener("pageshow", () => {
  for (const button of document.querySelectorAll("button[disabled]")) button.disabled = false;
});
