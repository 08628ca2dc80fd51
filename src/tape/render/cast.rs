//! The recording as an asciicast (v2): a header line, then one output event per frame with
//! what a terminal needs to go from the last frame to this one (drawn by ratatui's own
//! crossterm backend, the one the live panel uses), a marker per tape command, and the
//! recording's length (in the header, and as a last empty output where players read it).
//! Deterministic: no timestamp in the header, times from the tape's clock.

use std::fmt::Write;
use std::time::Duration;

use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;

use super::Recording;

fn event(out: &mut String, at: Duration, kind: &str, data: &str) {
    let data = serde_json::to_string(data).unwrap_or_else(|_| "\"\"".into());
    let _ = writeln!(out, "[{:.6}, \"{kind}\", {data}]", at.as_secs_f64());
}

/// The terminal output that turns `before` into `after` (a blank terminal when `None`).
fn drawing(before: Option<&Buffer>, after: &Buffer) -> Result<String, String> {
    let mut bytes: Vec<u8> = Vec::new();
    let blank = Buffer::empty(after.area);
    let same_size = before.filter(|b| b.area == after.area);
    if same_size.is_none() {
        bytes.extend_from_slice(b"\x1b[?25l\x1b[H\x1b[2J");
    }
    let changes = same_size.unwrap_or(&blank).diff(after);
    {
        let mut backend = CrosstermBackend::new(&mut bytes);
        backend.draw(changes.into_iter()).map_err(|e| e.to_string())?;
        Backend::flush(&mut backend).map_err(|e| e.to_string())?;
    }
    // Back to the default colours, as after every draw of the live panel.
    bytes.extend_from_slice(b"\x1b[0m");
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// The .cast file of a recording (played from its start: a cast has no loop).
pub fn encode(recording: &Recording) -> Result<String, String> {
    let (cols, rows) = recording.first.as_ref().map_or((80, 24), |b| (b.area.width, b.area.height));
    let speed = recording.style.playback_speed.max(0.01);
    let scaled = |t: Duration| t.div_f64(speed);
    let mut out = String::new();
    let length = scaled(recording.length);
    let _ = writeln!(
        out,
        r#"{{"version": 2, "width": {cols}, "height": {rows}, "duration": {:.6}, "env": {{"TERM": "xterm-256color", "SHELL": "/bin/bash"}}}}"#,
        length.as_secs_f64()
    );
    let mut markers = recording.markers.iter().peekable();
    let mut shown: Option<Buffer> = None;
    let Some(first) = &recording.first else { return Ok(out) };
    let mut screen = first.clone();
    for frame in &recording.frames {
        while let Some((at, label)) = markers.next_if(|(at, _)| *at <= frame.at) {
            event(&mut out, scaled(*at), "m", label);
        }
        super::apply(&mut screen, &frame.changes);
        let data = drawing(shown.as_ref(), &screen)?;
        event(&mut out, scaled(frame.at), "o", &data);
        shown = Some(screen.clone());
    }
    for (at, label) in markers {
        event(&mut out, scaled(*at), "m", label);
    }
    // Players end at the last output (asciinema reads a cast's length so): an empty one
    // at the end keeps the last screen as long as the tape showed it.
    if recording.frames.last().is_some_and(|f| scaled(f.at) < length) {
        event(&mut out, length, "o", "");
    }
    Ok(out)
}
