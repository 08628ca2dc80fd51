//! EAP-WSC fragmentation (`eap_wsc_common.c`, `eap_server_wsc.c`, `eap_peer/eap_wsc.c`): a
//! message longer than the link's fragment size goes out in pieces, More Fragments on all but
//! the last, the Length Field with the whole length on the first; the receiver answers each
//! piece with WSC_FRAG_ACK and puts the message together again, within a limit.

use std::collections::VecDeque;

use super::defs::OpCode;
use super::eap::EapPayload;
use super::error::ProtocolError;

/// hostapd's `fragment_size` default: the EAP method data of one frame (op-code, flags,
/// length field and data) is at most this many bytes.
pub const DEFAULT_FRAGMENT_SIZE: usize = 1400;
/// The smallest fragment size the machines accept: room for the header and some data.
pub const MIN_FRAGMENT_SIZE: usize = 16;
/// The largest message put together again. Real ones stay under 2 KB (M1 is about 400
/// bytes); a peer announcing more is refused before anything is stored.
pub const MAX_MESSAGE: usize = 16 * 1024;

/// Splits one message for a link of `size`: a single `Wsc` payload when it fits, else
/// fragments in order, the last one a plain `Wsc` (as hostapd counts: op-code and flags
/// take 2 bytes, the length field 2 more on the first fragment).
pub fn split(op: OpCode, data: Vec<u8>, size: usize) -> VecDeque<EapPayload> {
    let size = size.max(MIN_FRAGMENT_SIZE);
    if 2 + data.len() <= size {
        return VecDeque::from([EapPayload::Wsc { op, data }]);
    }
    let total = u16::try_from(data.len()).unwrap_or(u16::MAX);
    let mut pieces = VecDeque::new();
    let mut rest = &data[..];
    let first = size - 4;
    pieces.push_back(EapPayload::WscFragment { op, total: Some(total), data: rest[..first].to_vec() });
    rest = &rest[first..];
    while 2 + rest.len() > size {
        let (piece, tail) = rest.split_at(size - 2);
        pieces.push_back(EapPayload::WscFragment { op, total: None, data: piece.to_vec() });
        rest = tail;
    }
    pieces.push_back(EapPayload::Wsc { op, data: rest.to_vec() });
    pieces
}

/// A message being received in pieces.
#[derive(Debug, Default)]
pub struct Reassembly {
    /// The op-code and announced length of the message under way.
    message: Option<(OpCode, usize)>,
    buf: Vec<u8>,
}

impl Reassembly {
    /// Whether some fragments have come and the message is not whole yet.
    pub fn active(&self) -> bool {
        self.message.is_some()
    }

    /// A fragment with More Fragments set. A wrong one drops what was gathered.
    pub fn fragment(&mut self, op: OpCode, total: Option<u16>, data: &[u8]) -> Result<(), ProtocolError> {
        let refuse = |this: &mut Reassembly, why: &'static str| {
            *this = Reassembly::default();
            Err(ProtocolError::Fragment { why })
        };
        match (self.message, total) {
            (None, None) => return refuse(self, "a first fragment without the message's length"),
            (None, Some(total)) => {
                let total = usize::from(total);
                if total > MAX_MESSAGE {
                    return refuse(self, "a message longer than 16 KiB announced");
                }
                self.message = Some((op, total));
            }
            (Some((started, _)), _) if started != op => return refuse(self, "a fragment with another op-code"),
            (Some(_), _) => {}
        }
        let (_, total) = self.message.expect("set above");
        if self.buf.len() + data.len() >= total {
            // More fragments are announced, so this one must leave room for them.
            return refuse(self, "fragments longer than the announced length");
        }
        self.buf.extend_from_slice(data);
        Ok(())
    }

    /// The last piece (no More Fragments flag): the whole message, which must have exactly
    /// the announced length.
    pub fn finish(&mut self, op: OpCode, data: &[u8]) -> Result<Vec<u8>, ProtocolError> {
        let gathered = std::mem::take(self);
        let Some((started, total)) = gathered.message else {
            return Err(ProtocolError::Fragment { why: "a last fragment with no first one" });
        };
        if started != op {
            return Err(ProtocolError::Fragment { why: "a fragment with another op-code" });
        }
        let mut whole = gathered.buf;
        whole.extend_from_slice(data);
        if whole.len() != total {
            return Err(ProtocolError::Fragment { why: "the pieces do not add up to the announced length" });
        }
        Ok(whole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn join(pieces: &VecDeque<EapPayload>) -> Result<Vec<u8>, ProtocolError> {
        let mut r = Reassembly::default();
        for p in pieces {
            match p {
                EapPayload::WscFragment { op, total, data } => r.fragment(*op, *total, data)?,
                EapPayload::Wsc { op, data } if r.active() => return r.finish(*op, data),
                EapPayload::Wsc { data, .. } => return Ok(data.clone()),
                other => panic!("{other:?}"),
            }
        }
        panic!("no last piece")
    }

    #[test]
    fn a_message_that_fits_goes_whole() {
        let pieces = split(OpCode::Msg, vec![7; 1398], 1400);
        assert_eq!(pieces, VecDeque::from([EapPayload::Wsc { op: OpCode::Msg, data: vec![7; 1398] }]));
    }

    #[test]
    fn fragments_count_as_hostapd_counts() {
        // 415 bytes at 200: 196 (with the length field), 198, then the last 21.
        let pieces = split(OpCode::Msg, (0..415u32).map(|i| i as u8).collect(), 200);
        let sizes: Vec<usize> = pieces
            .iter()
            .map(|p| match p {
                EapPayload::WscFragment { data, .. } | EapPayload::Wsc { data, .. } => data.len(),
                _ => 0,
            })
            .collect();
        assert_eq!(sizes, [196, 198, 21]);
        assert!(matches!(pieces[0], EapPayload::WscFragment { total: Some(415), .. }));
        assert!(matches!(pieces[1], EapPayload::WscFragment { total: None, .. }));
    }

    #[test]
    fn wrong_pieces_are_refused() {
        let mut r = Reassembly::default();
        assert!(r.fragment(OpCode::Msg, None, &[1]).is_err(), "no length on the first");
        assert!(r.fragment(OpCode::Msg, Some(20_000), &[1]).is_err(), "over the limit");
        r.fragment(OpCode::Msg, Some(10), &[1, 2, 3]).unwrap();
        assert!(r.fragment(OpCode::Msg, None, &[0; 7]).is_err(), "reaches the length with more announced");
        assert!(!r.active(), "a refused fragment drops the message");
        r.fragment(OpCode::Msg, Some(10), &[1, 2, 3]).unwrap();
        assert!(r.finish(OpCode::Msg, &[4]).is_err(), "short of the announced length");
        r.fragment(OpCode::Msg, Some(4), &[1, 2, 3]).unwrap();
        assert!(r.finish(OpCode::Done, &[4]).is_err(), "another op-code");
    }

    proptest! {
        #[test]
        fn split_then_join_gives_the_message_back(len in 0usize..5000, size in MIN_FRAGMENT_SIZE..1500) {
            let data: Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
            let pieces = split(OpCode::Msg, data.clone(), size);
            for p in &pieces {
                let header = match p { EapPayload::WscFragment { total: Some(_), data, .. } => 4 + data.len(), EapPayload::WscFragment { data, .. } | EapPayload::Wsc { data, .. } => 2 + data.len(), _ => 0 };
                prop_assert!(header <= size);
            }
            prop_assert_eq!(join(&pieces).unwrap(), data);
        }
    }
}
