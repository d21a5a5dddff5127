//! Numbers written the Vietnamese way: `.` groups thousands (`2.252`, `8.066.841.050`), `,` is
//! the decimal mark (`99,8`, `26,6 %`), yet `26.09` and `3.5` are decimals; leading zeros
//! (`08`) are plain integers. Money is converted to the catalogue's unit (million VND).

/// Parses one number token. Returns `None` for anything that is not a number.
pub fn parse_number(token: &str) -> Option<f64> {
    let t = token.trim().trim_end_matches(['%', '.', ',', ' ']);
    let t = t.trim_start_matches('+');
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    if !t.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    let dots = t.matches('.').count();
    let commas = t.matches(',').count();
    let plain: String = match (dots, commas) {
        (0, 0) => t.to_string(),
        (_, 0) => {
            if thousands_groups(t, '.') {
                t.replace('.', "")
            } else if dots == 1 {
                t.to_string()
            } else {
                return None;
            }
        }
        (0, _) => {
            if commas > 1 && thousands_groups(t, ',') {
                t.replace(',', "")
            } else if commas == 1 {
                t.replace(',', ".")
            } else {
                return None;
            }
        }
        _ => {
            // Both: the later separator is the decimal mark.
            let last_dot = t.rfind('.')?;
            let last_comma = t.rfind(',')?;
            if last_comma > last_dot {
                if commas != 1 {
                    return None;
                }
                t.replace('.', "").replace(',', ".")
            } else {
                if dots != 1 {
                    return None;
                }
                t.replace(',', "")
            }
        }
    };
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// True when every group after the first has exactly three digits (`1.234.567`).
fn thousands_groups(t: &str, sep: char) -> bool {
    let mut parts = t.split(sep);
    let Some(first) = parts.next() else {
        return false;
    };
    if first.is_empty() || first.len() > 3 {
        return false;
    }
    let mut n = 0;
    for p in parts {
        if p.len() != 3 {
            return false;
        }
        n += 1;
    }
    n > 0
}

/// The unit a money amount is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MoneyUnit {
    /// đồng
    Dong,
    /// nghìn đồng
    Nghin,
    /// triệu đồng
    Trieu,
    /// tỷ đồng
    Ty,
}

/// Converts an amount to million VND, the catalogue's money unit.
pub fn to_million_vnd(value: f64, unit: MoneyUnit) -> f64 {
    match unit {
        MoneyUnit::Dong => value / 1_000_000.0,
        MoneyUnit::Nghin => value / 1_000.0,
        MoneyUnit::Trieu => value,
        MoneyUnit::Ty => value * 1_000.0,
    }
}

/// Finds the unit word following an amount in folded text (`dong`, `trieu dong`, `ty dong`).
pub fn money_unit_after(folded_tail: &str) -> Option<MoneyUnit> {
    let t = folded_tail.trim_start();
    if t.starts_with("trieu") {
        Some(MoneyUnit::Trieu)
    } else if t.starts_with("ty") {
        Some(MoneyUnit::Ty)
    } else if t.starts_with("nghin") || t.starts_with("ngan") {
        Some(MoneyUnit::Nghin)
    } else if t.starts_with("dong") || t.starts_with("d ") || t == "d" {
        Some(MoneyUnit::Dong)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_conventions() {
        assert_eq!(parse_number("2.252"), Some(2252.0));
        assert_eq!(parse_number("8.066.841.050"), Some(8_066_841_050.0));
        assert_eq!(parse_number("99,8"), Some(99.8));
        assert_eq!(parse_number("26,6 %"), Some(26.6));
        assert_eq!(parse_number("08"), Some(8.0));
        assert_eq!(parse_number("1.451"), Some(1451.0));
        assert_eq!(parse_number("100%"), Some(100.0));
    }

    #[test]
    fn english_style_decimals_stay_decimals() {
        assert_eq!(parse_number("26.09"), Some(26.09));
        assert_eq!(parse_number("3.5"), Some(3.5));
        assert_eq!(parse_number("1.234,5"), Some(1234.5));
        assert_eq!(parse_number("1,234,567"), Some(1_234_567.0));
    }

    #[test]
    fn not_numbers() {
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("1.2.3"), None);
        assert_eq!(parse_number(".5"), None);
    }

    #[test]
    fn money_goes_to_million_vnd() {
        let v = parse_number("8.066.841.050").unwrap();
        assert!((to_million_vnd(v, MoneyUnit::Dong) - 8066.84105).abs() < 1e-9);
        assert_eq!(to_million_vnd(3.5, MoneyUnit::Ty), 3500.0);
        assert_eq!(money_unit_after(" trieu dong"), Some(MoneyUnit::Trieu));
    }
}
