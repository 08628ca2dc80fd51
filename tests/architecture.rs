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
