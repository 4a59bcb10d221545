//! Claim codes: what an agency prints for a worker it registered, so the worker's own account
//! can take the record over. Their letters, how they are read as typed, and how they are printed.

use super::forms::Problem;

/// The letters of a claim code: no 0/O, 1/I, so one read aloud or copied by hand is not misread.
pub const CLAIM_CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// How many letters a claim code has: 12 of 32, 60 bits.
pub const CLAIM_CODE_LEN: usize = 12;

/// A claim code as typed (`ABCD-EFGH-JKLM`, any case, with or without dashes or spaces), in
/// its bare form; `Problem::Code` when it cannot be one.
pub fn parse_claim_code(input: &str) -> Result<String, Problem> {
    let bare: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid =
        bare.len() == CLAIM_CODE_LEN && bare.bytes().all(|b| CLAIM_CODE_ALPHABET.contains(&b));
    if valid {
        Ok(bare)
    } else {
        Err(Problem::Code)
    }
}

/// A bare claim code grouped by four for printing.
pub fn group_claim_code(bare: &str) -> String {
    bare.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_code_is_read_however_it_is_spaced_or_cased_and_nothing_else_is() {
        assert_eq!(
            parse_claim_code(" abcd-efgh jkm2 ").as_deref(),
            Ok("ABCDEFGHJKM2")
        );
        assert_eq!(group_claim_code("ABCDEFGHJKM2"), "ABCD-EFGH-JKM2");
        assert_eq!(parse_claim_code("ABCD-EFGH-JKM"), Err(Problem::Code));
        assert_eq!(
            parse_claim_code("ABCD-EFGH-JKM0"),
            Err(Problem::Code),
            "no zero"
        );
        assert_eq!(
            parse_claim_code("ABCD-EFGH-JKMI"),
            Err(Problem::Code),
            "no I"
        );
    }
}
