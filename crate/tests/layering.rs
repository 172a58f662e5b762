//! The layering that crate/src/lib.rs draws, enforced. lib.rs's diagram is the one table of
//! which top-level module may use which (read by [`diagram`]: a module uses only modules on
//! lines below its own; `error` is the one exception, its `Error` gathering the error types of
//! the modules it lists); this test reads every .rs file under crate/src, finds each
//! module's `crate::<module>` paths (and the crate-root names re-exported by lib.rs, such as
//! `crate::Config`), and fails when a module uses one the table does not give it (a backward
//! import), when the table gives one no code uses (a stale diagram), when a module uses one on a
//! line above its own, or when the diagram does not name every module of lib.rs once.
//!
//! Test code is left out: every item under `#[cfg(test)]` (a `mod tests { … }`, a helper fn, an
//! impl) and every file declared by a `#[cfg(test)] mod name;`. Comments and string literals
//! are left out too. In a module's root file (`stats.rs`, `nn/mod.rs`) a `super::` path at the
//! file's top level names the crate root and counts as `crate::`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The module whose uses may point up (it gathers every module's error type into `Error`).
const GATHERS: &str = "error";

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every .rs file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The source with comments, string literals and char literals blanked out (each of their
/// characters a space, line breaks kept, so that offsets and line numbers stay).
fn code_only(src: &str) -> Vec<char> {
    let s: Vec<char> = src.chars().collect();
    let mut out = s.clone();
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for c in &mut out[from..to.min(s.len())] {
            if *c != '\n' {
                *c = ' ';
            }
        }
    };
    let mut i = 0;
    while i < s.len() {
        let prev_ident = i > 0 && is_ident(s[i - 1]);
        match s[i] {
            '/' if s.get(i + 1) == Some(&'/') => {
                let end = s[i..].iter().position(|&c| c == '\n').map_or(s.len(), |p| i + p);
                blank(&mut out, i, end);
                i = end;
            }
            '/' if s.get(i + 1) == Some(&'*') => {
                let (mut depth, mut j) = (1, i + 2);
                while j < s.len() && depth > 0 {
                    if s[j] == '/' && s.get(j + 1) == Some(&'*') {
                        depth += 1;
                        j += 1;
                    } else if s[j] == '*' && s.get(j + 1) == Some(&'/') {
                        depth -= 1;
                        j += 1;
                    }
                    j += 1;
                }
                blank(&mut out, i, j);
                i = j;
            }
            // Raw strings: r"…", r#"…"#, br"…".
            'r' | 'b' if !prev_ident && raw_string_start(&s, i).is_some() => {
                let (hashes, open) = raw_string_start(&s, i).unwrap();
                let mut j = open + 1;
                while j < s.len() && !(s[j] == '"' && s[j + 1..].iter().take(hashes).filter(|&&c| c == '#').count() == hashes) {
                    j += 1;
                }
                let end = (j + 1 + hashes).min(s.len());
                blank(&mut out, open + 1, end - 1 - hashes);
                i = end;
            }
            '"' => {
                let mut j = i + 1;
                while j < s.len() && s[j] != '"' {
                    j += if s[j] == '\\' { 2 } else { 1 };
                }
                blank(&mut out, i + 1, j);
                i = j + 1;
            }
            // A char literal ('x', '\n', '\u{7b}'); a lifetime ('a) is left alone.
            '\'' if s.get(i + 1) == Some(&'\\') => {
                let end = s[i + 2..].iter().position(|&c| c == '\'').map_or(s.len(), |p| i + 2 + p);
                blank(&mut out, i + 1, end);
                i = end + 1;
            }
            '\'' if s.get(i + 2) == Some(&'\'') => {
                blank(&mut out, i + 1, i + 2);
                i += 3;
            }
            _ => i += 1,
        }
    }
    out
}

/// At a raw string's start (`r`, `r#…`, `br`), the number of `#` and the offset of its `"`.
fn raw_string_start(s: &[char], i: usize) -> Option<(usize, usize)> {
    let r = if s[i] == 'b' { i + 1 } else { i };
    if s.get(r) != Some(&'r') {
        return None;
    }
    let hashes = s[r + 1..].iter().take_while(|&&c| c == '#').count();
    (s.get(r + 1 + hashes) == Some(&'"')).then_some((hashes, r + 1 + hashes))
}

fn starts_with(s: &[char], i: usize, word: &str) -> bool {
    word.chars().enumerate().all(|(k, c)| s.get(i + k) == Some(&c))
}

fn skip_space(s: &[char], mut i: usize) -> usize {
    while i < s.len() && s[i].is_whitespace() {
        i += 1;
    }
    i
}

/// The offset just past the bracket that closes the one at `open`.
fn past_close(s: &[char], open: usize) -> usize {
    let mut depth = 0i32;
    for (j, &c) in s.iter().enumerate().skip(open) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    s.len()
}

/// Blanks every `#[cfg(test)]` item of the code (as [`code_only`] gives it) and returns the
/// names of the files the blanked items declare (`#[cfg(test)] mod name;`).
fn drop_test_items(code: &mut [char]) -> Vec<String> {
    let mut declared = Vec::new();
    let mut i = 0;
    while i < code.len() {
        if !starts_with(code, i, "#[cfg(test)]") {
            i += 1;
            continue;
        }
        let start = i;
        // Further attributes, then the item: to a `;` outside brackets, or to the end of its
        // first braced block.
        let mut j = skip_space(code, i + "#[cfg(test)]".len());
        while code.get(j) == Some(&'#') {
            j = skip_space(code, past_close(code, j + 1));
        }
        let item = j;
        let mut depth = 0i32;
        while j < code.len() {
            match code[j] {
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                '{' if depth == 0 => {
                    j = past_close(code, j);
                    break;
                }
                ';' if depth == 0 => {
                    j += 1;
                    break;
                }
                _ => {}
            }
            j += 1;
        }
        let text: String = code[item..j].iter().collect();
        let words: Vec<&str> = text.split(|c: char| !is_ident(c)).filter(|w| !w.is_empty()).collect();
        if text.trim_end().ends_with(';') {
            if let Some(k) = words.iter().position(|w| *w == "mod") {
                declared.extend(words.get(k + 1).map(|w| w.to_string()));
            }
        }
        let end = j.min(code.len());
        for c in &mut code[start..end] {
            if *c != '\n' {
                *c = ' ';
            }
        }
        i = j;
    }
    declared
}

/// One `crate::` use: the name after `crate::` (a module or a re-exported item) and its line.
#[derive(Debug, Clone, PartialEq)]
struct Use {
    name: String,
    line: usize,
}

fn ident_at(s: &[char], i: usize) -> String {
    s[i..].iter().take_while(|&&c| is_ident(c)).collect()
}

/// The first names of the paths `crate::…` (and, when `root_file`, top-level `super::…`) in the
/// code: `crate::nn::Mlp` gives `nn`, `crate::{Config, nn::Mlp}` gives `Config` and `nn`.
fn crate_uses(code: &[char], root_file: bool) -> Vec<Use> {
    let line_of = |i: usize| 1 + code[..i].iter().filter(|&&c| c == '\n').count();
    let mut uses = Vec::new();
    let mut depth = 0i32;
    for i in 0..code.len() {
        match code[i] {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        let prefix = if starts_with(code, i, "crate::") {
            "crate::"
        } else if root_file && depth == 0 && starts_with(code, i, "super::") {
            "super::"
        } else {
            continue;
        };
        if i > 0 && is_ident(code[i - 1]) {
            continue;
        }
        let at = skip_space(code, i + prefix.len());
        if code.get(at) == Some(&'{') {
            // A group: the first name of each comma-separated path at its top level.
            let end = past_close(code, at) - 1;
            let (mut k, mut level) = (at + 1, 0i32);
            let mut item_start = true;
            while k < end {
                match code[k] {
                    '{' => level += 1,
                    '}' => level -= 1,
                    ',' if level == 0 => item_start = true,
                    c if item_start && is_ident(c) => {
                        uses.push(Use { name: ident_at(code, k), line: line_of(k) });
                        item_start = false;
                    }
                    _ => {}
                }
                k += 1;
            }
        } else {
            let name = ident_at(code, at);
            if !name.is_empty() {
                uses.push(Use { name, line: line_of(at) });
            }
        }
    }
    uses
}

/// lib.rs's modules (`pub mod name;`, cfg'd ones too) and its re-exports: name → module.
fn lib_rs() -> (BTreeSet<String>, BTreeMap<String, String>) {
    let code: String = code_only(&read(&src().join("lib.rs"))).into_iter().collect();
    let mut modules = BTreeSet::new();
    let mut reexports = BTreeMap::new();
    for statement in code.split(';').map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")) {
        let statement = statement.rsplit(']').next().unwrap_or("").trim().to_string();
        if let Some(name) = statement.strip_prefix("pub mod ") {
            modules.insert(name.trim().to_string());
        } else if let Some(path) = statement.strip_prefix("pub use ") {
            let (module, rest) = path.split_once("::").unwrap_or_else(|| panic!("lib.rs: pub use {path}"));
            for item in rest.split(|c| c == ',' || c == '{' || c == '}').map(str::trim).filter(|i| !i.is_empty()) {
                let name = item.rsplit([' ', ':']).next().unwrap();
                reexports.insert(name.to_string(), module.trim().to_string());
            }
        }
    }
    (modules, reexports)
}

/// Per top-level module, each module it uses with the first place it does: "path:line".
fn actual_uses() -> BTreeMap<String, BTreeMap<String, String>> {
    let (modules, reexports) = lib_rs();
    let root = src();
    let files = rust_files(&root);
    let mut code: BTreeMap<PathBuf, Vec<char>> = BTreeMap::new();
    let mut test_only: Vec<PathBuf> = Vec::new();
    for file in &files {
        let mut c = code_only(&read(file));
        // `mod name;` in `dir/mod.rs` (or lib.rs) is `dir/name.rs` or `dir/name/`; in `dir/x.rs`
        // it is `dir/x/name.rs` or `dir/x/name/`.
        let stem = file.file_stem().unwrap().to_str().unwrap();
        let dir = file.parent().unwrap();
        let base = if matches!(stem, "mod" | "lib" | "main") { dir.to_path_buf() } else { dir.join(stem) };
        for name in drop_test_items(&mut c) {
            test_only.push(base.join(format!("{name}.rs")));
            test_only.push(base.join(name));
        }
        code.insert(file.clone(), c);
    }
    let mut found: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (file, c) in &code {
        let rel = file.strip_prefix(&root).unwrap();
        if test_only.iter().any(|t| file.starts_with(t)) || rel == Path::new("lib.rs") || rel == Path::new("main.rs") {
            continue;
        }
        let parts: Vec<&str> = rel.iter().map(|p| p.to_str().unwrap()).collect();
        let module = parts[0].trim_end_matches(".rs").to_string();
        assert!(modules.contains(&module), "{}: not in a module lib.rs declares", rel.display());
        let root_file = parts.len() == 1 || (parts.len() == 2 && parts[1] == "mod.rs");
        let entry = found.entry(module.clone()).or_default();
        for u in crate_uses(c, root_file) {
            let used = if modules.contains(&u.name) {
                u.name.clone()
            } else {
                reexports
                    .get(&u.name)
                    .unwrap_or_else(|| panic!("{}:{}: crate::{} is neither a module nor a re-export of lib.rs", rel.display(), u.line, u.name))
                    .clone()
            };
            if used != module {
                entry.entry(used).or_insert_with(|| format!("{}:{}", rel.display(), u.line));
            }
        }
    }
    found
}

fn table() -> BTreeMap<String, BTreeSet<String>> {
    diagram().into_iter().map(|(m, uses)| (m, uses.into_iter().collect())).collect()
}

#[test]
fn every_module_uses_what_the_table_says() {
    let allowed = table();
    let found = actual_uses();
    let mut problems = Vec::new();
    for (module, uses) in &found {
        let Some(may) = allowed.get(module.as_str()) else {
            problems.push(format!("{module} is not in the table"));
            continue;
        };
        for (used, place) in uses {
            if !may.contains(used) {
                problems.push(format!("{module} uses {used} ({place}), which the table does not allow"));
            }
        }
    }
    for (module, may) in &allowed {
        for used in may {
            if !found.get(module).is_some_and(|u| u.contains_key(used)) {
                problems.push(format!("the table says {module} uses {used}, but no code of {module} does"));
            }
        }
    }
    let now: Vec<String> = found.iter().map(|(m, u)| format!("{m}: {}", u.keys().cloned().collect::<Vec<_>>().join(", "))).collect();
    assert!(problems.is_empty(), "{}\n(the uses found: {:#?})", problems.join("\n"), now);
}

#[test]
fn the_table_points_one_way_and_names_every_module() {
    let (modules, _) = lib_rs();
    let rows = diagram();
    let names: BTreeSet<String> = rows.iter().map(|(m, _)| m.clone()).collect();
    assert_eq!(names, modules, "the diagram's modules are lib.rs's");
    assert_eq!(names.len(), rows.len(), "a module on two lines");
    for (line, (module, uses)) in rows.iter().enumerate() {
        if module == GATHERS {
            continue;
        }
        for used in uses {
            let at = rows.iter().position(|(m, _)| m == used).unwrap_or_else(|| panic!("{module} uses {used}, not in the diagram"));
            assert!(at > line, "{module} uses {used}, which is on a line above it");
        }
    }
}

/// lib.rs's diagram: the rows of the ```text block under "# Layering", columns split by two
/// or more spaces: module, what it owns, what it uses ("-" for nothing).
fn diagram() -> Vec<(String, Vec<String>)> {
    let lib = read(&src().join("lib.rs"));
    let lines: Vec<&str> = lib.lines().map(|l| l.strip_prefix("//!").map_or(l, |l| l.strip_prefix(' ').unwrap_or(l))).collect();
    let from = lines.iter().position(|l| l.starts_with("# Layering")).expect("lib.rs: a `# Layering` section");
    let open = from + lines[from..].iter().position(|l| l.starts_with("```text")).expect("lib.rs: the diagram's ```text block");
    let close = open + 1 + lines[open + 1..].iter().position(|l| l.starts_with("```")).expect("lib.rs: the diagram's end");
    lines[open + 1..close]
        .iter()
        .skip(1) // the header row
        .map(|row| {
            let columns: Vec<&str> = row.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
            assert_eq!(columns.len(), 3, "lib.rs diagram row {row:?}: module, owns, uses");
            let uses = if columns[2] == "-" { Vec::new() } else { columns[2].split(',').map(|u| u.trim().to_string()).collect() };
            (columns[0].to_string(), uses)
        })
        .collect()
}

#[test]
fn the_reader_finds_paths_as_rust_reads_them() {
    let uses = |src: &str, root: bool| -> Vec<String> {
        let mut code = code_only(src);
        drop_test_items(&mut code);
        crate_uses(&code, root).into_iter().map(|u| u.name).collect()
    };
    assert_eq!(uses("use crate::nn::Mlp;\nfn f() { crate::rng::fresh_seed(); }", false), ["nn", "rng"]);
    assert_eq!(uses("use crate::{Config, nn::{Mlp, Dense}, info};", false), ["Config", "nn", "info"]);
    assert_eq!(uses("macro_rules! m { () => { $crate::config::Rule } }", false), ["config"]);
    // Comments, strings and lookalikes are not paths.
    assert_eq!(uses("// crate::a\n/* crate::b /* crate::c */ */ let s = \"crate::d\"; let r = r#\"crate::e\"#;", false), Vec::<String>::new());
    assert_eq!(uses("let c = '\"'; use crate::data; let l: &'static str = mycrate::x;", false), ["data"]);
    // Test items are left out, whatever they are, and the code after them is read.
    let src = "#[cfg(test)]\nmod tests { use crate::experiment::Metrics; }\n#[cfg(test)]\n#[allow(dead_code)]\nfn helper() -> [u8; 2] { crate::x() }\nuse crate::stats;";
    assert_eq!(uses(src, false), ["stats"]);
    let mut code = code_only("#[cfg(test)]\nmod fixtures;\nuse crate::rng;");
    assert_eq!(drop_test_items(&mut code), ["fixtures"]);
    assert_eq!(crate_uses(&code, false), [Use { name: "rng".into(), line: 3 }]);
    // In a module's root file, a top-level `super::` is the crate root; inside a block it is not.
    assert_eq!(uses("use super::config;\nmod inner { use super::x; }", true), ["config"]);
    assert_eq!(uses("use super::config;", false), Vec::<String>::new());
}
