//! The live event loop: sleep until the next input, signal or visible change (an LED
//! toggle, a countdown second, a frame on the air), then update and draw. No frame rate.

use std::time::Duration;

use color_eyre::eyre::Result;
use crossterm::event::EventStream;

use crate::clock::Clock;
use crate::keys::event::Event;
use futures::StreamExt;
use ratatui::layout::Rect;
use tokio::signal::unix::{SignalKind, signal};
use tokio::time::{Instant, sleep_until};

use crate::app::{App, Effects, Wake};
use crate::live::terminal::Tui;
use crate::ui;
use crate::ui::input;

/// How the loop is asked to behave; `redraw_every` exists only to measure the cost of the
/// usual fixed-rate loop against ours.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoopOptions {
    pub speed: Option<f64>,
    pub redraw_every: Option<Duration>,
    pub debug_panic: bool,
}

/// One frame: like `Terminal::draw`, but without re-sending "hide cursor" every time
/// (it was hidden once on entry) and without asking the terminal its size (crossterm opens
/// /dev/tty to do so); the size changes only with a Resize event, handled in the loop.
fn draw(terminal: &mut Tui, app: &App) -> Result<()> {
    use std::io::Write;
    let mut frame = terminal.get_frame();
    ui::view(app, &mut frame);
    terminal.flush()?;
    terminal.swap_buffers();
    terminal.backend_mut().flush()?;
    Ok(())
}

/// The loop's end of the router's web page: the forms posted there, and where it
/// publishes what the page shows after every step.
pub struct WebLink {
    pub calls: tokio::sync::mpsc::Receiver<crate::web::WebCall>,
    pub page: tokio::sync::watch::Sender<crate::web::PageState>,
}

impl WebLink {
    fn publish(&self, app: &App) {
        let now = crate::web::PageState::of(app);
        self.page.send_if_modified(|shown| {
            let changed = *shown != now;
            if changed {
                *shown = now;
            }
            changed
        });
    }
}

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Quit,
    /// SIGTERM or SIGHUP: the number, for the conventional exit code 128 + n.
    Signal(u8),
}

/// The signals that end the panel (SIGTERM, SIGHUP, SIGINT and SIGQUIT sent from outside),
/// and Ctrl-Z's SIGTSTP and the SIGCONT of `fg`. Caught from the moment this is made: made
/// before the terminal is touched, so a signal during start-up still ends in a restored
/// terminal.
pub struct Signals {
    term: tokio::signal::unix::Signal,
    hup: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
    quit: tokio::signal::unix::Signal,
    tstp: tokio::signal::unix::Signal,
    cont: tokio::signal::unix::Signal,
}

impl Signals {
    pub fn catch() -> Result<Signals> {
        use signal_hook::consts::{SIGCONT, SIGTSTP};
        Ok(Signals {
            term: signal(SignalKind::terminate())?,
            hup: signal(SignalKind::hangup())?,
            int: signal(SignalKind::interrupt())?,
            quit: signal(SignalKind::quit())?,
            tstp: signal(SignalKind::from_raw(SIGTSTP))?,
            cont: signal(SignalKind::from_raw(SIGCONT))?,
        })
    }
}

/// Ctrl-Z: leave the terminal clean, stop; on `fg`, take it back and draw everything again.
fn stop_and_continue(terminal: &mut Tui) -> Result<Rect> {
    crate::live::terminal::suspend();
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    take_back(terminal)
}

/// After a stop: the modes again, and the whole screen cleared and drawn at its size now
/// (the window may have changed meanwhile). `Terminal::clear` would ask the terminal where
/// its cursor is, and the event stream would eat the answer; a resize clears without asking.
fn take_back(terminal: &mut Tui) -> Result<Rect> {
    crate::live::terminal::resume()?;
    let size = terminal.size()?;
    let area = Rect::new(0, 0, size.width, size.height);
    terminal.resize(area)?;
    Ok(area)
}

pub async fn run(
    app: &mut App,
    terminal: &mut Tui,
    options: LoopOptions,
    signals: Signals,
    mut web: Option<WebLink>,
    mut recording: Option<&mut crate::tape::record::Recording>,
) -> Result<Ended> {
    let started = Instant::now();
    let mut clock = Clock::new(started.elapsed(), options.speed.unwrap_or(1.0));
    let mut events = EventStream::new();
    let Signals { mut term, mut hup, mut int, mut quit, mut tstp, mut cont } = signals;
    let mut dirty = true;
    let mut next_fixed = Instant::now();
    let size = terminal.size()?;
    let mut area = Rect::new(0, 0, size.width, size.height);
    terminal.resize(area)?;
    let mut effects = Effects::default();
    loop {
        if dirty {
            draw(terminal, app)?;
            if let Some(web) = &web {
                web.publish(app);
            }
        }
        if options.debug_panic {
            panic!("--debug-panic: a deliberate panic to check that the terminal is restored");
        }
        let mut wake = app.poll_timeout(Wake::Visible).map(|t| started + clock.real_at(t));
        if let Some(every) = options.redraw_every {
            next_fixed += every;
            wake = Some(wake.map_or(next_fixed, |w| w.min(next_fixed)));
        }
        tokio::select! {
            maybe = events.next() => match maybe {
                Some(Ok(event)) => if let Some(event) = super::terminal::panel_event(event) {
                    effects = app.tick(clock.now(started.elapsed()));
                    if let Event::Resize(width, height) = event {
                        area = Rect::new(0, 0, width, height);
                        terminal.resize(area)?;
                    }
                    let goes_on = recording.as_deref_mut().is_none_or(|r| r.on_event(app, &event));
                    if goes_on && let Some(action) = input::action_for(app, &event, area) {
                        effects = effects.and(app.update(action));
                    }
                    // A resize, or any input: the screen may differ.
                    dirty = true;
                    if matches!(event, Event::FocusGained | Event::FocusLost) {
                        dirty = false;
                    }
                }
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(Ended::Quit),
            },
            _ = async { sleep_until(wake.expect("guarded")).await }, if wake.is_some() => {
                effects = app.tick(clock.now(started.elapsed()));
                dirty = true;
            }
            // A form from the router's web page: handled like a key, answered once done.
            Some(call) = async { web.as_mut().expect("guarded").calls.recv().await }, if web.is_some() => {
                effects = app.tick(clock.now(started.elapsed())).and(app.update(crate::app::Msg::Web(call.request)));
                let _ = call.done.send(());
                dirty = true;
            }
            _ = term.recv() => return Ok(Ended::Signal(15)),
            _ = hup.recv() => return Ok(Ended::Signal(1)),
            _ = int.recv() => return Ok(Ended::Signal(2)),
            _ = quit.recv() => return Ok(Ended::Signal(3)),
            _ = tstp.recv() => {
                area = stop_and_continue(terminal)?;
                dirty = true;
            }
            // Continued after a stop the panel did not see (SIGSTOP from outside).
            _ = cont.recv() => {
                area = take_back(terminal)?;
                dirty = true;
            }
        }
        clock.follow(started.elapsed(), app.now(), app.paused(), app.options().speed);
        // What update asked of the world outside: the loop does it.
        let Effects { save_capture, quit, suspend } = std::mem::take(&mut effects);
        if save_capture {
            let said = crate::driver::save_capture(app);
            app.notice(said);
        }
        if quit {
            return Ok(Ended::Quit);
        }
        if suspend {
            area = stop_and_continue(terminal)?;
            dirty = true;
        }
    }
}
