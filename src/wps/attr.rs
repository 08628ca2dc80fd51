//! Big-endian TLV attributes: a reader that stops cleanly on a truncated length, and a writer.
//!
//! The reader never panics: every length is checked before a slice is taken.

use super::defs::AttrType;
use super::error::ParseError;

/// One attribute as it stands in a message: where it starts, its type and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attr<'a> {
    pub offset: usize,
    pub ty: AttrType,
    pub value: &'a [u8],
}

/// Iterates over the attributes of a byte string; yields an error (then stops) on a truncation.
pub struct AttrIter<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Offset of `bytes` within the enclosing buffer, so errors point at the real place.
    base: usize,
    failed: bool,
}

impl<'a> AttrIter<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Self::at(bytes, 0)
    }
    pub fn at(bytes: &'a [u8], base: usize) -> Self {
        AttrIter { bytes, pos: 0, base, failed: false }
    }
}

impl<'a> Iterator for AttrIter<'a> {
    type Item = Result<Attr<'a>, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pos >= self.bytes.len() {
            return None;
        }
        let rest = &self.bytes[self.pos..];
        let offset = self.base + self.pos;
        if rest.len() < 4 {
            self.failed = true;
            return Some(Err(ParseError::TruncatedHeader { offset, have: rest.len() }));
        }
        let ty = AttrType::from_u16(u16::from_be_bytes([rest[0], rest[1]]));
        let len = usize::from(u16::from_be_bytes([rest[2], rest[3]]));
        if rest.len() - 4 < len {
            self.failed = true;
            return Some(Err(ParseError::TruncatedValue { attr: ty, offset, len, have: rest.len() - 4 }));
        }
        self.pos += 4 + len;
        Some(Ok(Attr { offset, ty, value: &rest[4..4 + len] }))
    }
}

/// All attributes of a message, read once; lookups then return typed errors.
#[derive(Debug, Clone)]
pub struct Attrs<'a> {
    list: Vec<Attr<'a>>,
}

impl<'a> Attrs<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Self, ParseError> {
        Self::parse_at(bytes, 0)
    }

    pub fn parse_at(bytes: &'a [u8], base: usize) -> Result<Self, ParseError> {
        let list = AttrIter::at(bytes, base).collect::<Result<Vec<_>, _>>()?;
        Ok(Attrs { list })
    }

    pub fn iter(&self) -> impl Iterator<Item = &Attr<'a>> {
        self.list.iter()
    }

    pub fn last(&self) -> Option<&Attr<'a>> {
        self.list.last()
    }

    pub fn get(&self, ty: AttrType) -> Option<&'a [u8]> {
        self.list.iter().find(|a| a.ty == ty).map(|a| a.value)
    }

    pub fn require(&self, ty: AttrType) -> Result<&'a [u8], ParseError> {
        self.get(ty).ok_or(ParseError::Missing(ty))
    }

    /// A required attribute of an exact length, as a fixed array.
    pub fn fixed<const N: usize>(&self, ty: AttrType) -> Result<[u8; N], ParseError> {
        let attr = self.list.iter().find(|a| a.ty == ty).ok_or(ParseError::Missing(ty))?;
        attr.value.try_into().map_err(|_| ParseError::BadLength {
            attr: ty,
            offset: attr.offset,
            len: attr.value.len(),
            expected: N,
        })
    }

    pub fn u8(&self, ty: AttrType) -> Result<u8, ParseError> {
        Ok(self.fixed::<1>(ty)?[0])
    }

    pub fn u16(&self, ty: AttrType) -> Result<u16, ParseError> {
        Ok(u16::from_be_bytes(self.fixed::<2>(ty)?))
    }

    pub fn u32(&self, ty: AttrType) -> Result<u32, ParseError> {
        Ok(u32::from_be_bytes(self.fixed::<4>(ty)?))
    }

    pub fn opt_u16(&self, ty: AttrType) -> Result<Option<u16>, ParseError> {
        if self.get(ty).is_some() { self.u16(ty).map(Some) } else { Ok(None) }
    }

    pub fn bytes_or_empty(&self, ty: AttrType) -> Vec<u8> {
        self.get(ty).map(<[u8]>::to_vec).unwrap_or_default()
    }
}

/// Builds attributes in order into a byte vector.
#[derive(Debug, Default, Clone)]
pub struct AttrWriter {
    buf: Vec<u8>,
}

impl AttrWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one attribute. Values over 65535 bytes cannot be encoded; callers build
    /// only bounded values (keys, names cut to their protocol maximum), so this is a bug.
    pub fn put(&mut self, ty: AttrType, value: &[u8]) -> &mut Self {
        let len = u16::try_from(value.len()).expect("attribute value longer than 65535 bytes");
        self.buf.extend_from_slice(&ty.to_u16().to_be_bytes());
        self.buf.extend_from_slice(&len.to_be_bytes());
        self.buf.extend_from_slice(value);
        self
    }

    pub fn put_u8(&mut self, ty: AttrType, v: u8) -> &mut Self {
        self.put(ty, &[v])
    }

    pub fn put_u16(&mut self, ty: AttrType, v: u16) -> &mut Self {
        self.put(ty, &v.to_be_bytes())
    }

    pub fn put_u32(&mut self, ty: AttrType, v: u32) -> &mut Self {
        self.put(ty, &v.to_be_bytes())
    }

    pub fn len(&self) -> usize {
        self.buf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    pub fn finish(self) -> Vec<u8> {
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_writer_wrote() {
        let mut w = AttrWriter::new();
        w.put_u8(AttrType::Version, 0x10).put_u16(AttrType::ConfigError, 18).put(AttrType::Ssid, b"Home");
        let bytes = w.finish();
        let attrs = Attrs::parse(&bytes).unwrap();
        assert_eq!(attrs.u8(AttrType::Version).unwrap(), 0x10);
        assert_eq!(attrs.u16(AttrType::ConfigError).unwrap(), 18);
        assert_eq!(attrs.require(AttrType::Ssid).unwrap(), b"Home");
        assert_eq!(attrs.require(AttrType::MacAddr), Err(ParseError::Missing(AttrType::MacAddr)));
    }

    #[test]
    fn truncation_is_an_error_naming_the_place() {
        let bytes = [0x10, 0x4a, 0x00, 0x05, 0x10];
        let err = Attrs::parse(&bytes).unwrap_err();
        assert_eq!(err, ParseError::TruncatedValue { attr: AttrType::Version, offset: 0, len: 5, have: 1 });
        let err = Attrs::parse(&[0x10, 0x4a, 0x00, 0x01, 0x10, 0x10]).unwrap_err();
        assert_eq!(err, ParseError::TruncatedHeader { offset: 5, have: 1 });
    }

    #[test]
    fn wrong_length_names_the_attribute() {
        let bytes = [0x10, 0x22, 0x00, 0x02, 0x00, 0x04];
        let err = Attrs::parse(&bytes).unwrap().u8(AttrType::MsgType).unwrap_err();
        assert_eq!(err.to_string(), "Message Type at offset 0 has 2 bytes, expected 1");
    }
}
