// Behaviour is wired by data- attributes only (no inline scripts or handlers), so the pages work under a strict CSP.

// Destructive acts ask first: any form or button with data-confirm shows the question before submitting.
// A bulk form (data-confirm-bulk="user,users") names the chosen action and how many rows are ticked: "Delete 3 users?".
document.addEventListener('submit', (e) => {
    const form = e.target;
    const submitter = e.submitter;
    let question = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (!question && form.dataset.confirmBulk) question = bulkQuestion(form);
    if (question && !window.confirm(question)) {
        e.preventDefault();
        e.stopImmediatePropagation();
    }
}, true);

function bulkQuestion(form) {
    const [one, many] = form.dataset.confirmBulk.split(',');
    const count = Array.from(form.elements).filter((el) => el.type === 'checkbox' && el.name === 'selected' && el.checked).length;
    if (count === 0) return null; // the server answers "Select at least one user first."
    const action = form.querySelector('select[name=action]');
    const verb = action ? action.options[action.selectedIndex].text : 'Apply to';
    return `${verb} ${count} ${count === 1 ? one : many}? Each one is checked on its own.`;
}

// A "select all" checkbox: data-select-all="selected" ticks every checkbox of that name.
document.addEventListener('change', (e) => {
    const all = e.target.closest && e.target.closest('[data-select-all]');
    if (!all) return;
    document.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`).forEach((c) => { c.checked = all.checked; });
});

// Parts of a form that only matter for one choice: data-shown-when="invite-no" shows the element only while the
// radio or checkbox with that id is checked. Without JavaScript everything stays visible.
function applyShownWhen(root) {
    (root || document).querySelectorAll('[data-shown-when]').forEach((el) => {
        const control = document.getElementById(el.dataset.shownWhen);
        if (control) el.hidden = !control.checked;
    });
}
document.addEventListener('change', (e) => {
    if (e.target.type === 'radio' || e.target.type === 'checkbox') applyShownWhen();
});

// Move focus to the first invalid field after a form re-renders with errors.
document.addEventListener('DOMContentLoaded', () => {
    applyShownWhen();
    const invalid = document.querySelector('.is-invalid');
    if (invalid) invalid.focus();
});

// Quick edit: Esc cancels the row being edited; after a save or cancel, focus goes back to the row's Quick edit button.
// Wiring the Cancel button here first is a no-op when htmx already has (it settles new content at once, see the layout's
// htmx-config; with its default 20 ms delay an Esc typed in between met a Cancel button that did nothing).
document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    const row = e.target.closest && e.target.closest('[data-inline-edit]');
    if (!row) return;
    const cancel = row.querySelector('[data-inline-cancel]');
    if (cancel) {
        e.preventDefault();
        htmx.process(cancel);
        cancel.click();
    }
});

// A field whose error message arrives with other content (data-error-from="<message id>") is marked invalid while the
// message is on the page, and valid again once it is gone.
function applyErrorFrom() {
    document.querySelectorAll('[data-error-from]').forEach((field) => {
        const message = document.getElementById(field.dataset.errorFrom);
        field.classList.toggle('is-invalid', !!message);
        if (message) {
            field.setAttribute('aria-invalid', 'true');
            field.setAttribute('aria-describedby', message.id);
        } else {
            field.removeAttribute('aria-invalid');
            field.removeAttribute('aria-describedby');
        }
    });
}

document.addEventListener('htmx:afterSettle', (e) => {
    applyErrorFrom();
    const target = e.detail.elt;
    if (target && target.matches && target.matches('[data-inline-row]') && target.isConnected) {
        const edit = target.querySelector('[data-inline-open]');
        if (edit) edit.focus();
        return;
    }
    const invalid = document.querySelector('.is-invalid');
    if (invalid) invalid.focus();
});

// Ordered choices (a route's trunks: one select per position; ring group and queue members: one picker field per
// position). ↑ and ↓ swap a position's choice with its neighbour's; "Add a position" (shown only with script) copies the
// last position, empty. The server reads the fields in order and skips empty ones, so without script the form still works.
const orderedField = (row) => row.querySelector('select, input');
document.addEventListener('click', (e) => {
    const move = e.target.closest && e.target.closest('[data-move]');
    if (move) {
        const row = move.closest('[data-ordered-row]');
        const other = move.dataset.move === 'up' ? row.previousElementSibling : row.nextElementSibling;
        if (!other) return;
        const a = orderedField(row);
        const b = orderedField(other);
        [a.value, b.value] = [b.value, a.value];
        orderedField(move.dataset.move === 'up' ? other : row.nextElementSibling || row).focus();
        return;
    }
    const add = e.target.closest && e.target.closest('[data-add-row]');
    if (!add) return;
    const list = document.querySelector(`[data-ordered="${add.dataset.addRow}"]`);
    const rows = list.querySelectorAll('[data-ordered-row]');
    const copy = rows[rows.length - 1].cloneNode(true);
    const index = rows.length;
    const name = add.dataset.addRow;
    const field = orderedField(copy);
    field.name = `${name}[${index}]`;
    field.id = `${name}-${index}`;
    field.value = '';
    const label = copy.querySelector('label');
    label.htmlFor = field.id;
    label.textContent = label.textContent.replace(/\d+$/, String(index + 1));
    copy.querySelectorAll('[data-move]').forEach((b) => { b.setAttribute('aria-label', b.getAttribute('aria-label').replace(/\d+/, String(index + 1))); });
    list.appendChild(copy);
    // A picker field asks the server for suggestions through htmx, which must learn of the copy.
    if (window.htmx) window.htmx.process(copy);
    const max = field.options ? field.options.length - 1 : Number(list.dataset.max || Infinity);
    if (list.querySelectorAll('[data-ordered-row]').length >= max) add.hidden = true;
    field.focus();
});
document.addEventListener('DOMContentLoaded', () => {
    document.querySelectorAll('[data-add-row]').forEach((b) => { b.hidden = false; });
});

// htmx leaves the page as it was when a request fails, so a save or a cancel that the server refused (or that never reached
// it) would look like a button that does nothing: the request error box says what happened, with the error page's own
// words and request id, until the next request succeeds or it is closed.
function requestError(text) {
    const box = document.getElementById('request-error');
    if (!box) return;
    box.querySelector('[data-request-error-text]').textContent = text;
    box.hidden = false;
}
document.addEventListener('htmx:responseError', (e) => {
    const xhr = e.detail.xhr;
    const page = new DOMParser().parseFromString(xhr.responseText || '', 'text/html');
    const title = page.querySelector('main h1');
    const message = title && title.nextElementSibling;
    const id = page.getElementById('request-id');
    requestError(title
        ? `${title.textContent.trim()}. ${message ? message.textContent.trim() : ''}${id ? ` Request id: ${id.textContent.trim()}.` : ''}`
        : `The server answered ${xhr.status}. Try again.`);
});
document.addEventListener('htmx:sendError', () => requestError('The server could not be reached. Check the connection and try again.'));
document.addEventListener('htmx:afterRequest', (e) => {
    const box = document.getElementById('request-error');
    if (box && e.detail.successful) box.hidden = true;
});
document.addEventListener('click', (e) => {
    if (e.target.closest && e.target.closest('[data-request-error-close]')) document.getElementById('request-error').hidden = true;
});
