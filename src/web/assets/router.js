// The router page's two conveniences; everything works as plain forms without them.
"use strict";

// Live updates: the status, countdown, notice and client list, as the server sends them.
const live = document.getElementById("live");
const clients = document.getElementById("clients");
if (live && window.EventSource) {
  const events = new EventSource("/events");
  events.addEventListener("state", (e) => { live.innerHTML = e.data; });
  events.addEventListener("clients", (e) => { if (clients) clients.innerHTML = e.data; });
}

// The PIN's check digit, checked before anything is sent, in the router pane's words
// (the server checks it again).
function pinProblem(input) {
  const digits = input.replace(/[^0-9]/g, "");
  if (digits.length !== 4 && digits.length !== 8) {
    return "a PIN has 4 or 8 digits, this has " + digits.length;
  }
  if (digits.length === 8) {
    let sum = 0;
    for (let i = 0; i < 7; i++) sum += (i % 2 === 0 ? 3 : 1) * Number(digits[i]);
    if ((10 - (sum % 10)) % 10 !== Number(digits[7])) {
      return "a digit is wrong (the check digit does not match): compare it with the printer's screen";
    }
  }
  return null;
}

for (const form of document.querySelectorAll("form[data-pin]")) {
  form.addEventListener("submit", (e) => {
    const problem = pinProblem(form.elements.pin.value);
    const out = document.getElementById("pin-error");
    if (problem) {
      e.preventDefault();
      out.textContent = "Invalid PIN: " + problem + ". Nothing was sent.";
    } else {
      out.textContent = "";
    }
  });
}
