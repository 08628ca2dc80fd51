//! An exercise file (TOML) read and checked: every mistake is said with its line and column,
//! and nothing that reads as a typo passes (unknown keys, scenarios, models, security names).
//! The schema, with an example of each part, is in `exercises/README.md`.

use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::app::assessment::{Condition, Connection, Hint, Item, Sheet, Sight};
use crate::sim::models::{PrinterModel, Security};
use crate::sim::scenarios::Scenario;
use crate::wps::defs::MsgType;

/// A mistake in an exercise file, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseError {
    pub file: String,
    /// Line and column, from 1, when the mistake has a place.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl std::fmt::Display for ExerciseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ExerciseError {}

/// Line and column (from 1, in characters) of a byte offset.
fn place(text: &str, offset: usize) -> (usize, usize) {
    // toml's spans fall on character boundaries; anything else counts the whole text.
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A value that may be one or a list to draw from per learner.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T: Clone> OneOrMany<T> {
    fn all(&self) -> Vec<T> {
        match self {
            OneOrMany::One(t) => vec![t.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum SecurityName {
    Wpa2,
    Wpa2Wpa3,
    Wpa3,
    WpaTkip,
    Wep,
}

impl SecurityName {
    pub fn security(self) -> Security {
        match self {
            SecurityName::Wpa2 => Security::Wpa2Personal,
            SecurityName::Wpa2Wpa3 => Security::Wpa2Wpa3Personal,
            SecurityName::Wpa3 => Security::Wpa3Personal,
            SecurityName::WpaTkip => Security::WpaTkip,
            SecurityName::Wep => Security::Wep,
        }
    }
}

/// The starting state, or a variant's changes to it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStart {
    /// Only in a variant: its name.
    name: Option<Spanned<String>>,
    scenario: Option<Spanned<String>>,
    model: Option<Spanned<OneOrMany<String>>>,
    security: Option<SecurityName>,
    hidden_name: Option<bool>,
    wps: Option<bool>,
    printer_remembers: Option<Spanned<String>>,
    neighbour_pushes: Option<bool>,
    weak_signal: Option<Vec<Spanned<String>>>,
    out_of_range: Option<bool>,
    scam_popup: Option<bool>,
    pin_lifetime: Option<Spanned<OneOrMany<u64>>>,
}

/// Conditions, each a key: all must hold.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConditions {
    connected: Option<Connection>,
    router_security: Option<SecurityName>,
    router_wps: Option<bool>,
    router_name_visible: Option<bool>,
    seen: Option<Sight>,
    pins_typed_at_most: Option<u32>,
    settings_saved_at_most: Option<u32>,
    settings_saved_at_least: Option<u32>,
    router_button_at_most: Option<u32>,
    hints_at_most: Option<u32>,
    popup_closed: Option<bool>,
    within_seconds: Option<u64>,
}

impl RawConditions {
    fn conditions(&self) -> Vec<Condition> {
        let mut out = Vec::new();
        out.extend(self.connected.map(Condition::Connected));
        out.extend(self.router_security.map(|s| Condition::RouterSecurity(s.security())));
        out.extend(self.router_wps.map(Condition::RouterWps));
        out.extend(self.router_name_visible.map(Condition::RouterNameVisible));
        out.extend(self.seen.map(Condition::Seen));
        out.extend(self.pins_typed_at_most.map(Condition::PinsTypedAtMost));
        out.extend(self.settings_saved_at_most.map(Condition::SettingsSavedAtMost));
        out.extend(self.settings_saved_at_least.map(Condition::SettingsSavedAtLeast));
        out.extend(self.router_button_at_most.map(Condition::RouterButtonAtMost));
        out.extend(self.hints_at_most.map(Condition::HintsAtMost));
        out.extend(self.popup_closed.map(Condition::PopupClosed));
        out.extend(self.within_seconds.map(|s| Condition::WithinSeconds(Duration::from_secs(s))));
        out
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    name: Spanned<String>,
    points: Spanned<u32>,
    when: Spanned<RawConditions>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHint {
    text: Spanned<String>,
    #[serde(default)]
    cost: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    title: Spanned<String>,
    instructions: Spanned<String>,
    time_limit: Option<Spanned<u64>>,
    #[serde(default)]
    guide: bool,
    #[serde(default)]
    guide_cost: u32,
    #[serde(default)]
    start: RawStart,
    #[serde(default, rename = "variant")]
    variants: Vec<RawStart>,
    goal: Spanned<RawConditions>,
    #[serde(default, rename = "item")]
    items: Vec<RawItem>,
    #[serde(default, rename = "hint")]
    hints: Vec<RawHint>,
}

/// A starting state: a scenario's, with what the exercise changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Start {
    pub scenario: Option<&'static Scenario>,
    pub security: Option<Security>,
    pub hidden_name: Option<bool>,
    pub wps: Option<bool>,
    pub printer_remembers: Option<String>,
    pub neighbour_pushes: Option<bool>,
    pub weak_signal: Option<Vec<MsgType>>,
    pub out_of_range: Option<bool>,
    pub scam_popup: Option<bool>,
}

/// A variant one learner may be given: its name and what it changes in the start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub name: String,
    pub start: Start,
}

/// An exercise, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    /// Its words, goal, items and hints; its id is the file's name without `.toml`.
    pub sheet: Sheet,
    pub start: Start,
    /// The printer models a learner may be given (one drawn per learner).
    pub models: Vec<&'static PrinterModel>,
    /// How long the printer's PIN lasts, drawn per learner (the model's own when empty).
    pub pin_lifetimes: Vec<Duration>,
    pub variants: Vec<Variant>,
}

impl Exercise {
    /// Reads an exercise file; `file` names it in errors, and its stem is the exercise's id.
    pub fn parse(file: &str, text: &str) -> Result<Exercise, ExerciseError> {
        let fail = |span: Option<std::ops::Range<usize>>, message: String| ExerciseError {
            file: file.to_string(),
            at: span.map(|s| place(text, s.start)),
            message,
        };
        let raw: RawExercise = toml::from_str(text).map_err(|e| fail(e.span(), e.message().trim().to_string()))?;
        let words = |s: &Spanned<String>, what: &str| -> Result<String, ExerciseError> {
            let t = s.get_ref().trim();
            if t.is_empty() {
                return Err(fail(Some(s.span()), format!("{what} is empty")));
            }
            if t.chars().any(|c| c.is_control() && c != '\n') {
                return Err(fail(Some(s.span()), format!("{what} has control characters")));
            }
            Ok(t.to_string())
        };
        let title = words(&raw.title, "the title")?;
        let instructions = words(&raw.instructions, "the instructions")?;
        let start = read_start(&raw.start, &fail, false)?;
        let mut variants = Vec::new();
        for v in &raw.variants {
            let name = match &v.name {
                Some(n) => words(n, "a variant's name")?,
                None => return Err(fail(None, "every [[variant]] needs a name".into())),
            };
            if variants.iter().any(|o: &Variant| o.name == name) {
                return Err(fail(v.name.as_ref().map(Spanned::span), format!("two variants are named '{name}'")));
            }
            if v.model.is_some() || v.pin_lifetime.is_some() {
                return Err(fail(
                    v.name.as_ref().map(Spanned::span),
                    "model and pin_lifetime are drawn in [start] (give a list there), not per variant".into(),
                ));
            }
            variants.push(Variant { name, start: read_start(v, &fail, true)? });
        }
        if variants.len() > 26 {
            return Err(fail(None, "at most 26 variants".into()));
        }
        let models = match &raw.start.model {
            None => vec![&crate::sim::models::PRINTER_MODELS[0]],
            Some(m) => {
                let mut models = Vec::new();
                for id in m.get_ref().all() {
                    let model = crate::sim::models::printer_model(&id).ok_or_else(|| {
                        let ids: Vec<&str> = crate::sim::models::PRINTER_MODELS.iter().map(|m| m.id).collect();
                        fail(Some(m.span()), format!("unknown model '{id}' (models: {})", ids.join(", ")))
                    })?;
                    models.push(model);
                }
                if models.is_empty() {
                    return Err(fail(Some(m.span()), "give at least one model".into()));
                }
                models
            }
        };
        let pin_lifetimes = match &raw.start.pin_lifetime {
            None => Vec::new(),
            Some(p) => {
                let all = p.get_ref().all();
                if all.is_empty() || all.iter().any(|s| !(10..=3600).contains(s)) {
                    return Err(fail(Some(p.span()), "pin_lifetime: give seconds from 10 to 3600 (or a list)".into()));
                }
                all.into_iter().map(Duration::from_secs).collect()
            }
        };
        let time_limit = match &raw.time_limit {
            None => None,
            Some(t) if (10..=86_400).contains(t.get_ref()) => Some(Duration::from_secs(*t.get_ref())),
            Some(t) => return Err(fail(Some(t.span()), "time_limit: give seconds from 10 to 86400".into())),
        };
        let goal = raw.goal.get_ref().conditions();
        if goal.is_empty() {
            return Err(fail(Some(raw.goal.span()), "the goal has no condition".into()));
        }
        if goal.iter().any(|c| matches!(c, Condition::WithinSeconds(_))) {
            return Err(fail(
                Some(raw.goal.span()),
                "within_seconds is for an item; the goal's time is time_limit".into(),
            ));
        }
        if raw.items.is_empty() {
            return Err(fail(None, "no [[item]]: an exercise is assessed by its items".into()));
        }
        let mut items = Vec::new();
        for item in &raw.items {
            let name = words(&item.name, "an item's name")?;
            let points = *item.points.get_ref();
            if !(1..=1000).contains(&points) {
                return Err(fail(Some(item.points.span()), "points: from 1 to 1000".into()));
            }
            let when = item.when.get_ref().conditions();
            if when.is_empty() {
                return Err(fail(Some(item.when.span()), format!("item '{name}' has no condition")));
            }
            items.push(Item { name, points, when });
        }
        let mut hints = Vec::new();
        for h in &raw.hints {
            if h.cost > 1000 {
                return Err(fail(Some(h.text.span()), "a hint's cost: from 0 to 1000".into()));
            }
            hints.push(Hint { text: words(&h.text, "a hint")?, cost: h.cost });
        }
        if raw.guide_cost > 1000 {
            return Err(fail(None, "guide_cost: from 0 to 1000".into()));
        }
        let id = std::path::Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "exercise".into());
        use sha2::Digest;
        let hash = hex::encode(sha2::Sha256::digest(text.as_bytes()));
        let guide = raw.guide.then_some(raw.guide_cost);
        let sheet = Sheet { id, title, instructions, hash, time_limit, guide, goal, items, hints };
        Ok(Exercise { sheet, start, models, pin_lifetimes, variants })
    }

    /// Reads an exercise file from the disk, or a built-in one by its name.
    #[cfg(feature = "native")]
    pub fn load(name: &std::path::Path) -> Result<Exercise, ExerciseError> {
        let shown = crate::files::shown(name);
        if let Some(text) = name.to_str().and_then(super::builtin::text) {
            return Exercise::parse(&format!("{shown}.toml"), text);
        }
        let said = |message: String| ExerciseError { file: shown.clone(), at: None, message };
        if std::fs::symlink_metadata(name).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
            let names = super::builtin::names().join(", ");
            return Err(said(format!("no such file, nor a built-in exercise (built in: {names})")));
        }
        // Only a regular file, and not a large one (a FIFO or /dev/zero must not hang).
        let text = crate::files::read_text(name, crate::files::TEXT_LIMIT).map_err(said)?;
        Exercise::parse(&shown, &text)
    }
}

fn read_start(
    raw: &RawStart,
    fail: &dyn Fn(Option<std::ops::Range<usize>>, String) -> ExerciseError,
    variant: bool,
) -> Result<Start, ExerciseError> {
    if !variant && let Some(name) = &raw.name {
        return Err(fail(Some(name.span()), "name is for a [[variant]], not [start]".into()));
    }
    let scenario = match &raw.scenario {
        None => None,
        Some(id) => Some(crate::sim::scenarios::scenario(id.get_ref()).ok_or_else(|| {
            let ids: Vec<&str> = crate::sim::scenarios::SCENARIOS.iter().map(|s| s.id).collect();
            fail(Some(id.span()), format!("unknown scenario '{}' (scenarios: {})", id.get_ref(), ids.join(", ")))
        })?),
    };
    let weak_signal = match &raw.weak_signal {
        None => None,
        Some(list) => {
            let mut msgs = Vec::new();
            for m in list {
                const ALL: [MsgType; 8] = [
                    MsgType::M1,
                    MsgType::M2,
                    MsgType::M3,
                    MsgType::M4,
                    MsgType::M5,
                    MsgType::M6,
                    MsgType::M7,
                    MsgType::M8,
                ];
                let named = m.get_ref().trim();
                let number = named.strip_prefix(['M', 'm']).and_then(|n| n.parse::<u8>().ok());
                let msg = ALL
                    .into_iter()
                    .find(|t| t.number() == number)
                    .ok_or_else(|| fail(Some(m.span()), format!("weak_signal: '{named}' is not one of M1 to M8")))?;
                msgs.push(msg);
            }
            Some(msgs)
        }
    };
    let printer_remembers = match &raw.printer_remembers {
        None => None,
        Some(p) => {
            let len = p.get_ref().len();
            if !(8..=63).contains(&len) || !p.get_ref().bytes().all(|b| (0x20..0x7f).contains(&b)) {
                return Err(fail(
                    Some(p.span()),
                    "printer_remembers: a Wi-Fi password is 8 to 63 printable ASCII characters".into(),
                ));
            }
            Some(p.get_ref().clone())
        }
    };
    Ok(Start {
        scenario,
        security: raw.security.map(SecurityName::security),
        hidden_name: raw.hidden_name,
        wps: raw.wps,
        printer_remembers,
        neighbour_pushes: raw.neighbour_pushes,
        weak_signal,
        out_of_range: raw.out_of_range,
        scam_popup: raw.scam_popup,
    })
}

impl Start {
    /// This start with `over`'s changes on top.
    pub fn and(&self, over: &Start) -> Start {
        Start {
            scenario: over.scenario.or(self.scenario),
            security: over.security.or(self.security),
            hidden_name: over.hidden_name.or(self.hidden_name),
            wps: over.wps.or(self.wps),
            printer_remembers: over.printer_remembers.clone().or_else(|| self.printer_remembers.clone()),
            neighbour_pushes: over.neighbour_pushes.or(self.neighbour_pushes),
            weak_signal: over.weak_signal.clone().or_else(|| self.weak_signal.clone()),
            out_of_range: over.out_of_range.or(self.out_of_range),
            scam_popup: over.scam_popup.or(self.scam_popup),
        }
    }

    /// The scenario this start is: its base scenario's (free practice when none), changed.
    pub fn scenario(&self, title: &'static str) -> Scenario {
        let base = *self.scenario.unwrap_or(&crate::sim::scenarios::SCENARIOS[0]);
        Scenario {
            title,
            security: self.security.unwrap_or(base.security),
            hidden_ssid: self.hidden_name.unwrap_or(base.hidden_ssid),
            wps_enabled: self.wps.unwrap_or(base.wps_enabled),
            out_of_range: self.out_of_range.unwrap_or(base.out_of_range),
            weak_signal: match &self.weak_signal {
                // Made once per learner's panel, for the whole process: a scenario is static.
                Some(w) => Box::leak(w.clone().into_boxed_slice()),
                None => base.weak_signal,
            },
            neighbour_pushes: self.neighbour_pushes.unwrap_or(base.neighbour_pushes),
            scam_popup: self.scam_popup.unwrap_or(base.scam_popup),
            printer_remembers: match &self.printer_remembers {
                Some(p) => Some(Box::leak(p.clone().into_boxed_str())),
                None => base.printer_remembers,
            },
            ..base
        }
    }
}
