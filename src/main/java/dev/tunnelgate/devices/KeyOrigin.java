package dev.tunnelgate.devices;

/** Where the device's key pair was made; the server keeps the private key in none of these cases. */
public enum KeyOrigin {
    /** In the user's browser (WebCrypto); only the public key reached the server. */
    BROWSER,
    /** On the server, shown once and then forgotten. */
    SERVER,
    /** Made by the user, who pasted the public key. */
    USER
}
