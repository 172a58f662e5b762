//! Where the CLI finds Fashion-MNIST: a folder of IDX files, raw or gzipped, Debian's by
//! default.

use std::path::Path;

use crate::data::Dataset;
use crate::error::DataError;

/// Where Debian's `dataset-fashion-mnist` package puts the files.
pub const DEBIAN_DATA_DIR: &str = "/usr/share/datasets/fashion-mnist";

/// The IDX file names of (Fashion-)MNIST, without the optional `.gz`.
pub const FILES: [&str; 4] =
    ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

/// Reads `name.gz` or `name` from `dir`.
fn read_idx(dir: &Path, name: &str) -> Result<Vec<u8>, DataError> {
    for candidate in [dir.join(format!("{name}.gz")), dir.join(name)] {
        if candidate.is_file() {
            return std::fs::read(&candidate).map_err(|e| DataError::Io(format!("{}: {e}", candidate.display())));
        }
    }
    Err(DataError::Io(format!(
        "{name}(.gz) not found in {}: install Debian's dataset-fashion-mnist (make data) or pass --data DIR",
        dir.display()
    )))
}

/// Loads the training and test sets from a folder of IDX files.
pub fn load_data(dir: &Path) -> Result<(Dataset, Dataset), DataError> {
    let [train_images, train_labels, test_images, test_labels] = FILES.map(|f| read_idx(dir, f));
    let train = Dataset::from_idx("training", &train_images?, &train_labels?)?;
    let test = Dataset::from_idx("test", &test_images?, &test_labels?)?;
    Ok((train, test))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_data_is_a_clear_error() {
        let err = load_data(Path::new("/nonexistent/dir")).unwrap_err().to_string();
        assert!(err.contains("not found in /nonexistent/dir"), "{err}");
        assert!(err.contains("dataset-fashion-mnist"), "{err}");
    }
}
