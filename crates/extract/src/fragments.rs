//! The library's vocabulary (`patterns/fragments.toml`): named pieces of regex that text
//! patterns and row rules write as `{NAME}` instead of spelling the alternation out each time,
//! e.g. `{HS}` for `ho so|hs` or `{n}` for a number.
//!
//! A fragment is expanded wrapped in a non-capturing group, `(?:…)`, so `{HS}` stands where a
//! single word could and a quantifier after it applies to the whole fragment. A fragment may
//! use other fragments. Expansion happens once, when a pattern or row rule is compiled; a
//! `{NAME}` that names no fragment is an error. Braces that are not a name (`{0,6}`, `{3}`),
//! `\p{…}` classes and braces inside a character class are left alone.
//!
//! Fragments are written over the folded text (lower case, no diacritics, `đ` → `d`).

use std::collections::BTreeMap;

use serde::Deserialize;

/// One fragment as written in TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FragmentDef {
    /// The name used as `{name}`: letters, digits and `_`, not starting with a digit.
    pub name: String,
    /// What the fragment stands for.
    pub why: String,
    /// The regex it expands to (wrapped in `(?:…)`); no capture groups.
    pub regex: String,
}

/// The fragments file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FragmentFile {
    /// The fragments, in file order.
    #[serde(default)]
    pub fragment: Vec<FragmentDef>,
}

/// The parsed vocabulary, by name.
#[derive(Debug, Clone, Default)]
pub struct Fragments {
    by_name: BTreeMap<String, String>,
}

/// True for a fragment name: `[A-Za-z_][A-Za-z0-9_]*`.
fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Fragments {
    /// Parses `fragments.toml` and checks every fragment: a valid name, a non-empty `why`, no
    /// duplicate, and an expansion that is a valid regex without capture groups.
    pub fn parse(toml_text: &str) -> Result<Fragments, String> {
        let file: FragmentFile = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        Fragments::from_defs(&file.fragment)
    }

    /// Builds the vocabulary from parsed definitions (see [`Fragments::parse`]).
    pub fn from_defs(defs: &[FragmentDef]) -> Result<Fragments, String> {
        let mut by_name = BTreeMap::new();
        for d in defs {
            if !is_name(&d.name) {
                return Err(format!("fragment name `{}` is not a name", d.name));
            }
            if d.why.trim().is_empty() {
                return Err(format!("fragment {{{}}}: `why` is empty", d.name));
            }
            if by_name.insert(d.name.clone(), d.regex.clone()).is_some() {
                return Err(format!("duplicate fragment {{{}}}", d.name));
            }
        }
        let fragments = Fragments { by_name };
        for name in fragments.by_name.keys() {
            let re = fragments
                .expand(&format!("{{{name}}}"))
                .and_then(|x| regex::Regex::new(&x).map_err(|e| e.to_string()))
                .map_err(|e| format!("fragment {{{name}}}: {e}"))?;
            if re.captures_len() > 1 {
                return Err(format!(
                    "fragment {{{name}}}: capture groups are not allowed"
                ));
            }
        }
        Ok(fragments)
    }

    /// The fragment names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(String::as_str)
    }

    /// Number of fragments.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// Replaces every `{NAME}` in a regex by its fragment, wrapped in `(?:…)`.
    pub fn expand(&self, regex: &str) -> Result<String, String> {
        let mut out = String::with_capacity(regex.len() * 2);
        self.expand_into(regex, &mut out, &mut Vec::new())?;
        Ok(out)
    }

    fn expand_into<'a>(
        &'a self,
        src: &str,
        out: &mut String,
        stack: &mut Vec<&'a str>,
    ) -> Result<(), String> {
        let mut class_depth = 0usize;
        let mut rest = src;
        while let Some(c) = rest.chars().next() {
            let len = c.len_utf8();
            match c {
                '\\' => {
                    // An escape, with `\p{…}`/`\P{…}` copied whole.
                    let mut end = len;
                    if let Some(n) = rest[end..].chars().next() {
                        end += n.len_utf8();
                        if matches!(n, 'p' | 'P')
                            && rest[end..].starts_with('{')
                            && let Some(close) = rest[end..].find('}')
                        {
                            end += close + 1;
                        }
                    }
                    out.push_str(&rest[..end]);
                    rest = &rest[end..];
                    continue;
                }
                '[' => {
                    class_depth += 1;
                    out.push('[');
                    rest = &rest[len..];
                    // A `]` right after `[` or `[^` is a literal.
                    if class_depth == 1 {
                        if let Some(r) = rest.strip_prefix('^') {
                            out.push('^');
                            rest = r;
                        }
                        if let Some(r) = rest.strip_prefix(']') {
                            out.push(']');
                            rest = r;
                        }
                    }
                    continue;
                }
                ']' if class_depth > 0 => class_depth -= 1,
                '{' if class_depth == 0 => {
                    if let Some(close) = rest.find('}') {
                        let name = &rest[1..close];
                        if is_name(name) {
                            let Some((key, body)) = self.by_name.get_key_value(name) else {
                                return Err(format!("unknown fragment {{{name}}}"));
                            };
                            if stack.contains(&key.as_str()) {
                                return Err(format!("fragment {{{name}}} uses itself"));
                            }
                            stack.push(key);
                            out.push_str("(?:");
                            self.expand_into(body, out, stack)?;
                            out.push(')');
                            stack.pop();
                            rest = &rest[close + 1..];
                            continue;
                        }
                    }
                }
                _ => {}
            }
            out.push(c);
            rest = &rest[len..];
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Fragments {
        Fragments::parse(
            r#"
            [[fragment]]
            name = "HS"
            why = "hồ sơ"
            regex = 'ho so|hs'
            [[fragment]]
            name = "n"
            why = "a number"
            regex = '\d+(?:[.,]\d+)*'
            [[fragment]]
            name = "HS_N"
            why = "nested"
            regex = '{n} {HS}'
            "#,
        )
        .unwrap()
    }

    #[test]
    fn expands_names_and_leaves_other_braces() {
        let v = vocab();
        assert_eq!(
            v.expand(r"(?P<v>{n}) {HS}(?: \w+){0,6}? \p{L}[{n}]")
                .unwrap(),
            r"(?P<v>(?:\d+(?:[.,]\d+)*)) (?:ho so|hs)(?: \w+){0,6}? \p{L}[{n}]"
        );
        assert_eq!(
            v.expand("{HS_N}").unwrap(),
            r"(?:(?:\d+(?:[.,]\d+)*) (?:ho so|hs))"
        );
        assert_eq!(v.len(), 3);
    }

    #[test]
    fn unknown_names_cycles_and_groups_are_errors() {
        let v = vocab();
        assert_eq!(v.expand("{TTHC} x").unwrap_err(), "unknown fragment {TTHC}");
        let cyc = Fragments::parse("[[fragment]]\nname = \"A\"\nwhy = \"w\"\nregex = 'a|{A}'\n");
        assert!(cyc.unwrap_err().contains("uses itself"));
        let grp = Fragments::parse("[[fragment]]\nname = \"A\"\nwhy = \"w\"\nregex = '(?P<x>a)'\n");
        assert!(grp.unwrap_err().contains("capture groups"));
    }
}
