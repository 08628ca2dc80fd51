//! The page's address as the panel's options: `?model=inkwell-touch&scenario=pin&seed=4&
//! theme=light&guide=1&speed=4`, as a help article links to it. A mistake is said in plain
//! words with the choices, as the command line says it; pure, so it is tested on the host.

use printer_panel::app::Options;
use printer_panel::sim::models::{PRINTER_MODELS, printer_model};
use printer_panel::sim::scenarios::{SCENARIOS, scenario};
use printer_panel::theme::Theme;

/// The parameters the page reads, in the order the help names them.
pub const NAMES: [&str; 6] = ["model", "scenario", "seed", "theme", "guide", "speed"];

/// The options the address asks for; `pairs` are its query's decoded name and value pairs.
pub fn options<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Options, String> {
    let mut options = Options { pcap: None, write_files: false, ..Options::default() };
    for (name, value) in pairs {
        match name {
            "model" => {
                options.model = printer_model(value).ok_or_else(|| {
                    let ids: Vec<&str> = PRINTER_MODELS.iter().map(|m| m.id).collect();
                    format!("model={}: no such printer (models: {})", shown(value), ids.join(", "))
                })?
            }
            "scenario" => {
                options.scenario = scenario(value).ok_or_else(|| {
                    let ids: Vec<&str> = SCENARIOS.iter().map(|s| s.id).collect();
                    format!("scenario={}: no such scenario (scenarios: {})", shown(value), ids.join(", "))
                })?
            }
            "seed" => {
                let seed = value.parse::<u64>().map_err(|_| {
                    format!(
                        "seed={}: give a whole number from 0 to {} (the same seed, the same session)",
                        shown(value),
                        u64::MAX
                    )
                })?;
                options.seed = Some(seed);
            }
            "theme" => {
                options.theme = Theme::built_in(value).ok_or_else(|| {
                    let names: Vec<&str> = printer_panel::theme::BUILT_IN.iter().map(|(n, _)| *n).collect();
                    format!("theme={}: no such theme (themes: {})", shown(value), names.join(", "))
                })?
            }
            "guide" => {
                options.guide = match value {
                    "" | "1" | "true" | "yes" | "on" => true,
                    "0" | "false" | "no" | "off" => false,
                    _ => {
                        return Err(format!(
                            "guide={}: give guide=1 to show the guide, guide=0 to hide it",
                            shown(value)
                        ));
                    }
                }
            }
            "speed" => {
                let speed = value.parse::<f64>().ok().filter(|s| s.is_finite() && (0.1..=100.0).contains(s));
                options.speed = speed.ok_or_else(|| {
                    format!("speed={}: give a factor from 0.1 to 100 (10 shows 2 minutes in 12 s)", shown(value))
                })?;
            }
            // Other parameters belong to the page that links here (a tracking tag, say).
            _ => {}
        }
    }
    Ok(options)
}

/// A value as it can be shown: at most 40 characters, control characters escaped.
fn shown(value: &str) -> String {
    let mut out: String = value.chars().take(40).flat_map(char::escape_debug).collect();
    if value.chars().count() > 40 {
        out.push('…');
    }
    format!("'{out}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_sets_each_option() {
        let o =
            options([("model", "inkwell-touch"), ("scenario", "pin"), ("seed", "4"), ("guide", "1"), ("speed", "4")])
                .unwrap();
        assert_eq!(o.model.id, "inkwell-touch");
        assert_eq!(o.scenario.id, "pin");
        assert_eq!(o.seed, Some(4));
        assert!(o.guide);
        assert_eq!(o.speed, 4.0);
        assert!(!o.write_files, "the page writes no files: the capture is a download");
    }

    #[test]
    fn no_address_is_the_terminals_default() {
        let o = options([]).unwrap();
        assert_eq!(o.model.id, PRINTER_MODELS[0].id);
        assert_eq!(o.scenario.id, SCENARIOS[0].id);
        assert!(!o.guide);
    }

    #[test]
    fn a_mistake_says_the_choices() {
        let e = options([("model", "laserjet<script>")]).unwrap_err();
        assert!(e.starts_with("model='laserjet<script>': no such printer (models: "), "{e}");
        assert!(e.contains("inkwell-touch"), "{e}");
        let e = options([("scenario", "nope")]).unwrap_err();
        assert!(e.contains("scenarios: ") && e.contains("pin"), "{e}");
        assert!(options([("seed", "-1")]).unwrap_err().starts_with("seed='-1'"));
        assert!(options([("speed", "1000")]).unwrap_err().starts_with("speed='1000'"));
        assert!(options([("speed", "NaN")]).is_err());
        assert!(options([("guide", "maybe")]).is_err());
        assert!(options([("theme", "neon")]).unwrap_err().contains("themes: "));
        let long = "x".repeat(500);
        assert!(options([("model", long.as_str())]).unwrap_err().len() < 200, "a long value is cut");
    }

    #[test]
    fn other_parameters_are_left_alone() {
        assert!(options([("utm_source", "help-article")]).is_ok());
    }
}
