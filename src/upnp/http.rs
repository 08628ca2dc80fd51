//! HTTP messages as UPnP uses them: over TCP for descriptions, SOAP control and GENA
//! events, and over UDP (HTTPU) for SSDP. Only whole messages are typed here; reading them
//! off a socket is the driver's business. httparse reads the head; the body is as long as
//! `Content-Length` says, and never longer than [`MAX_BODY`].

use std::fmt::Write as _;

/// The largest body taken: a WSC message in base64 inside SOAP is a few kilobytes.
pub const MAX_BODY: usize = 64 * 1024;
/// The most header lines taken in one head.
const MAX_HEADERS: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What a buffer held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed<T> {
    /// A whole message, and how many bytes of the buffer it took.
    Complete(T, usize),
    /// Not all of it yet.
    Partial,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    #[error("not HTTP: {0}")]
    Syntax(String),
    #[error("a body of {0} bytes is over the {MAX_BODY}-byte limit")]
    TooLarge(usize),
    #[error("Content-Length is not a number: {0:?}")]
    Length(String),
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

fn owned_headers(raw: &[httparse::Header<'_>]) -> Vec<(String, String)> {
    raw.iter().map(|h| (h.name.to_string(), String::from_utf8_lossy(h.value).trim().to_string())).collect()
}

/// The body after a head of `head` bytes: `Content-Length` of them, or none.
fn body(buf: &[u8], head: usize, headers: &[(String, String)]) -> Result<Option<(Vec<u8>, usize)>, HttpError> {
    let length = match header(headers, "Content-Length") {
        None => 0,
        Some(v) => v.trim().parse::<usize>().map_err(|_| HttpError::Length(v.to_string()))?,
    };
    if length > MAX_BODY {
        return Err(HttpError::TooLarge(length));
    }
    Ok((buf.len() >= head + length).then(|| (buf[head..head + length].to_vec(), head + length)))
}

/// What requests and responses share: header lines, and a body with its length said.
pub trait Message: Sized {
    fn headers(&self) -> &[(String, String)];
    fn parts(&mut self) -> (&mut Vec<(String, String)>, &mut Vec<u8>);

    fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.parts().0.push((name.into(), value.into()));
        self
    }

    fn with_body(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        let (_, slot) = self.parts();
        *slot = body.into();
        let length = slot.len().to_string();
        self.with_header("Content-Type", content_type).with_header("Content-Length", length)
    }

    /// The first header of that name, in any case.
    fn header(&self, name: &str) -> Option<&str> {
        header(self.headers(), name)
    }
}

impl Message for Request {
    fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    fn parts(&mut self) -> (&mut Vec<(String, String)>, &mut Vec<u8>) {
        (&mut self.headers, &mut self.body)
    }
}

impl Message for Response {
    fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    fn parts(&mut self) -> (&mut Vec<(String, String)>, &mut Vec<u8>) {
        (&mut self.headers, &mut self.body)
    }
}

impl Request {
    pub fn new(method: &str, target: &str) -> Self {
        Request { method: method.into(), target: target.into(), headers: Vec::new(), body: Vec::new() }
    }

    pub fn parse(buf: &[u8]) -> Result<Parsed<Request>, HttpError> {
        let mut raw = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut req = httparse::Request::new(&mut raw);
        let head = match req.parse(buf) {
            Ok(httparse::Status::Complete(n)) => n,
            Ok(httparse::Status::Partial) => return Ok(Parsed::Partial),
            Err(e) => return Err(HttpError::Syntax(e.to_string())),
        };
        let headers = owned_headers(req.headers);
        let (Some(method), Some(target)) = (req.method, req.path) else {
            return Err(HttpError::Syntax("no request line".into()));
        };
        let (method, target) = (method.to_string(), target.to_string());
        Ok(match body(buf, head, &headers)? {
            Some((body, used)) => Parsed::Complete(Request { method, target, headers, body }, used),
            None => Parsed::Partial,
        })
    }

    /// The bytes on the wire; a body gets its `Content-Length`.
    pub fn emit(&self) -> Vec<u8> {
        let mut head = format!("{} {} HTTP/1.1\r\n", self.method, self.target);
        emit_headers(&mut head, &self.headers, &self.body);
        let mut out = head.into_bytes();
        out.extend_from_slice(&self.body);
        out
    }
}

fn emit_headers(head: &mut String, headers: &[(String, String)], body: &[u8]) {
    for (name, value) in headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    if !body.is_empty() && header(headers, "Content-Length").is_none() {
        let _ = write!(head, "Content-Length: {}\r\n", body.len());
    }
    head.push_str("\r\n");
}

impl Response {
    pub fn new(status: u16) -> Self {
        Response { status, headers: Vec::new(), body: Vec::new() }
    }

    pub fn parse(buf: &[u8]) -> Result<Parsed<Response>, HttpError> {
        let mut raw = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut resp = httparse::Response::new(&mut raw);
        let head = match resp.parse(buf) {
            Ok(httparse::Status::Complete(n)) => n,
            Ok(httparse::Status::Partial) => return Ok(Parsed::Partial),
            Err(e) => return Err(HttpError::Syntax(e.to_string())),
        };
        let headers = owned_headers(resp.headers);
        let status = resp.code.ok_or_else(|| HttpError::Syntax("no status".into()))?;
        Ok(match body(buf, head, &headers)? {
            Some((body, used)) => Parsed::Complete(Response { status, headers, body }, used),
            None => Parsed::Partial,
        })
    }

    pub fn emit(&self) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        emit_headers(&mut head, &self.headers, &self.body);
        if self.body.is_empty() && self.header("Content-Length").is_none() {
            // Said even when empty, so the peer need not wait for the connection to close.
            head.insert_str(head.len() - 2, "Content-Length: 0\r\n");
        }
        let mut out = head.into_bytes();
        out.extend_from_slice(&self.body);
        out
    }
}

/// The reason phrases the device answers with.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_round_trips_and_waits_for_its_body() {
        let req = Request::new("POST", "/control")
            .with_header("SOAPACTION", "\"urn:x#GetDeviceInfo\"")
            .with_body("text/xml", b"<a/>".to_vec());
        let bytes = req.emit();
        assert_eq!(Request::parse(&bytes).unwrap(), Parsed::Complete(req.clone(), bytes.len()));
        assert_eq!(Request::parse(&bytes[..bytes.len() - 1]).unwrap(), Parsed::Partial);
        assert_eq!(req.header("soapaction"), Some("\"urn:x#GetDeviceInfo\""));
    }

    #[test]
    fn an_empty_response_says_its_length() {
        let bytes = Response::new(200).with_header("SID", "uuid:1").emit();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        assert!(text.contains("Content-Length: 0\r\n"), "{text}");
        let Parsed::Complete(back, used) = Response::parse(&bytes).unwrap() else { panic!() };
        assert_eq!((back.status, used), (200, bytes.len()));
    }

    #[test]
    fn a_huge_or_garbled_length_is_refused() {
        let huge = b"POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n";
        assert_eq!(Request::parse(huge), Err(HttpError::TooLarge(99_999_999)));
        let bad = b"POST / HTTP/1.1\r\nContent-Length: ten\r\n\r\n";
        assert!(matches!(Request::parse(bad), Err(HttpError::Length(_))));
        assert!(matches!(Request::parse(b"\x00\x01 nonsense\r\n\r\n"), Err(HttpError::Syntax(_))));
    }
}
