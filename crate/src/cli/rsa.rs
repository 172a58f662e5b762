//! `brainlab rsa`: rule against rule. Trains one run per rule under one config (in parallel,
//! one thread per core), then compares every hidden layer's representation with the first
//! rule's (the reference, e.g. backprop) and with the pixels and the labels: the Spearman RSA
//! of the image RDMs (20 fixed test images per class) and, rule against rule, of the class RDMs
//! too. One CSV row per comparison: `rule,layer,rdm,against,rsa`, plus each run's accuracy.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::train::fmt_acc;
use super::{load_data, CliError};
use crate::analysis::{rsa, AnalysisError};
use crate::config::Rule;
use crate::experiment::LayerAnalysis;
use crate::{ConfigInput, Experiment};

/// One comparison: `rule`'s hidden layer `layer` (1 = the first) against `against`.
#[derive(Debug, Clone, PartialEq)]
pub struct RsaRow {
    pub rule: &'static str,
    pub layer: usize,
    /// `images` or `classes`: which RDMs are compared.
    pub rdm: &'static str,
    /// A rule's name, `pixels` or `labels`.
    pub against: String,
    /// None where the RSA is undefined (an RDM with a constant upper triangle).
    pub rsa: Option<f64>,
}

/// The rows of `rules`' trained runs (the first rule is the reference).
pub fn rsa_rows(runs: &[(Rule, Vec<LayerAnalysis>)]) -> Result<Vec<RsaRow>, CliError> {
    let Some((reference, reference_layers)) = runs.first() else { return Ok(Vec::new()) };
    let mut rows = Vec::new();
    for (rule, layers) in runs {
        for (h, a) in layers.iter().enumerate() {
            let row = |rdm, against: &str, rsa| RsaRow { rule: rule.name(), layer: h + 1, rdm, against: against.to_string(), rsa };
            let r = &reference_layers[h];
            rows.push(row("images", reference.name(), defined(rsa(&a.image_rdm, &r.image_rdm))?));
            rows.push(row("classes", reference.name(), defined(rsa(&a.class_rdm, &r.class_rdm))?));
            rows.push(row("images", "pixels", a.rsa_pixels));
            rows.push(row("images", "labels", a.rsa_labels));
        }
    }
    Ok(rows)
}

fn defined(rho: Result<f64, AnalysisError>) -> Result<Option<f64>, CliError> {
    match rho {
        Ok(rho) => Ok(Some(rho)),
        Err(AnalysisError::Constant { .. }) => Ok(None),
        Err(e) => Err(crate::error::Error::from(e).into()),
    }
}

pub fn rsa_command(config: &ConfigInput, rules: &[Rule], data: &Path, csv: Option<&Path>, quiet: bool) -> Result<(), CliError> {
    if rules.is_empty() {
        return Err(CliError::flag("rules", "name at least one rule (the first is the reference)"));
    }
    let configs = rules.iter().map(|&rule| ConfigInput { rule: Some(rule), ..config.clone() }.resolve()).collect::<Result<Vec<_>, _>>()?;
    let (train, test) = load_data(data)?;
    let (train, test) = (Arc::new(train), Arc::new(test));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(|e| CliError::flag("rules", e.to_string()))?;
    let trained: Vec<Result<(Rule, Option<f64>, Vec<LayerAnalysis>), CliError>> = pool.install(|| {
        configs
            .par_iter()
            .map(|config| {
                let mut exp = Experiment::new(config.clone(), Arc::clone(&train), Arc::clone(&test))?;
                exp.step(config.steps)?;
                let acc = exp.history().last().and_then(|m| m.test_acc);
                if !quiet {
                    eprintln!("[{}] {} steps, test acc {}", config.rule.name(), exp.steps_done(), fmt_acc(acc));
                }
                let hidden = exp.model().layers.len() - 1;
                Ok((config.rule, acc, (0..hidden).map(|h| exp.analysis(h)).collect::<Result<Vec<_>, _>>()?))
            })
            .collect()
    });
    let trained = trained.into_iter().collect::<Result<Vec<_>, _>>()?;
    let runs: Vec<(Rule, Vec<LayerAnalysis>)> = trained.iter().map(|(rule, _, layers)| (*rule, layers.clone())).collect();
    let rows = rsa_rows(&runs)?;
    let rho = |r: Option<f64>| r.map(|v| format!("{v:.4}")).unwrap_or_else(|| "undefined".into());
    for (rule, acc, _) in &trained {
        println!("{}: test acc {}", rule.name(), fmt_acc(*acc));
    }
    println!("{:<34} {:>5} {:>8} {:>22} {:>10}", "rule", "layer", "rdm", "against", "rsa");
    for r in &rows {
        println!("{:<34} {:>5} {:>8} {:>22} {:>10}", r.rule, format!("l{}", r.layer), r.rdm, r.against, rho(r.rsa));
    }
    if let Some(path) = csv {
        let write = || -> Result<(), csv::Error> {
            let mut w = csv::Writer::from_path(path)?;
            w.write_record(["rule", "layer", "rdm", "against", "rsa"])?;
            for r in &rows {
                w.write_record([r.rule.to_string(), format!("l{}", r.layer), r.rdm.to_string(), r.against.clone(), r.rsa.map(|v| v.to_string()).unwrap_or_default()])?;
            }
            w.flush()?;
            Ok(())
        };
        write().map_err(|e| CliError::file(path, e))?;
        println!("wrote {} rows to {}", rows.len(), path.display());
    }
    Ok(())
}
