// Destructive acts ask first: any form or button with data-confirm shows the question before submitting.
document.addEventListener('submit', (e) => {
    const form = e.target;
    const submitter = e.submitter;
    const question = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) {
        e.preventDefault();
        e.stopImmediatePropagation();
    }
}, true);
// Move focus to the first invalid field after a form re-renders with errors.
document.addEventListener('DOMContentLoaded', () => {
    const invalid = document.querySelector('.is-invalid');
    if (invalid) invalid.focus();
});
document.addEventListener('htmx:afterSettle', () => {
    const invalid = document.querySelector('.is-invalid');
    if (invalid) invalid.focus();
});
// A "select all" box ticks every checkbox with the name in its data-select-all (no inline handlers: the CSP refuses them).
document.addEventListener('change', (e) => {
    const all = e.target.closest && e.target.closest('[data-select-all]');
    if (!all) return;
    document.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`).forEach((c) => { c.checked = all.checked; });
});
