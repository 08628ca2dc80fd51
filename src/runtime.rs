//! The live event loop: sleep until the next input, signal or visible change (an LED
//! toggle, a countdown second, a frame on the air), then update and draw. No frame rate.

use std::time::Duration;

use color_eyre::eyre::Result;
use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use ratatui::layout::Rect;
use tokio::signal::unix::{SignalKind, signal};
use tokio::time::{Instant, sleep_until};

use crate::app::{App, input};
use crate::terminal::Tui;
use crate::ui;
use crate::wps::enrollee::Time;

/// Emulated time: real time since start, optionally sped up.
pub struct Clock {
    start: Instant,
    speed: f64,
}

impl Clock {
    pub fn new(speed: f64) -> Clock {
        Clock { start: Instant::now(), speed }
    }

    pub fn now(&self) -> Time {
        self.start.elapsed().mul_f64(self.speed)
    }

    pub fn instant_at(&self, t: Time) -> Instant {
        self.start + t.div_f64(self.speed)
    }
}

/// How the loop is asked to behave; `redraw_every` exists only to measure the cost of the
/// usual fixed-rate loop against ours.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoopOptions {
    pub speed: Option<f64>,
    pub redraw_every: Option<Duration>,
}

pub async fn run(app: &mut App, terminal: &mut Tui, options: LoopOptions) -> Result<()> {
    let clock = Clock::new(options.speed.unwrap_or(1.0));
    let mut events = EventStream::new();
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut dirty = true;
    let mut next_fixed = Instant::now();
    loop {
        if dirty {
            terminal.draw(|f| ui::view(app, f))?;
        }
        let mut wake = app.next_deadline().map(|t| clock.instant_at(t));
        if let Some(every) = options.redraw_every {
            next_fixed += every;
            wake = Some(wake.map_or(next_fixed, |w| w.min(next_fixed)));
        }
        tokio::select! {
            maybe = events.next() => match maybe {
                Some(Ok(event)) => {
                    app.tick(clock.now());
                    let size = terminal.size()?;
                    let area = Rect::new(0, 0, size.width, size.height);
                    if let Some(action) = input::action_for(app, &event, area) {
                        app.update(action);
                    }
                    // A resize, or any input: the screen may differ.
                    dirty = true;
                    if matches!(event, Event::FocusGained | Event::FocusLost) {
                        dirty = false;
                    }
                }
                Some(Err(e)) => return Err(e.into()),
                None => break,
            },
            _ = async { sleep_until(wake.expect("guarded")).await }, if wake.is_some() => {
                app.tick(clock.now());
                dirty = true;
            }
            _ = sigterm.recv() => break,
            _ = sighup.recv() => break,
        }
        if app.quit {
            break;
        }
    }
    Ok(())
}
