//! `brainlab activity` and `brainlab analyse`: train one run, then write a layer's raw test
//! activity, or every hidden layer's analysis (RDMs, tuning, selectivity, lesion curve,
//! receptive fields, RSA), the numbers the page shows.

use std::path::Path;
use std::sync::Arc;

use super::train::{fmt_acc, Run};
use super::{load_data, CliError};
use crate::analysis::Rdm;
use crate::experiment::LayerAnalysis;
use crate::info::brightest_quadrants;
use crate::{ConfigInput, Experiment};

/// Trains the run `config` describes to its last step (progress on stderr unless `quiet`).
pub fn trained(config: &ConfigInput, data: &Path, quiet: bool) -> Result<Experiment, CliError> {
    let run = Run::of(config.resolve()?);
    let (train, test) = load_data(data)?;
    let mut exp = Experiment::new(run.config.clone(), Arc::new(train), Arc::new(test))?;
    while !exp.is_done() {
        let fresh = exp.step(run.config.eval_interval)?;
        if !quiet {
            for m in fresh {
                eprintln!("[{}] step {:>6}/{}  test acc {}", run.label, m.step, run.config.steps, fmt_acc(m.test_acc));
            }
        }
    }
    Ok(exp)
}

/// `brainlab activity`: layer `layer`'s (1 = the first hidden layer, the last = the output)
/// activity on every test image after training, `image,label,quadrant,u0,u1,…`, each value
/// Rust's shortest round-trip text of the f32.
pub fn activity(config: &ConfigInput, data: &Path, layer: usize, csv: &Path, quiet: bool) -> Result<(), CliError> {
    let exp = trained(config, data, quiet)?;
    let layers = exp.model().layers.len();
    if layer == 0 || layer > layers {
        return Err(CliError::flag("layer", format!("{layer} is not in 1..={layers} (1 = the first hidden layer, {layers} = the output)")));
    }
    let a = &exp.activities()[layer - 1];
    let test = exp.test_set();
    let quadrants = brightest_quadrants(test);
    let write = || -> Result<(), CliError> {
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(std::fs::File::create(csv)?));
        let mut header: Vec<String> = ["image", "label", "quadrant"].map(String::from).to_vec();
        header.extend((0..a.ncols()).map(|u| format!("u{u}")));
        w.write_record(&header)?;
        for (i, row) in a.rows().into_iter().enumerate() {
            let mut fields = vec![i.to_string(), test.labels[i].to_string(), quadrants[i].to_string()];
            fields.extend(row.iter().map(f32::to_string));
            w.write_record(&fields)?;
        }
        w.flush()?;
        Ok(())
    };
    write().map_err(|e| CliError::file(csv, e))?;
    println!("wrote layer {layer}'s activity on {} test images after {} steps to {}", test.len(), exp.steps_done(), csv.display());
    Ok(())
}

/// `brainlab analyse`: for every hidden layer N (1 = the first), `rdm_classes_lN.csv`,
/// `rdm_images_lN.csv`, `tuning_lN.csv`, `selectivity_lN.csv`, `lesions_lN.csv` and
/// `receptive_fields_lN.png` in `out`, and `rsa.csv` for all layers.
pub fn analyse(config: &ConfigInput, data: &Path, out: &Path, quiet: bool) -> Result<(), CliError> {
    let exp = trained(config, data, quiet)?;
    std::fs::create_dir_all(out).map_err(|e| CliError::file(out, e))?;
    let hidden = exp.model().layers.len() - 1;
    let mut rsa_rows: Vec<[String; 3]> = Vec::new();
    for h in 0..hidden {
        let n = h + 1;
        let a = exp.analysis(h)?;
        write_csv(&out.join(format!("rdm_classes_l{n}.csv")), |w| rdm_csv(w, "class", &(0..10).collect::<Vec<_>>(), &a.class_rdm))?;
        write_csv(&out.join(format!("rdm_images_l{n}.csv")), |w| rdm_csv(w, "image", &a.image_subset, &a.image_rdm))?;
        write_csv(&out.join(format!("tuning_l{n}.csv")), |w| tuning_csv(w, &a))?;
        write_csv(&out.join(format!("selectivity_l{n}.csv")), |w| selectivity_csv(w, &a))?;
        let curve = exp.lesion_curve(h)?;
        write_csv(&out.join(format!("lesions_l{n}.csv")), |w| {
            w.write_record(["fraction", "order", "test_acc", "test_loss", "silenced"])?;
            for p in &curve {
                let acc = p.test_acc.map(|v| v.to_string()).unwrap_or_default();
                w.write_record([p.fraction.to_string(), p.order.to_string(), acc, p.test_loss.to_string(), p.silenced.to_string()])?;
            }
            Ok(())
        })?;
        let picture = exp.receptive_fields(h)?;
        let path = out.join(format!("receptive_fields_l{n}.png"));
        let png = super::png::encode_rgba(picture.width as u32, picture.height as u32, &picture.pixels).map_err(|e| CliError::file(&path, e))?;
        std::fs::write(&path, png).map_err(|e| CliError::file(&path, e))?;
        let rho = |r: Option<f64>| r.map(|v| v.to_string()).unwrap_or_default();
        rsa_rows.push([format!("l{n}"), "pixels".into(), rho(a.rsa_pixels)]);
        rsa_rows.push([format!("l{n}"), "labels".into(), rho(a.rsa_labels)]);
        for (m, &r) in a.rsa_layers.iter().enumerate().skip(n) {
            rsa_rows.push([format!("l{n}"), format!("l{}", m + 1), rho(r)]);
        }
        if !quiet {
            let at = |order: &str, f: f64| curve.iter().find(|p| p.order == order && p.fraction == f).and_then(|p| p.test_acc);
            eprintln!(
                "l{n}: RSA vs pixels {}  vs labels {}  lesion 50%: random {} most selective first {}",
                rho(a.rsa_pixels),
                rho(a.rsa_labels),
                fmt_acc(at("random", 0.5)),
                fmt_acc(at("most_selective_first", 0.5))
            );
        }
    }
    write_csv(&out.join("rsa.csv"), |w| {
        w.write_record(["a", "b", "rsa"])?;
        rsa_rows.iter().try_for_each(|r| w.write_record(r))
    })?;
    println!("wrote the analysis of {hidden} hidden layer(s) after {} steps to {}", exp.steps_done(), out.display());
    Ok(())
}

type CsvWriter = csv::Writer<std::io::BufWriter<std::fs::File>>;

fn write_csv(path: &Path, body: impl FnOnce(&mut CsvWriter) -> Result<(), csv::Error>) -> Result<(), CliError> {
    let file = std::fs::File::create(path).map_err(|e| CliError::file(path, e))?;
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
    body(&mut w).map_err(|e| CliError::file(path, e))?;
    w.flush().map_err(|e| CliError::file(path, e))
}

/// A square RDM with its conditions' names as header and row labels.
fn rdm_csv(w: &mut CsvWriter, corner: &str, names: &[usize], rdm: &Rdm) -> Result<(), csv::Error> {
    let mut header = vec![corner.to_string()];
    header.extend(names.iter().map(ToString::to_string));
    w.write_record(&header)?;
    for (i, name) in names.iter().enumerate() {
        let mut row = vec![name.to_string()];
        row.extend((0..rdm.size()).map(|j| rdm.get(i, j).to_string()));
        w.write_record(&row)?;
    }
    Ok(())
}

fn tuning_csv(w: &mut CsvWriter, a: &LayerAnalysis) -> Result<(), csv::Error> {
    w.write_record(["unit", "class", "mean", "sem"])?;
    for u in 0..a.units {
        for c in 0..10 {
            w.write_record([u.to_string(), c.to_string(), a.tuning.means.mean(c, u).to_string(), a.tuning.sem(c, u).to_string()])?;
        }
    }
    Ok(())
}

fn selectivity_csv(w: &mut CsvWriter, a: &LayerAnalysis) -> Result<(), csv::Error> {
    w.write_record(["unit", "index", "preferred", "lifetime_sparseness"])?;
    for u in 0..a.units {
        let s = a.lifetime_sparseness[u].map(|v| v.to_string()).unwrap_or_default();
        w.write_record([u.to_string(), a.selectivity.index[u].to_string(), a.selectivity.preferred[u].to_string(), s])?;
    }
    Ok(())
}
