//! Bytes to text: UTF-8 when valid, otherwise Windows-1252.
//!
//! Reports saved from old publisher pages and Windows editors are often
//! Latin-1 or Windows-1252. Windows-1252 is a superset of the printable
//! Latin-1 range, so decoding invalid UTF-8 as Windows-1252 reads both rather
//! than rejecting the file. A byte-order mark selects UTF-16 or UTF-8.

use std::borrow::Cow;

/// Decode `bytes` to text; never fails.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return text;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn utf8_is_borrowed() {
        assert!(matches!(decode("Bécuwe".as_bytes()), std::borrow::Cow::Borrowed("Bécuwe")));
    }

    #[test]
    fn latin1_and_cp1252_are_decoded() {
        // "Bécuwe" in Latin-1, and a Windows-1252 right quote (0x92).
        assert_eq!(decode(b"B\xe9cuwe"), "Bécuwe");
        assert_eq!(decode(b"patient\x92s"), "patient\u{2019}s");
    }

    #[test]
    fn bom_selects_utf16() {
        let bytes = [0xff, 0xfe, b'h', 0, b'i', 0];
        assert_eq!(decode(&bytes), "hi");
    }
}
