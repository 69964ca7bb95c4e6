//! Draws the benchmarks' ratios as bars: one row per measured function, grouped by benchmark,
//! each bar its median divided by the median of the group's floor, measured in the same run.

use std::error::Error;
use std::path::{Path, PathBuf};

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One bar.
struct Row {
    group: String,
    function: String,
    ratio: f64,
    floor: bool,
}

const ROW: i32 = 26;
const LABEL: i32 = 330;
const BAR: i32 = 520;
const TOP: i32 = 50;

fn main() -> Result<(), Box<dyn Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize()?;
    let dir = root.join("benches/results");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e} (run the benchmarks first)", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut rows = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path)?;
        let record: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let group = record["group"].as_str().ok_or_else(|| format!("{}: no group", path.display()))?;
        let floor = record["floor"].as_str().unwrap_or_default();
        for result in record["results"].as_array().into_iter().flatten() {
            let function = result["function"].as_str().unwrap_or_default();
            let ratio = result["ratio"].as_f64().ok_or_else(|| format!("{}: {function}: no ratio", path.display()))?;
            rows.push(Row { group: group.to_owned(), function: function.to_owned(), ratio, floor: function == floor });
        }
    }
    if rows.is_empty() {
        return Err(format!("{}: no results (run the benchmarks first)", dir.display()).into());
    }

    let groups = rows.windows(2).filter(|w| w[0].group != w[1].group).count() as i32 + 1;
    let height = TOP + (rows.len() as i32) * ROW + groups * 12 + 30;
    let out = dir.join("ratios.svg");
    let area = SVGBackend::new(&out, (LABEL as u32 + BAR as u32 + 90, height as u32)).into_drawing_area();
    area.fill(&WHITE)?;
    let title = ("sans-serif", 17).into_font().style(FontStyle::Bold);
    area.draw_text(
        "Median time ÷ the floor's median, measured in the same run (log scale; shorter is faster)",
        &title.into(),
        (10, 12),
    )?;

    // A log scale, so that a 2× gap looks the same at 1× as at 30×: ratios of parsing and of
    // generating differ by an order of magnitude.
    let max = rows.iter().map(|r| r.ratio).fold(1.0_f64, f64::max);
    let low = rows.iter().map(|r| r.ratio * 0.8).fold(0.5_f64, f64::min).max(1e-3);
    let scale = |ratio: f64| LABEL + ((ratio.max(low) / low).ln() / (max / low).ln() * f64::from(BAR)) as i32;
    let text = ("sans-serif", 13).into_font();
    let right = TextStyle::from(text.clone()).pos(Pos::new(HPos::Right, VPos::Center));
    let left = TextStyle::from(text.clone()).pos(Pos::new(HPos::Left, VPos::Center));
    let mut y = TOP;
    let mut previous: Option<&str> = None;
    for row in &rows {
        if previous != Some(&row.group) {
            if previous.is_some() {
                y += 12;
            }
            previous = Some(&row.group);
        }
        let color = if row.floor { RGBColor(160, 160, 160) } else { RGBColor(54, 110, 190) };
        area.draw(&Rectangle::new([(LABEL, y + 3), (scale(row.ratio), y + ROW - 3)], color.filled()))?;
        area.draw_text(&format!("{}  {}", row.group, row.function), &right, (LABEL - 8, y + ROW / 2))?;
        area.draw_text(&format!("{:.2}×", row.ratio), &left, (scale(row.ratio) + 6, y + ROW / 2))?;
        y += ROW;
    }
    // The floor's line: 1×.
    area.draw(&PathElement::new(vec![(scale(1.0), TOP - 4), (scale(1.0), y + 4)], BLACK.stroke_width(1)))?;
    area.present()?;
    println!("{}", out.display());
    Ok(())
}
