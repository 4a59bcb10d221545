//! Folding Vietnamese text for search, so that "Ha Noi" finds "Hà Nội".

use unicode_normalization::UnicodeNormalization;

/// Lower-cases, strips diacritics (đ becomes d) and turns every run of characters that are not
/// letters or digits into one space. The result is ASCII for Vietnamese input and safe inside a
/// SQL `LIKE` pattern (it never holds `%` or `_`).
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for c in input.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c => c,
        };
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// The words of a search, folded; each must appear for a record to match.
pub fn search_terms(query: &str) -> Vec<String> {
    fold(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folding_removes_vietnamese_accents_and_case() {
        assert_eq!(fold("Hà Nội"), "ha noi");
        assert_eq!(fold("ĐÀ NẴNG"), "da nang");
        assert_eq!(fold("Thừa Thiên Huế"), "thua thien hue");
        assert_eq!(fold("Nguyễn Thị Ánh Tuyết"), "nguyen thi anh tuyet");
    }

    #[test]
    fn folding_turns_punctuation_into_single_spaces() {
        assert_eq!(fold("123/2021/LĐTBXH-GP"), "123 2021 ldtbxh gp");
        assert_eq!(fold("  Sao   Mai, JSC. "), "sao mai jsc");
        assert_eq!(fold("50%_off"), "50 off");
    }

    #[test]
    fn search_terms_split_the_query_into_folded_words() {
        assert_eq!(search_terms(" Hà  nội "), vec!["ha", "noi"]);
        assert!(search_terms(" -- ").is_empty());
    }

    proptest! {
        #[test]
        fn folded_text_never_holds_like_wildcards_or_upper_case(s in "\\PC*") {
            let f = fold(&s);
            prop_assert!(!f.contains('%') && !f.contains('_'));
            prop_assert!(!f.starts_with(' ') && !f.ends_with(' '));
            prop_assert!(!f.contains("  "));
            prop_assert_eq!(f.to_lowercase(), f.clone());
            prop_assert_eq!(fold(&f), f.clone());
        }
    }
}
