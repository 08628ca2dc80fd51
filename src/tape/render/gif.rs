//! The recording as an animated GIF: the first frame whole, then each frame as the
//! rectangle of cells that changed, with its own palette (exact when it has at most 256
//! colours, which the painter's rounded coverage makes the rule; NeuQuant, which is
//! deterministic, otherwise). Delays are the frames' lengths over PlaybackSpeed, rounded so
//! that they add up to the recording's length.

use std::collections::HashMap;

use ratatui::buffer::Buffer;

use super::Recording;
use super::image::{Image, Painter, PxRect};

/// Coverage steps in a GIF: 8 per colour pair keeps a frame's palette under 256 colours.
const LEVELS: u8 = 8;

fn frame_of(image: &Image, (x, y, w, h): PxRect, delay: u16) -> gif::Frame<'static> {
    let pixels = image.crop(x, y, w, h);
    let mut palette: Vec<u8> = Vec::new();
    let mut index: HashMap<[u8; 3], u8> = HashMap::new();
    let mut indices = Vec::with_capacity((w * h) as usize);
    let mut exact = true;
    for px in pixels.chunks_exact(3) {
        let color = [px[0], px[1], px[2]];
        let next = index.len();
        let i = *index.entry(color).or_insert_with(|| {
            if next < 256 {
                palette.extend_from_slice(&color);
            }
            next.min(255) as u8
        });
        if index.len() > 256 {
            exact = false;
            break;
        }
        indices.push(i);
    }
    let mut frame = if exact {
        gif::Frame::from_palette_pixels(w as u16, h as u16, indices, palette, None)
    } else {
        gif::Frame::from_rgb_speed(w as u16, h as u16, &pixels, 10)
    };
    frame.left = x as u16;
    frame.top = y as u16;
    frame.delay = delay;
    frame
}

/// The GIF file of a recording.
pub fn encode(recording: &Recording) -> Result<Vec<u8>, String> {
    let mut painter = Painter::new(&recording.style, Some(LEVELS));
    let (w, h) = painter.size();
    if w > u32::from(u16::MAX) || h > u32::from(u16::MAX) {
        return Err("a GIF is at most 65535 pixels wide and tall".into());
    }
    let mut out = Vec::new();
    {
        let mut encoder = gif::Encoder::new(&mut out, w as u16, h as u16, &[]).map_err(|e| e.to_string())?;
        encoder.set_repeat(gif::Repeat::Infinite).map_err(|e| e.to_string())?;
        let mut canvas = painter.blank();
        let mut shown: Option<Buffer> = None;
        let speed = recording.style.playback_speed.max(0.01);
        let (mut exact_cs, mut written_cs) = (0.0f64, 0u64);
        recording.each_played(|screen, length| -> Result<(), String> {
            let rect = match &shown {
                None => {
                    canvas = painter.paint(screen);
                    Some((0, 0, w, h))
                }
                Some(before) => painter.repaint(&mut canvas, before, screen),
            };
            exact_cs += length.as_secs_f64() * 100.0 / speed;
            let end = exact_cs.round() as u64;
            let delay = u16::try_from(end - written_cs).unwrap_or(u16::MAX);
            written_cs = end;
            // A frame that changes nothing (the loop's seam) still holds its time.
            let rect = rect.unwrap_or((0, 0, 1, 1));
            encoder.write_frame(&frame_of(&canvas, rect, delay)).map_err(|e| e.to_string())?;
            shown = Some(screen.clone());
            Ok(())
        })?;
    }
    Ok(out)
}
