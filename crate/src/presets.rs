//! Named experiments that reproduce the coursework's figures: each is a set of runs shown
//! together.

use serde::Serialize;

use crate::config::{Config, Convention};

#[derive(Debug, Clone, Serialize)]
pub struct PresetRun {
    pub label: String,
    pub config: Config,
}

#[derive(Debug, Clone, Serialize)]
pub struct Preset {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub runs: Vec<PresetRun>,
}

/// Hidden sizes of the coursework's Figure 2 sweep.
pub const FIG2_HIDDEN: [usize; 4] = [15, 30, 60, 120];

fn fig2() -> Preset {
    Preset {
        id: "fig2",
        title: "Figure 2: learning curves for hidden sizes 15, 30, 60 and 120",
        description: "Four one-hidden-layer sigmoid networks, trained side by side on the first 10,000 \
            Fashion-MNIST training images with the coursework's convention: raw pixels 0..255, squared \
            error summed over the batch, learning rate 5e-6, batch 100, weights N(0, 0.01). With inputs \
            this large most hidden units start saturated, so learning is slow at first. Watch the test \
            curves separate: at equal learning rate the wider networks reach a lower loss and a higher \
            accuracy sooner, ending in the order 120 > 60 > 30 > 15.",
        runs: FIG2_HIDDEN
            .iter()
            .map(|&h| PresetRun {
                label: format!("hidden {h}"),
                config: Config { hidden: vec![h], ..Config::defaults(Convention::Coursework) },
            })
            .collect(),
    }
}

/// Every preset, in menu order.
pub fn all() -> Vec<Preset> {
    vec![fig2()]
}

/// The preset with this id.
pub fn find(id: &str) -> Option<Preset> {
    all().into_iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_valid() {
        for p in all() {
            assert!(!p.runs.is_empty());
            for r in &p.runs {
                r.config.validate().unwrap();
            }
        }
        let f = find("fig2").unwrap();
        assert_eq!(f.runs.iter().map(|r| r.config.hidden[0]).collect::<Vec<_>>(), FIG2_HIDDEN);
        assert!(find("nope").is_none());
    }
}
