// Keys made in the browser: the private key never leaves this page. The server receives the
// public key only, answers with the config carrying a placeholder, and the page puts the
// private key in, draws the QR code and offers the file.
import QRCode from 'qrcode';

const PLACEHOLDER = /^PrivateKey = <[^>\n]*>$/m;
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

/** Shows the finished config in {@code container}: text, QR code and a download link. */
async function complete(container, configText, fileName) {
  if (!pendingPrivateKey || !PLACEHOLDER.test(configText)) {
    container.textContent = 'The key made in this page is gone (was the page reloaded?). Revoke the device and add it again.';
    return;
  }
  const config = configText.replace(PLACEHOLDER, 'PrivateKey = ' + pendingPrivateKey);
  pendingPrivateKey = null;
  container.replaceChildren();

  const link = document.createElement('a');
  link.id = 'browser-config-download';
  link.download = fileName;
  link.href = URL.createObjectURL(new Blob([config], { type: 'text/plain' }));
  link.textContent = 'Download ' + fileName;

  const canvas = document.createElement('canvas');
  canvas.id = 'browser-config-qr';
  await QRCode.toCanvas(canvas, config, { errorCorrectionLevel: 'L', margin: 4, width: 360 });

  const text = document.createElement('textarea');
  text.id = 'browser-config-text';
  text.readOnly = true;
  text.rows = 12;
  text.style.width = '100%';
  text.value = config;

  container.append(link, document.createElement('br'), canvas, text);
}

window.tunnelgateKeys = { supported, generate, complete };
