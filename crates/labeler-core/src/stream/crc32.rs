//! CRC-32 as `application/vnd.amazon.eventstream` uses it: the plain IEEE 802.3 / zlib CRC
//! (reflected polynomial 0xEDB88320, initial value and final xor 0xFFFFFFFF), not CRC-32C.
//!
//! Byte-at-a-time with one 1 KiB table built at compile time: event-stream frames are small
//! and arrive over the network, so speed does not matter here, while the wasm's size does (the
//! slice-by-16 tables of `crc32fast` are 16 KiB of incompressible data; see docs/streaming.md).

const TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// A running CRC-32: feed bytes in any number of pieces, read the value at any point.
#[derive(Debug, Clone, Copy)]
pub struct Crc32(u32);

impl Default for Crc32 {
    fn default() -> Self {
        Self(0xFFFF_FFFF)
    }
}

impl Crc32 {
    pub fn update(&mut self, bytes: &[u8]) {
        let mut c = self.0;
        for &b in bytes {
            c = TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
        }
        self.0 = c;
    }

    pub fn value(&self) -> u32 {
        self.0 ^ 0xFFFF_FFFF
    }
}

/// CRC-32 of `bytes`.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut c = Crc32::default();
    c.update(bytes);
    c.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_value_of_the_standard() {
        // The "check" value of CRC-32/ISO-HDLC in every CRC catalogue.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn running_crc_equals_one_shot() {
        let data = b"The quick brown fox jumps over the lazy dog";
        let mut c = Crc32::default();
        for piece in data.chunks(5) {
            c.update(piece);
        }
        assert_eq!(c.value(), crc32(data));
        assert_eq!(c.value(), 0x414F_A339);
    }
}
