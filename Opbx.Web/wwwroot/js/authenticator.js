// Draws the authenticator set-up QR code (the otpauth:// link) as an SVG; without JavaScript the key is still shown to type.
(function () {
  const holder = document.getElementById('authenticator-qr');
  if (!holder || typeof qrcode !== 'function' || !holder.dataset.uri) return;
  const code = qrcode(0, 'M');
  code.addData(holder.dataset.uri);
  code.make();
  holder.innerHTML = code.createSvgTag({ cellSize: 4, margin: 8 });
})();
