//! The page's loop: the browser's events and timers in, the app's `update` and `view` out.
//! The live terminal loop's shape, on the browser's terms: one `setTimeout` for the app's
//! next visible deadline (an LED's toggle, a countdown's second), a draw only after
//! something happened, and nothing at all while the panel is idle and unchanging.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use printer_panel::app::{App, Effects, Msg, Wake};
use printer_panel::clock::Clock;
use printer_panel::keys::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use printer_panel::ui;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, KeyboardEvent, WheelEvent};

use crate::keys::{BrowserKey, key_event};
use crate::rows::RowBackend;

/// The element the page draws the panel into; the page's CSS gives it its size.
const PANEL: &str = "panel";
/// The file name the capture is offered under, as the terminal's `c` saves it.
const CAPTURE_FILE: &str = "printer-panel-capture.pcap";

struct Page {
    app: App,
    terminal: Terminal<RowBackend>,
    area: Rect,
    clock: Clock,
    container: HtmlElement,
    /// The pending wake-up: its handle, and the callback it calls (kept alive while pending).
    timer: Option<i32>,
    wake: Option<Closure<dyn FnMut()>>,
    /// Frames drawn, and how many differed from the one before, published on the container
    /// as `data-draws` and `data-changes` (tests count them: an idle panel draws nothing).
    draws: u64,
    changes: u64,
    last: Option<ratatui::buffer::Buffer>,
    ended: bool,
}

type Shared = Rc<RefCell<Page>>;

thread_local! {
    /// The page's one panel, alive as long as the page is: the browser's callbacks hold only
    /// weak references to it.
    static PANEL_PAGE: RefCell<Option<Shared>> = const { RefCell::new(None) };
}

pub fn start() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let container: HtmlElement = document.get_element_by_id(PANEL).ok_or("the page has no #panel")?.dyn_into()?;
    let search = window.location().search()?;
    let query = web_sys::UrlSearchParams::new_with_str(&search)?;
    let mut pairs = Vec::new();
    for name in crate::params::NAMES {
        if let Some(value) = query.get(name) {
            pairs.push((name, value));
        }
    }
    let options = match crate::params::options(pairs.iter().map(|(n, v)| (*n, v.as_str()))) {
        Ok(options) => options,
        Err(said) => {
            // The address asked for something that does not exist: said, with the choices.
            container.set_attribute("data-error", &said)?;
            let p = document.create_element("p")?;
            p.set_class_name("error");
            p.set_text_content(Some(&format!("This link cannot start the panel: {said}.")));
            container.append_child(&p)?;
            return Ok(());
        }
    };
    let mut app = App::new(options);
    // A browser reports keys coming up: the Wi-Fi button is held until its key is released.
    let _ = app.update(Msg::KeyReleases(true));
    let (terminal, area) = terminal()?;
    let clock = Clock::new(real_now(), app.options().speed);
    let page = Rc::new(RefCell::new(Page {
        app,
        terminal,
        area,
        clock,
        container: container.clone(),
        timer: None,
        wake: None,
        draws: 0,
        changes: 0,
        last: None,
        ended: false,
    }));
    PANEL_PAGE.with(|kept| *kept.borrow_mut() = Some(page.clone()));
    listen(&page, &container, &window)?;
    container.set_attribute("tabindex", "0")?;
    let _ = container.focus();
    page.borrow_mut().draw()?;
    // Milliseconds from the navigation to the first frame (the figure the README gives).
    let first = now_ms();
    container.set_attribute("data-first-frame-ms", &format!("{first:.1}"))?;
    schedule(&page)?;
    Ok(())
}

/// A fresh backend and a terminal the size of the container in whole cells. A resize
/// makes a new pair, measured in the new size.
fn terminal() -> Result<(Terminal<RowBackend>, Rect), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let container = document.get_element_by_id(PANEL).ok_or("the page has no #panel")?;
    let backend = RowBackend::new(&document, &container)?;
    let size = backend.size_in_cells();
    let area = Rect::new(0, 0, size.width, size.height);
    let terminal = Terminal::with_options(backend, TerminalOptions { viewport: Viewport::Fixed(area) })
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok((terminal, area))
}

/// The browser's monotonic clock.
fn real_now() -> Duration {
    Duration::from_secs_f64(now_ms().max(0.0) / 1000.0)
}

/// Milliseconds since the page's navigation (`performance.now()`).
fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

impl Page {
    fn draw(&mut self) -> Result<(), JsValue> {
        let started = now_ms();
        let app = &self.app;
        let frame = self
            .terminal
            .draw(|f| {
                ui::view(app, f);
                in_the_pages_font(f.buffer_mut());
            })
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
        self.draws += 1;
        if self.last.as_ref() != Some(frame.buffer) {
            self.changes += 1;
            self.last = Some(frame.buffer.clone());
        }
        // How long the view and the DOM's update took (the README's figures).
        self.container.set_attribute("data-draw-ms", &format!("{:.2}", now_ms() - started))?;
        self.container.set_attribute("data-draws", &self.draws.to_string())?;
        self.container.set_attribute("data-changes", &self.changes.to_string())?;
        self.container.set_attribute("data-cells", &format!("{}x{}", self.area.width, self.area.height))?;
        Ok(())
    }

    /// Time catches up, then the event (if any) is handled, as the live loop does.
    fn handle(&mut self, event: Option<Event>) -> Result<(), JsValue> {
        if self.ended {
            return Ok(());
        }
        let real = real_now();
        let mut effects = self.app.tick(self.clock.now(real));
        if let Some(event) = event
            && let Some(action) = ui::input::action_for(&self.app, &event, self.area)
        {
            effects = effects.and(self.app.update(action));
        }
        self.clock.follow(real, self.app.now(), self.app.paused(), self.app.options().speed);
        self.perform(effects)?;
        if !self.ended {
            self.draw()?;
        }
        Ok(())
    }

    /// What `update` asked of the world outside: the capture becomes a download; quitting
    /// ends the panel (a page cannot close its tab); a terminal's suspend has no meaning here.
    fn perform(&mut self, effects: Effects) -> Result<(), JsValue> {
        if effects.save_capture {
            let said = match download_capture(&self.app) {
                Ok(n) => format!("Saved {n} frames as {CAPTURE_FILE} (open it in Wireshark)."),
                Err(e) => format!("Capture not saved: {}", e.as_string().unwrap_or_default()),
            };
            self.app.notice(said);
        }
        if effects.quit {
            self.ended = true;
            self.container.set_inner_html("");
            self.container.set_attribute("data-ended", "true")?;
            let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
            let p = document.create_element("p")?;
            p.set_class_name("ended");
            p.set_text_content(Some("The panel has ended. Reload the page to start again."));
            self.container.append_child(&p)?;
        }
        Ok(())
    }
}

/// The page ships one font (DejaVu Sans Mono): the few symbols it lacks are drawn as the
/// renders draw them, rather than in whatever font the browser falls back to.
fn in_the_pages_font(buffer: &mut ratatui::buffer::Buffer) {
    for cell in buffer.content.iter_mut() {
        let mut chars = cell.symbol().chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && printer_panel::text::in_dejavu(c) != c
        {
            cell.set_char(printer_panel::text::in_dejavu(c));
        }
    }
}

/// Sleeps until the app's next visible deadline; none while paused or idle.
fn schedule(page: &Shared) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let mut p = page.borrow_mut();
    if let Some(handle) = p.timer.take() {
        window.clear_timeout_with_handle(handle);
    }
    p.wake = None;
    if p.ended {
        return Ok(());
    }
    let Some(at) = p.app.poll_timeout(Wake::Visible) else { return Ok(()) };
    let delay = p.clock.real_at(at).saturating_sub(real_now());
    // Whole milliseconds, rounded up so the wake lands at or after the deadline.
    let ms = delay.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32;
    let weak = Rc::downgrade(page);
    let wake = Closure::<dyn FnMut()>::new(move || {
        if let Some(page) = weak.upgrade() {
            page.borrow_mut().timer = None;
            let handled = page.borrow_mut().handle(None);
            report(handled.and_then(|()| schedule(&page)));
        }
    });
    p.timer = Some(window.set_timeout_with_callback_and_timeout_and_arguments_0(wake.as_ref().unchecked_ref(), ms)?);
    p.wake = Some(wake);
    Ok(())
}

/// An event from the browser: handled as the live loop handles input, then the next wake
/// set (the event may have moved the app's next deadline).
fn deliver(page: &Shared, event: Event) {
    let handled = page.borrow_mut().handle(Some(event));
    report(handled.and_then(|()| schedule(page)));
}

fn report(result: Result<(), JsValue>) {
    if let Err(e) = result {
        web_sys::console::error_1(&e);
    }
}

/// Keys on the panel's element only (it takes the focus when clicked), so a page that embeds
/// the panel keeps its own keys; clicks and the wheel by cell; a resize makes a new grid.
fn listen(page: &Shared, container: &HtmlElement, window: &web_sys::Window) -> Result<(), JsValue> {
    for (kind, up) in [("keydown", false), ("keyup", true)] {
        let weak = Rc::downgrade(page);
        let on_key = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            let key = e.key();
            let browser = BrowserKey {
                key: &key,
                shift: e.shift_key(),
                ctrl: e.ctrl_key(),
                alt: e.alt_key(),
                meta: e.meta_key(),
                up,
                repeat: e.repeat(),
            };
            let Some(key) = key_event(browser) else { return };
            // The panel's keys are the panel's: Tab moves its focus, not the page's; Space
            // and the arrows do not scroll the page.
            e.prevent_default();
            if let Some(page) = weak.upgrade() {
                deliver(&page, Event::Key(key));
            }
        });
        container.add_event_listener_with_callback(kind, on_key.as_ref().unchecked_ref())?;
        on_key.forget();
    }
    let weak = Rc::downgrade(page);
    let on_click = Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |e: web_sys::MouseEvent| {
        if e.button() != 0 {
            return;
        }
        let Some(page) = weak.upgrade() else { return };
        let Some((column, row)) = cell_at(&page.borrow(), e.client_x(), e.client_y()) else { return };
        let _ = page.borrow().container.focus();
        let click = mouse(MouseEventKind::Down(MouseButton::Left), column, row);
        deliver(&page, click);
    });
    container.add_event_listener_with_callback("mousedown", on_click.as_ref().unchecked_ref())?;
    on_click.forget();
    let weak = Rc::downgrade(page);
    let on_wheel = Closure::<dyn FnMut(WheelEvent)>::new(move |e: WheelEvent| {
        let Some(page) = weak.upgrade() else { return };
        let Some((column, row)) = cell_at(&page.borrow(), e.client_x(), e.client_y()) else { return };
        let kind = if e.delta_y() < 0.0 { MouseEventKind::ScrollUp } else { MouseEventKind::ScrollDown };
        e.prevent_default();
        deliver(&page, mouse(kind, column, row));
    });
    container.add_event_listener_with_callback("wheel", on_wheel.as_ref().unchecked_ref())?;
    on_wheel.forget();
    let weak = Rc::downgrade(page);
    let on_resize = Closure::<dyn FnMut()>::new(move || {
        let Some(page) = weak.upgrade() else { return };
        let resized = (|| -> Result<(), JsValue> {
            let mut p = page.borrow_mut();
            if p.ended {
                return Ok(());
            }
            let (terminal, area) = terminal()?;
            p.terminal = terminal;
            p.area = area;
            p.last = None;
            drop(p);
            page.borrow_mut().handle(Some(Event::Resize(area.width, area.height)))
        })();
        report(resized.and_then(|()| schedule(&page)));
    });
    window.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref())?;
    on_resize.forget();
    Ok(())
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE })
}

/// The cell under a point of the page.
fn cell_at(page: &Page, x: i32, y: i32) -> Option<(u16, u16)> {
    page.terminal.backend().cell_at(f64::from(x), f64::from(y))
}

/// The capture as a pcap file the browser downloads.
fn download_capture(app: &App) -> Result<usize, JsValue> {
    let mut bytes = Vec::new();
    let n = printer_panel::trace::capture::write_pcap(&app.world().air, &mut bytes)
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(bytes.as_slice()));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("application/vnd.tcpdump.pcap");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &bag)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(CAPTURE_FILE);
    a.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(n)
}
