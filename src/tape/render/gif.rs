//! The recording as an animated GIF: the first frame whole, then each frame as the
//! rectangle of pixels that changed, those in it that did not change transparent (or in
//! their colour where that lengthens a run), each with its own palette (exact when it has at
//! most 256 colours, which the painter's rounded coverage makes the rule; NeuQuant, which is
//! deterministic, otherwise). Delays are the frames' lengths over PlaybackSpeed, rounded so
//! that they add up to the recording's length.

use ratatui::buffer::Buffer;

use super::Recording;
use super::image::{Image, Painter, PxRect};

/// Coverage steps in a GIF: 8 per colour pair keeps a frame's palette under 256 colours.
const LEVELS: u8 = 8;

/// The bounding box, inside `rect`, of the pixels where `now` differs from `before`.
fn changed_within(before: &Image, now: &Image, (x, y, w, h): PxRect) -> Option<PxRect> {
    let mut bounds: Option<(u32, u32, u32, u32)> = None;
    for row in y..y + h {
        let start = ((row * now.width + x) * 3) as usize;
        let (a, b) = (&before.rgb[start..start + (w * 3) as usize], &now.rgb[start..start + (w * 3) as usize]);
        if a == b {
            continue;
        }
        let differs = |(p, q): (&[u8], &[u8])| p != q;
        let first = a.chunks_exact(3).zip(b.chunks_exact(3)).position(differs).unwrap_or(0) as u32;
        let last = a.chunks_exact(3).zip(b.chunks_exact(3)).rposition(differs).unwrap_or(0) as u32;
        let (x0, y0, x1, y1) = bounds.unwrap_or((x + first, row, x + last, row));
        bounds = Some((x0.min(x + first), y0, x1.max(x + last), row.max(y1)));
    }
    bounds.map(|(x0, y0, x1, y1)| (x0, y0, x1 - x0 + 1, y1 - y0 + 1))
}

/// A frame's palette as it is built: its colours in order, after the transparent index
/// when there is one. Frames have a few dozen colours, and neighbouring pixels mostly share
/// one: a scan after a one-entry cache beats hashing every pixel.
struct Palette {
    colors: Vec<[u8; 3]>,
    first: u8,
    last: Option<([u8; 3], u8)>,
}

impl Palette {
    /// The colour's index, added if new; None past 256 colours.
    fn index_of(&mut self, color: [u8; 3]) -> Option<u8> {
        if let Some((c, i)) = self.last
            && c == color
        {
            return Some(i);
        }
        let at = match self.colors.iter().position(|c| *c == color) {
            Some(at) => at,
            None => {
                self.colors.push(color);
                self.colors.len() - 1
            }
        };
        let i = u8::try_from(at + usize::from(self.first)).ok()?;
        self.last = Some((color, i));
        Some(i)
    }

    /// The colour of an index (None for the transparent one).
    fn color_of(&self, index: u8) -> Option<[u8; 3]> {
        self.colors.get(usize::from(index.checked_sub(self.first)?)).copied()
    }
}

/// One frame: the rectangle `rect` of `image`. Pixels the viewer already shows (the same in
/// `shown`) are transparent, so that they cost next to nothing once compressed, as
/// gifsicle's optimiser makes them.
fn frame_of(image: &Image, shown: Option<&Image>, (x, y, w, h): PxRect, delay: u16) -> gif::Frame<'static> {
    let pixels = image.crop(x, y, w, h);
    let before = shown.map(|s| s.crop(x, y, w, h));
    // Index 0 is transparent when there is a frame before.
    let transparent = before.is_some();
    let mut palette = Palette { colors: Vec::new(), first: u8::from(transparent), last: None };
    let mut indices: Vec<u8> = Vec::with_capacity((w * h) as usize);
    let width = w as usize;
    let color_at = |p: &[u8], i: usize| [p[i * 3], p[i * 3 + 1], p[i * 3 + 2]];
    let mut exact = true;
    'rows: for row in 0..h as usize {
        for col in 0..width {
            let i = row * width + col;
            let color = color_at(&pixels, i);
            if let Some(b) = &before
                && color_at(b, i) == color
            {
                // An unchanged pixel may be written either way: as transparent, or in its
                // colour when that continues the run before it or leads into a changed
                // pixel of the same colour (long runs are what LZW compresses).
                let continues = col > 0 && indices.last().is_some_and(|last| palette.color_of(*last) == Some(color));
                let leads = col + 1 < width && color_at(&pixels, i + 1) == color && color_at(b, i + 1) != color;
                if !continues && !leads {
                    indices.push(0);
                    continue;
                }
            }
            match palette.index_of(color) {
                Some(k) => indices.push(k),
                None => {
                    exact = false;
                    break 'rows;
                }
            }
        }
    }
    let mut frame = if exact {
        let rgb: Vec<u8> =
            [[0u8; 3]].iter().take(usize::from(transparent)).chain(&palette.colors).flatten().copied().collect();
        gif::Frame::from_palette_pixels(w as u16, h as u16, indices, rgb, transparent.then_some(0))
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
    encode_until(recording, None).map_err(|e| e.unwrap_or_default())
}

/// [`encode`], giving up at the first frame after `deadline`: the error is then `None`.
pub fn encode_until(recording: &Recording, deadline: Option<std::time::Instant>) -> Result<Vec<u8>, Option<String>> {
    let mut painter = Painter::new(&recording.style, Some(LEVELS));
    let (w, h) = painter.size();
    if w > u32::from(u16::MAX) || h > u32::from(u16::MAX) {
        return Err(Some("a GIF is at most 65535 pixels wide and tall".into()));
    }
    let said = |e: gif::EncodingError| Some(e.to_string());
    let mut out = Vec::new();
    {
        let mut encoder = gif::Encoder::new(&mut out, w as u16, h as u16, &[]).map_err(said)?;
        encoder.set_repeat(gif::Repeat::Infinite).map_err(said)?;
        let mut canvas = painter.blank();
        // What a viewer shows before the frame being written.
        let mut viewed: Option<Image> = None;
        let mut shown: Option<Buffer> = None;
        let speed = recording.style.playback_speed.max(0.01);
        let (mut exact_cs, mut written_cs) = (0.0f64, 0u64);
        recording.each_played(|screen, length| -> Result<(), Option<String>> {
            if deadline.is_some_and(|d| std::time::Instant::now() > d) {
                return Err(None);
            }
            let rect = match &shown {
                None => {
                    canvas = painter.paint(screen);
                    Some((0, 0, w, h))
                }
                Some(before) => painter
                    .repaint(&mut canvas, before, screen)
                    .and_then(|rect| changed_within(viewed.as_ref().unwrap_or(&canvas), &canvas, rect)),
            };
            exact_cs += length.as_secs_f64() * 100.0 / speed;
            let end = exact_cs.round() as u64;
            let delay = u16::try_from(end - written_cs).unwrap_or(u16::MAX);
            written_cs = end;
            // A frame that changes nothing (the loop's seam) still holds its time.
            let rect = rect.unwrap_or((0, 0, 1, 1));
            encoder.write_frame(&frame_of(&canvas, viewed.as_ref(), rect, delay)).map_err(said)?;
            match &mut viewed {
                None => viewed = Some(canvas.clone()),
                Some(v) => v.copy_from(&canvas, rect),
            }
            shown = Some(screen.clone());
            Ok(())
        })?;
    }
    Ok(out)
}
