// Keys made in the browser: the private key never leaves this page. The server receives the
// public key only, answers with the config carrying a placeholder, and the page puts the
// private key in, draws the QR code and offers the file.
import QRCode from 'qrcode';

// The placeholder line, with the comment lines the server writes above it to explain it (they no
// longer apply once the key is in).
const PLACEHOLDER = /^(?:#.*\n)*PrivateKey = <[^>\n]*>$/m;
let pendingPrivateKey = null;

function toBase64(bytes) {
  let text = '';
  bytes.forEach((b) => { text += String.fromCharCode(b); });
  return btoa(text);
}

async function supported() {
  try {
    await crypto.subtle.generateKey({ name: 'X25519' }, true, ['deriveBits']);
    return true;
  } catch (e) {
    return false;
  }
}

/** Makes a key pair, keeps the private key in this module, and returns the public key. */
async function generate() {
  const pair = await crypto.subtle.generateKey({ name: 'X25519' }, true, ['deriveBits']);
  const publicRaw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  // PKCS#8 of an X25519 key ends with the 32-byte private scalar.
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  pendingPrivateKey = toBase64(pkcs8.slice(pkcs8.length - 32));
  return toBase64(publicRaw);
}

/**
 * Shows the finished config in {@code container}: a download link, the QR code (the link first on a
 * touch device, the QR code first elsewhere) and the text. {@code texts} are the page's words in the
 * user's language: download, scan, qrAlt, label, gone.
 */
async function complete(container, configText, fileName, touch, texts) {
  if (!pendingPrivateKey || !PLACEHOLDER.test(configText)) {
    container.textContent = texts.gone;
    return;
  }
  const config = configText.replace(PLACEHOLDER, 'PrivateKey = ' + pendingPrivateKey);
  pendingPrivateKey = null;
  container.replaceChildren();

  const link = document.createElement('a');
  link.id = 'browser-config-download';
  link.download = fileName;
  link.href = URL.createObjectURL(new Blob([config], { type: 'text/plain' }));
  link.textContent = texts.download;
  const linkLine = document.createElement('p');
  linkLine.append(link);

  const canvas = document.createElement('canvas');
  canvas.id = 'browser-config-qr';
  canvas.className = 'qr-code';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', texts.qrAlt);
  await QRCode.toCanvas(canvas, config, { errorCorrectionLevel: 'L', margin: 4, width: 360 });
  // The library fixes the size in pixels; the theme's qr-code rule scales it to narrow screens instead.
  canvas.style.width = '';
  canvas.style.height = '';

  const label = document.createElement('label');
  label.htmlFor = 'browser-config-text';
  label.textContent = texts.label;
  const text = document.createElement('textarea');
  text.id = 'browser-config-text';
  text.readOnly = true;
  text.rows = 12;
  text.style.width = '100%';
  text.value = config;

  if (touch) {
    const scan = document.createElement('p');
    scan.textContent = texts.scan;
    container.append(linkLine, scan, canvas, label, text);
  } else {
    container.append(canvas, linkLine, label, text);
  }
}

window.tunnelgateKeys = { supported, generate, complete };
