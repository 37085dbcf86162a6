// Alumni Desk: small enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // A campaign going out: its figures follow the server every few seconds until all is handed
  // over, then the page reloads once to show how it ended. Without this script the page has a
  // Refresh link.
  const figures = document.querySelector("[data-progress]");
  if (figures && figures.dataset.progress) followProgress(figures);

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

// Fetches a campaign's figures and how far it has gone out, and writes them into the page,
// again while it is going out.
async function followProgress(figures) {
  try {
    const response = await fetch(figures.dataset.progress, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const live = await response.json();
    for (const cell of figures.querySelectorAll("[data-figure]")) {
      const value = live.progress[cell.dataset.figure];
      if (value !== undefined) cell.textContent = String(value);
    }
    for (const state of document.querySelectorAll("[data-progress-state]")) state.textContent = live.state;
    // Once everything is handed over, the page is shown again as it now stands.
    if (live.going) setTimeout(() => followProgress(figures), 2000);
    else window.location.reload();
  } catch (error) {
    // Offline for a moment: the Refresh link still works.
  }
}
