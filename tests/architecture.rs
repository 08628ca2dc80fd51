//! The shape of the code, checked: the protocol core stands alone, and the modules depend
//! on each other in one direction only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Every `crate::name` a file mentions, code and doc links alike.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !name.is_empty() {
            found.insert(name);
        }
    }
    found
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn nothing_under_src_wps_imports_anything_outside_it() {
    let wps = src().join("wps");
    let mut offenders = Vec::new();
    for file in rust_files(&wps) {
        let text = std::fs::read_to_string(&file).unwrap();
        for name in crate_paths(&text) {
            if name != "wps" {
                offenders.push(format!("{}: crate::{name}", file.display()));
            }
        }
        // Enough `super::` to climb out of wps/ reaches the crate root: one per folder below
        // src/, plus one for a file that is not its folder's mod.rs.
        let rel = file.strip_prefix(&wps).unwrap();
        let is_mod = rel.file_name().is_some_and(|n| n == "mod.rs");
        let depth = rel.components().count() + usize::from(!is_mod);
        let escape = format!("{}super::", "super::".repeat(depth - 1));
        if text.contains(&escape) {
            offenders.push(format!("{}: {escape}", file.display()));
        }
    }
    assert!(offenders.is_empty(), "the protocol core reaches outside src/wps:\n{}", offenders.join("\n"));
}

/// The top-level module a file belongs to: `src/app/router.rs` -> `app`, `src/air.rs` -> `air`.
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(src()).unwrap();
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

type Graph = BTreeMap<String, BTreeSet<String>>;

/// A path that leads back to where it started, if the graph has one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(graph: &Graph, node: &str, path: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|n| n == node) {
            let mut cycle = path[i..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(graph, next, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(graph, node, &mut Vec::new(), &mut done))
}

#[test]
fn top_level_modules_depend_on_each_other_without_cycles() {
    let mut graph = Graph::new();
    for file in rust_files(&src()) {
        let module = module_of(&file);
        if module == "main" || module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let uses: Vec<String> = crate_paths(&text).into_iter().filter(|m| *m != module).collect();
        graph.entry(module).or_default().extend(uses);
    }
    assert!(graph.contains_key("app") && graph.contains_key("ui"), "the walk found the modules");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("an import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_cycle_search_finds_a_cycle_that_is_there() {
    let mut graph = Graph::new();
    graph.entry("app".into()).or_default().extend(crate_paths("use crate::ui::lcd; // [`crate::wps`]"));
    graph.entry("ui".into()).or_default().insert("keys".into());
    assert_eq!(find_cycle(&graph), None);
    graph.entry("keys".into()).or_default().extend(crate_paths("use crate::app::Action;"));
    assert_eq!(find_cycle(&graph), Some(vec!["app".into(), "ui".into(), "keys".into(), "app".into()]));
}

#[test]
fn the_readme_key_table_is_the_apps_key_table() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let table = printer_panel::keys::markdown();
    assert!(readme.contains(&table), "the README's key table differs from src/keys.rs; it should read:\n{table}");
}

/// The module path of a file below src/: `src/app/printer/link.rs` -> `app::printer::link`,
/// `src/app/mod.rs` -> `app`.
fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().to_string()).collect();
    let last = parts.pop().unwrap();
    if last != "mod.rs" && last != "lib.rs" {
        parts.push(last.trim_end_matches(".rs").to_string());
    }
    parts
}

/// The modules a file names (`crate::a::b`, `super::x`, `super::{x, y::z}`), as absolute
/// paths of their first few segments.
fn named_modules(file: &Path, text: &str) -> BTreeSet<Vec<String>> {
    let here = module_path(file);
    let ident = |s: &str| -> String { s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    let mut found = BTreeSet::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let (mut base, mut at) = if rest.starts_with("crate::") {
            (Vec::new(), "crate::".len())
        } else if rest.starts_with("super::")
            && (i == 0 || !text[..i].ends_with(|c: char| c.is_alphanumeric() || c == ':'))
        {
            // `super` of a file is its folder's module; of a mod.rs, the folder above.
            let mut base = here.clone();
            base.pop();
            let mut at = "super::".len();
            while rest[at..].starts_with("super::") {
                base.pop();
                at += "super::".len();
            }
            (base, at)
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        // The path's module segments, then perhaps a list of names under them.
        let mut tail = &rest[at..];
        for _ in 0..3 {
            let name = ident(tail);
            let Some(next) = tail[name.len()..].strip_prefix("::") else { break };
            if name.is_empty() || !name.chars().next().is_some_and(|c| c.is_lowercase()) {
                break;
            }
            base.push(name.clone());
            tail = next;
            at += name.len() + 2;
        }
        if let Some(list) = tail.strip_prefix('{') {
            let inner: String = list.chars().take_while(|c| *c != '}').collect();
            for item in inner.split(',') {
                let name = ident(item.trim());
                if !name.is_empty() && name != "self" {
                    let mut path = base.clone();
                    path.push(name);
                    found.insert(path);
                }
            }
        } else {
            // Up to three segments: enough to tell sibling files apart at any depth here.
            let mut t = tail;
            for _ in 0..3 {
                let name = ident(t);
                if name.is_empty() || !name.chars().next().is_some_and(|c| c.is_lowercase()) {
                    break;
                }
                t = &t[name.len()..];
                base.push(name);
                match t.strip_prefix("::") {
                    Some(next) => t = next,
                    None => break,
                }
            }
            found.insert(base.clone());
            at = 0;
        }
        i += at.max(1);
    }
    found
}

/// Between the files (and folders) that sit side by side in a folder, imports go one way:
/// no circle such as error -> event -> registrar -> error in wps/. A module and the files
/// below it (its own children, which implement it) are not counted.
#[test]
fn files_side_by_side_import_each_other_without_circles() {
    let files = rust_files(&src());
    let mut graphs: BTreeMap<Vec<String>, Graph> = BTreeMap::new();
    for file in &files {
        let here = module_path(file);
        if here.is_empty() || file.ends_with("main.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        // A file's unit tests (its last item, by this code's habit) may reach anything.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        // Within every folder above this file: the sibling this file belongs to, and the
        // siblings it names.
        for depth in 0..here.len() {
            let parent = here[..depth].to_vec();
            let me = here[depth].clone();
            for named in named_modules(file, text) {
                if named.len() > depth && named[..depth] == parent[..] && named[depth] != me {
                    let graph = graphs.entry(parent.clone()).or_default();
                    graph.entry(me.clone()).or_default().insert(named[depth].clone());
                }
            }
        }
    }
    // Only the folders' own files count as siblings (a name that is a type, not a module, is
    // no file).
    let mut circles = Vec::new();
    for (parent, graph) in &mut graphs {
        let folder = src().join(parent.join("/"));
        let is_module = |m: &str| folder.join(format!("{m}.rs")).exists() || folder.join(m).join("mod.rs").exists();
        let kept: Graph = graph
            .iter()
            .filter(|(m, _)| is_module(m))
            .map(|(m, to)| (m.clone(), to.iter().filter(|t| is_module(t)).cloned().collect()))
            .collect();
        if let Some(cycle) = find_cycle(&kept) {
            circles.push(format!("in src/{}: {}", parent.join("/"), cycle.join(" -> ")));
        }
    }
    assert!(graphs.contains_key(&vec!["wps".to_string()]), "the walk found wps/'s files");
    assert!(circles.is_empty(), "import circles between files:\n{}", circles.join("\n"));
}

#[test]
fn named_modules_resolves_super_crate_and_lists() {
    let action = src().join("app").join("action.rs");
    let named = named_modules(&action, "use super::router::Control;\nuse crate::wps::{defs, pin::Pin};");
    let path = |p: &str| p.split("::").map(str::to_string).collect::<Vec<_>>();
    assert!(named.contains(&path("app::router")), "{named:?}");
    assert!(named.contains(&path("wps::defs")) && named.contains(&path("wps::pin")), "{named:?}");
    let mod_rs = src().join("app").join("mod.rs");
    let named = named_modules(&mod_rs, "use super::{air::Node, ladder};");
    assert!(named.contains(&path("air")) && named.contains(&path("ladder")), "{named:?}");
    let deep = src().join("app").join("printer").join("link.rs");
    assert!(named_modules(&deep, "use super::super::engine::Command;").contains(&path("app::engine")));
}

/// The app's files stay small enough to read: none over 500 lines.
#[test]
fn no_file_under_src_app_is_over_500_lines() {
    let long: Vec<String> = rust_files(&src().join("app"))
        .into_iter()
        .map(|f| (std::fs::read_to_string(&f).unwrap().lines().count(), f))
        .filter(|(n, _)| *n > 500)
        .map(|(n, f)| format!("{}: {n} lines", f.display()))
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}
