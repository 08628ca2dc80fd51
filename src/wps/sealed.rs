//! M3 to M8 and back: one way to build a protected message and one way to open it, for
//! both roles (hostapd repeats this in `wps_enrollee.c` and `wps_registrar.c`).
//!
//! Every protected message names the receiver's nonce, may carry Encrypted Settings, ends
//! with the Version2 extension and an Authenticator over the previous message and itself.

use zeroize::Zeroizing;

use super::attr::{AttrWriter, Attrs};
use super::crypto::{SessionKeys, hashes_equal};
use super::defs::{AttrType, MsgType};
use super::error::ProtocolError;
use super::message::{Nonce, header, version2_ext};

/// Whose nonce a message carries: the registrar's (M3, M5, M7) or the enrollee's (M4, M6, M8).
pub fn nonce_attr(msg: MsgType) -> AttrType {
    match msg {
        MsgType::M3 | MsgType::M5 | MsgType::M7 => AttrType::RegistrarNonce,
        _ => AttrType::EnrolleeNonce,
    }
}

/// A protected message being built: header and the receiver's nonce are in, then whatever
/// the message adds (hashes), then [`Sealer::seal`].
pub struct Sealer<'k> {
    keys: &'k SessionKeys,
    w: AttrWriter,
}

impl<'k> Sealer<'k> {
    pub fn new(keys: &'k SessionKeys, msg: MsgType, nonce: &Nonce) -> Self {
        let mut w = header(msg);
        w.put(nonce_attr(msg), nonce);
        Sealer { keys, w }
    }

    pub fn put(mut self, attr: AttrType, value: &[u8]) -> Self {
        self.w.put(attr, value);
        self
    }

    /// Encrypted Settings holding `inner`, under the session's KeyWrapKey and this IV.
    pub fn encrypted(mut self, iv: &[u8; 16], inner: &AttrWriter) -> Self {
        let data = self.keys.encrypt_settings(iv, inner.as_bytes());
        self.w.put(AttrType::EncrSettings, &data);
        self
    }

    /// Version2, then the Authenticator over `previous` and this body.
    pub fn seal(mut self, previous: &[u8]) -> Vec<u8> {
        self.w.put(AttrType::VendorExt, &version2_ext());
        self.keys.seal(previous, self.w)
    }
}

/// A protected message that checked out.
pub struct Opened<'a> {
    pub attrs: Attrs<'a>,
    /// The decrypted inner attributes of Encrypted Settings, when they were asked for.
    pub settings: Option<Zeroizing<Vec<u8>>>,
}

/// Checks a received protected message in the order hostapd does: our nonce, the
/// Authenticator over the message before, then (when `settings`) decrypts Encrypted
/// Settings and checks their Key Wrap Authenticator.
pub fn open<'a>(
    keys: &SessionKeys,
    msg: MsgType,
    our_nonce: &Nonce,
    previous: &[u8],
    body: &'a [u8],
    settings: bool,
) -> Result<Opened<'a>, ProtocolError> {
    let attrs = Attrs::parse(body)?;
    let attr = nonce_attr(msg);
    let nonce: Nonce = attrs.fixed(attr)?;
    if !hashes_equal(&nonce, our_nonce) {
        return Err(ProtocolError::WrongNonce { msg, attr });
    }
    if !keys.verify_authenticator(previous, body) {
        return Err(ProtocolError::Authenticator { msg });
    }
    if !settings {
        return Ok(Opened { attrs, settings: None });
    }
    let enc = attrs.require(AttrType::EncrSettings)?;
    let inner = keys.decrypt_settings(enc).ok_or(ProtocolError::KeyWrap { msg })?;
    Ok(Opened { attrs, settings: Some(inner) })
}
