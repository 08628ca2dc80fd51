//! The exercise's sheet (`X`): the instructions, the learner and the time, the goal or how
//! the sitting ended, "Check results" with each item met or not and its points, and the
//! hints taken. Drawn from the sitting's score; it decides nothing.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::overlays::centered;
use super::style;
use crate::app::assessment::{Ending, Scored, Sitting};
use crate::keys::layers::Layer;
use crate::theme::Theme;
use crate::wps::time::Time;

pub struct ExerciseSheet<'a> {
    pub sitting: &'a Sitting,
    pub scored: &'a Scored,
    pub now: Time,
    pub theme: &'a Theme,
}

/// The sheet's clock: "4:12 left of 10:00", or "4:12 so far".
pub fn clock(sitting: &Sitting, now: Time) -> String {
    match sitting.assessment.sheet.time_limit {
        Some(limit) => format!("{} of {}", short_clock(sitting, now), crate::format::mmss(limit.as_secs())),
        None => short_clock(sitting, now),
    }
}

/// The footer's clock: "4:12 left", or "4:12 so far".
pub fn short_clock(sitting: &Sitting, now: Time) -> String {
    let (shown, counting_down) = sitting.clock(now);
    if counting_down {
        format!("{} left", crate::format::mmss(shown.as_secs_f64().ceil() as u64))
    } else {
        format!("{} so far", crate::format::mmss(shown.as_secs()))
    }
}

impl Widget for ExerciseSheet<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (t, s, scored) = (self.theme, self.sitting, self.scored);
        let a = &*s.assessment;
        let ex = &a.sheet;
        let width = 80.min(area.width);
        let room = usize::from(width.saturating_sub(2));
        let text = |words: &str, style| -> Vec<Line<'static>> {
            crate::text::wrap(words, room.saturating_sub(2))
                .into_iter()
                .map(|row| Line::from(Span::styled(format!(" {row}"), style)))
                .collect()
        };
        // The variant is the trainer's to know: its name may be the fault to find.
        let who = format!("{} · {}", a.learner, a.model.name);
        let mut lines = text(&format!("{who} · {}", clock(s, self.now)), style::dim(t));
        lines.push(Line::from(""));
        lines.extend(text(&ex.instructions, style::text(t)));
        lines.push(Line::from(""));
        let status = match scored.ending {
            Some(Ending::GoalReached) => ("Done: the goal is reached. q hands it in.".to_string(), style::success(t)),
            Some(Ending::TimeUp) => ("Time is up. q hands it in.".to_string(), style::failure(t)),
            None => {
                let goal: Vec<String> = ex.goal.iter().map(|c| c.words()).collect();
                (format!("Goal: {}.", goal.join("; ")), style::colored(t, t.accent))
            }
        };
        lines.extend(text(&status.0, status.1));
        lines.push(Line::from(""));
        let mut score = format!("Score {} of {}", scored.score, scored.max);
        if scored.deductions > 0 {
            score.push_str(&format!(" (hints −{})", scored.deductions));
        }
        let head = "Check results";
        let gap = room.saturating_sub(2 + crate::text::width(head) + crate::text::width(&score)).max(1);
        lines.push(Line::from(vec![
            Span::styled(format!(" {head}"), style::text(t).add_modifier(Modifier::BOLD)),
            Span::raw(" ".repeat(gap)),
            Span::styled(score, style::text(t)),
        ]));
        for item in &scored.items {
            let (mark, st) = if item.met { ("[x]", style::success(t)) } else { ("[ ]", style::dim(t)) };
            let row = format!(" {mark} {:>4}  {}", item.points, item.name);
            lines.push(Line::from(Span::styled(crate::text::ellipsis(&row, room), st)));
        }
        if scored.ending.is_none() && ex.items.iter().any(|i| i.when.iter().any(|c| c.is_limit())) {
            lines.extend(text("Limits (at most, within) count once the goal is reached.", style::dim(t)));
        }
        for (i, hint) in ex.hints.iter().take(s.hints_taken).enumerate() {
            lines.push(Line::from(""));
            lines.extend(text(&format!("Hint {} (−{}): {}", i + 1, hint.cost, hint.text), style::colored(t, t.accent)));
        }
        let left = ex.hints.len().saturating_sub(s.hints_taken);
        let mut keys: Vec<String> = Layer::Exercise.hints();
        if let Some(next) = ex.hints.get(s.hints_taken) {
            // Once the sitting is over, hints cost nothing: the score no longer moves.
            keys[0] = match scored.ending {
                None => format!("H hint (−{}, {left} left)", next.cost),
                Some(_) => format!("H hint ({left} left)"),
            };
        } else {
            keys.remove(0);
        }
        let keys = crate::text::ellipsis(&format!(" {} ", keys.join(" · ")), room);
        let popup = centered(area, width, (lines.len() as u16 + 2).min(area.height));
        style::clear(buf, popup, t);
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(crate::text::ellipsis(&format!(" Exercise: {} ", ex.title), room))
                    .title_bottom(Line::from(keys).right_aligned())
                    .border_style(style::border(t, true)),
            )
            .render(popup, buf);
    }
}
