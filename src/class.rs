//! The class: each learner's result file (the score, and the session as a tape), and what
//! `exercise results` makes of a folder of them: every tape replayed against the exercise its
//! hash names and scored again, so that a result edited by hand shows; a table, and CSV.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::app::assessment::{Assessment, Ending, Scored};
use crate::exercise::Exercise;
use crate::files;

/// A result carries its session's tape: an hour of keys is well under this.
const RESULT_LIMIT: u64 = 16 << 20;

/// What the first line of every result says it is.
pub const FORMAT: &str = "printer-panel exercise result 1";

/// Which exercise a result is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseRef {
    pub id: String,
    pub title: String,
    /// SHA-256 of the exercise file's bytes.
    pub hash: String,
}

/// A learner's result, as written when the panel closes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultFile {
    pub format: String,
    pub exercise: ExerciseRef,
    pub learner: String,
    pub model: String,
    pub variant: Option<String>,
    #[serde(flatten)]
    pub scored: Scored,
    /// The whole session as a tape: `printer-panel play` replays it, and `exercise results`
    /// scores it again.
    pub tape: String,
}

/// Where a learner's tape and result go: `<exercise>-<learner>.tape` and `.json` in `dir`
/// (here when none), made if missing; refused if either is there already, unless `force`.
pub fn paths(dir: Option<&Path>, a: &Assessment, force: bool) -> Result<(PathBuf, PathBuf), String> {
    let dir = dir.unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("--results {}: cannot make the folder: {e}", files::shown(dir)))?;
    let stem = format!("{}-{}", crate::exercise::file_stem(&a.sheet.id), crate::exercise::file_stem(&a.learner));
    let (tape, result) = (dir.join(format!("{stem}.tape")), dir.join(format!("{stem}.json")));
    for path in [&tape, &result] {
        files::check_writable(path)?;
        if !force && path.exists() {
            return Err(format!(
                "{} exists already: {} has sat this exercise into this folder; give another --results folder, or --force to replace it",
                files::shown(path),
                a.learner
            ));
        }
    }
    Ok((tape, result))
}

impl ResultFile {
    pub fn of(app: &App, tape: String) -> Option<ResultFile> {
        let sitting = app.sitting()?;
        let a = &sitting.assessment;
        Some(ResultFile {
            format: FORMAT.into(),
            exercise: ExerciseRef { id: a.sheet.id.clone(), title: a.sheet.title.clone(), hash: a.sheet.hash.clone() },
            learner: a.learner.clone(),
            model: a.model.id.to_string(),
            variant: a.variant.clone(),
            scored: sitting.scored(app),
            tape,
        })
    }
}

/// The result written beside its finished tape; what to tell the learner.
pub fn write(app: &App, tape: &Path, result: &Path) -> Result<String, String> {
    let text = files::read_text(tape, RESULT_LIMIT)?;
    let file = ResultFile::of(app, text).ok_or("no exercise was sat")?;
    let json = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())? + "\n";
    files::write_atomic(result, json.as_bytes()).map_err(|e| format!("cannot write {}: {e}", files::shown(result)))?;
    let s = &file.scored;
    Ok(format!(
        "{} scored {} of {} on '{}' ({}); result in {}, the session in {}",
        file.learner,
        s.score,
        s.max,
        file.exercise.title,
        ending_words(s),
        files::shown(result),
        files::shown(tape)
    ))
}

fn ending_words(s: &Scored) -> String {
    let time = crate::format::mmss(s.seconds.round() as u64);
    match s.ending {
        Some(Ending::GoalReached) => format!("goal reached in {time}"),
        Some(Ending::TimeUp) => format!("time up at {time}"),
        None => format!("left after {time}, goal not reached"),
    }
}

/// How a result stands once replayed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// Its tape gives the score it says.
    Confirmed,
    /// Something in it is not what its tape gives, or cannot be checked: why.
    Flagged(String),
}

/// One row of the class table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub file: String,
    pub result: Option<ResultFile>,
    pub check: Check,
}

/// Replays `file`'s tape against `exercise` and compares what it gives with what it says.
pub fn verify(file: &ResultFile, exercise: &Exercise) -> Check {
    let report = match crate::tape::play::replay_sitting(&file.tape, exercise) {
        Ok(r) => r,
        Err(e) => return Check::Flagged(format!("its tape does not play: line {}: {}", e.line, e.message)),
    };
    let Some((learner, replayed)) = report.scored else {
        return Check::Flagged("its tape sits no exercise".into());
    };
    if learner != file.learner {
        return Check::Flagged(format!("its tape was sat by {learner}"));
    }
    let s = &file.scored;
    if s.score != replayed.score || s.max != replayed.max {
        return Check::Flagged(format!(
            "it says {} of {}; its tape gives {} of {}",
            s.score, s.max, replayed.score, replayed.max
        ));
    }
    if s.items != replayed.items || s.ending != replayed.ending || s.deductions != replayed.deductions {
        return Check::Flagged("its items or ending are not what its tape gives".into());
    }
    // A tape keeps each key's time to the microsecond: allow for the rounding, and a little more.
    if (s.seconds - replayed.seconds).abs() > 1.0 {
        return Check::Flagged(format!("it says {:.0} s; its tape gives {:.0} s", s.seconds, replayed.seconds));
    }
    Check::Confirmed
}

/// Every result in `dir`, checked against the exercises known (`given`, the folder's own
/// `.toml` files, the built-in ones).
pub fn rows(dir: &Path, given: &[PathBuf]) -> Result<Vec<Row>, String> {
    let mut exercises = Vec::new();
    for source in given {
        exercises.push(Exercise::load(source).map_err(|e| e.to_string())?);
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", files::shown(dir)))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries.iter().filter(|p| p.extension().is_some_and(|x| x == "toml")) {
        if let Ok(e) = Exercise::load(path) {
            exercises.push(e);
        }
    }
    for (name, text) in crate::exercise::builtin::BUILT_IN {
        if let Ok(e) = Exercise::parse(&format!("{name}.toml"), text) {
            exercises.push(e);
        }
    }
    let mut rows = Vec::new();
    for path in entries.iter().filter(|p| p.extension().is_some_and(|x| x == "json")) {
        let file = files::shown(path);
        let parsed = files::read_text(path, RESULT_LIMIT)
            .and_then(|t| serde_json::from_str::<ResultFile>(&t).map_err(|e| e.to_string()));
        let row = match parsed {
            Err(e) => Row { file, result: None, check: Check::Flagged(format!("not a result: {e}")) },
            Ok(r) if r.format != FORMAT => {
                Row { file, result: None, check: Check::Flagged(format!("not a result: '{}'", r.format)) }
            }
            Ok(r) => {
                let check = match exercises.iter().find(|e| e.sheet.hash == r.exercise.hash) {
                    Some(e) => verify(&r, e),
                    None => Check::Flagged(format!(
                        "no exercise here has its hash (is '{}' edited since? give it with --exercise)",
                        r.exercise.id
                    )),
                };
                Row { file, result: Some(r), check }
            }
        };
        rows.push(row);
    }
    rows.sort_by(|a, b| {
        let key = |r: &Row| r.result.as_ref().map(|r| (r.learner.to_lowercase(), r.exercise.id.clone()));
        key(a).cmp(&key(b)).then_with(|| a.file.cmp(&b.file))
    });
    Ok(rows)
}

/// A cell for CSV: quoted when it must be, and never read as a formula by a spreadsheet.
fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

/// The class table as CSV.
pub fn csv(rows: &[Row]) -> String {
    let mut out = String::from("learner,exercise,variant,model,score,max,seconds,ending,missed,check\n");
    for row in rows {
        let check = match &row.check {
            Check::Confirmed => "confirmed by its tape".to_string(),
            Check::Flagged(why) => format!("FLAGGED: {why}"),
        };
        let cells: Vec<String> = match &row.result {
            Some(r) => vec![
                r.learner.clone(),
                r.exercise.id.clone(),
                r.variant.clone().unwrap_or_default(),
                r.model.clone(),
                r.scored.score.to_string(),
                r.scored.max.to_string(),
                format!("{:.1}", r.scored.seconds),
                ending_words(&r.scored),
                r.scored.missed().join("; "),
                check,
            ],
            None => vec![
                row.file.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                check,
            ],
        };
        out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// The class table as printed.
pub fn table(rows: &[Row]) -> String {
    let mut lines =
        vec![format!("{:<20} {:<18} {:>9} {:>6}  {}", "learner", "exercise", "score", "time", "missed / check")];
    for row in rows {
        let printable = |s: &str| crate::text::printable(s.as_bytes());
        let mut line = match &row.result {
            Some(r) => {
                let s = &r.scored;
                let missed = s.missed();
                format!(
                    "{:<20} {:<18} {:>9} {:>6}  {}",
                    crate::text::ellipsis(&printable(&r.learner), 20),
                    crate::text::ellipsis(&printable(&r.exercise.id), 18),
                    format!("{}/{}", s.score, s.max),
                    crate::format::mmss(s.seconds.round() as u64),
                    if missed.is_empty() { "-".to_string() } else { printable(&missed.join("; ")) }
                )
            }
            None => format!("{:<20}", printable(&row.file)),
        };
        if let Check::Flagged(why) = &row.check {
            line.push_str(&format!("\n{:<20} FLAGGED: {}", "", printable(why)));
        }
        lines.push(line);
    }
    lines.join("\n") + "\n"
}

/// What `exercise results` found in a folder.
pub struct Collected {
    pub table: String,
    pub csv_path: PathBuf,
    pub count: usize,
    pub flagged: usize,
}

/// `exercise results`: the folder's results checked, the CSV written. The error says whether
/// it was the writing that failed.
pub fn collect(dir: &Path, given: &[PathBuf], csv_path: Option<&Path>) -> Result<Collected, (bool, String)> {
    let rows = rows(dir, given).map_err(|e| (false, e))?;
    if rows.is_empty() {
        return Err((false, format!("no results (.json) in {}", files::shown(dir))));
    }
    let csv_path = csv_path.map_or_else(|| dir.join("class.csv"), Path::to_path_buf);
    files::write_atomic(&csv_path, csv(&rows).as_bytes())
        .map_err(|e| (true, format!("cannot write {}: {e}", files::shown(&csv_path))))?;
    let flagged = rows.iter().filter(|r| r.check != Check::Confirmed).count();
    Ok(Collected { table: table(&rows), csv_path, count: rows.len(), flagged })
}
