//! Rendering one full frame of the panel at 120x36, mid-registration (everything drawn).

use criterion::{Criterion, criterion_group, criterion_main};
use printer_panel::keys::event::KeyCode;
use std::time::Duration;

use printer_panel::app::{App, Options};
use printer_panel::driver::Headless;
use printer_panel::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(c: &mut Criterion) {
    let mut h = Headless::new(App::new(Options { seed: Some(1), ..Options::default() }), 120, 36);
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(7));
    let app = h.app;
    let mut terminal = Terminal::new(TestBackend::new(120, 36)).unwrap();
    c.bench_function("render/full frame 120x36", |b| {
        b.iter(|| {
            terminal.draw(|f| ui::view(&app, f)).unwrap();
        })
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
