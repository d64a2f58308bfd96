//! The bundled corpus agrees with the facts sheet it was written from.
