//! Colour maps for drawing weights and images: a diverging map centred on zero (ColorBrewer's
//! 11-class RdBu, Brewer 2002, colorbrewer2.org: red for positive, blue for negative, near-white
//! for zero) and a grey ramp. Integer results by f64 interpolation and `libm::round`, so a
//! picture is byte-identical natively and in wasm.

/// RdBu, 11 classes, from its red end to its blue end; the middle class is the zero colour.
pub const RDBU: [[u8; 3]; 11] = [
    [103, 0, 31],
    [178, 24, 43],
    [214, 96, 77],
    [244, 165, 130],
    [253, 219, 199],
    [247, 247, 247],
    [209, 229, 240],
    [146, 197, 222],
    [67, 147, 195],
    [33, 102, 172],
    [5, 48, 97],
];

/// How a value becomes a colour, given the shared scale s > 0 of the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColourMap {
    /// t = clamp(v / s, −1, 1) placed at p = 10 (1 − t)/2 along `RDBU` and interpolated
    /// linearly between the two nearest classes: v = s is RDBU[0] (dark red), v = 0 RDBU[5],
    /// v = −s RDBU[10] (dark blue).
    Diverging,
    /// level = round(255 · clamp(v / s, 0, 1)): 0 black, s and above white.
    Grey,
}

impl ColourMap {
    /// The opaque RGBA colour of `value` at scale `scale`; a scale of 0 (an all-zero picture)
    /// draws every value as 0.
    pub fn rgba(self, value: f64, scale: f64) -> [u8; 4] {
        let t = if scale > 0.0 { value / scale } else { 0.0 };
        match self {
            ColourMap::Diverging => {
                let p = 10.0 * (1.0 - t.clamp(-1.0, 1.0)) / 2.0;
                let k = (libm::floor(p) as usize).min(9);
                let f = p - k as f64;
                let (a, b) = (RDBU[k], RDBU[k + 1]);
                let c = |i: usize| libm::round(f64::from(a[i]) + (f64::from(b[i]) - f64::from(a[i])) * f) as u8;
                [c(0), c(1), c(2), 255]
            }
            ColourMap::Grey => {
                let g = libm::round(255.0 * t.clamp(0.0, 1.0)) as u8;
                [g, g, g, 255]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_middle_and_an_interpolated_value() {
        let d = ColourMap::Diverging;
        assert_eq!(d.rgba(2.0, 2.0), [103, 0, 31, 255]);
        assert_eq!(d.rgba(5.0, 2.0), [103, 0, 31, 255], "clamped");
        assert_eq!(d.rgba(0.0, 2.0), [247, 247, 247, 255]);
        assert_eq!(d.rgba(-2.0, 2.0), [5, 48, 97, 255]);
        // v/s = 0.5: p = 2.5, halfway from (214, 96, 77) to (244, 165, 130): 229, 130.5, 103.5.
        assert_eq!(d.rgba(1.0, 2.0), [229, 131, 104, 255]);
        // v/s = −0.2: p = 6, exactly class 6.
        assert_eq!(d.rgba(-0.4, 2.0), [209, 229, 240, 255]);
        assert_eq!(d.rgba(3.0, 0.0), [247, 247, 247, 255]);
        assert_eq!(ColourMap::Grey.rgba(127.5, 255.0), [128, 128, 128, 255]);
        assert_eq!(ColourMap::Grey.rgba(-1.0, 255.0), [0, 0, 0, 255]);
    }
}
