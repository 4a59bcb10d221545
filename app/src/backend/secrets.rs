//! Passwords, tokens and one-time codes. Secrets never leave this module in clear except to
//! the person they belong to; the database holds only hashes.

use argon2::password_hash::{Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use data_encoding::{BASE32_NOPAD, BASE64URL_NOPAD, HEXLOWER};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};

use super::ServiceError;

/// OWASP's recommended Argon2id cost: 19 MiB, 2 passes, 1 lane; 32-byte output.
fn argon2_params() -> Result<Params, ServiceError> {
    Params::new(19 * 1024, 2, 1, Some(32))
        .map_err(|e| ServiceError::Unexpected(format!("argon2 params: {e}").into()))
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

/// Password hashing for one server process: at most `concurrency` Argon2 computations at a time
/// (two on this machine class), each in 19 MiB of working memory that is allocated once and
/// reused. Unbounded, a burst of sign-ins would starve every other request, and allocating the
/// memory per hash let glibc keep every freed block: 48 concurrent sign-ins left the server at
/// 880 MiB. Cheap to clone; one per `Backend`.
#[derive(Clone)]
pub struct Hasher(Arc<HasherInner>);

struct HasherInner {
    permits: tokio::sync::Semaphore,
    memory: Mutex<Vec<Vec<Block>>>,
    /// A hash of a random password: checking an unknown user's password against it costs the
    /// same as checking a real one, so timing does not tell who has an account.
    dummy: tokio::sync::OnceCell<String>,
    /// Password checks this process has run, for the throttling tests and the benchmark.
    verifications: std::sync::atomic::AtomicU64,
}

impl Default for Hasher {
    fn default() -> Self {
        Hasher::new(2)
    }
}

impl Hasher {
    pub fn new(concurrency: usize) -> Hasher {
        Hasher(Arc::new(HasherInner {
            permits: tokio::sync::Semaphore::new(concurrency.max(1)),
            memory: Mutex::new(Vec::new()),
            dummy: tokio::sync::OnceCell::new(),
            verifications: std::sync::atomic::AtomicU64::new(0),
        }))
    }

    /// How many password checks (`verify`) this hasher has run.
    pub fn verifications(&self) -> u64 {
        self.0
            .verifications
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Runs Argon2id on a blocking thread, within the concurrency limit.
    async fn argon2id(
        &self,
        params: Params,
        password: String,
        salt: Vec<u8>,
        out_len: usize,
    ) -> Result<Vec<u8>, ServiceError> {
        let _permit = self
            .0
            .permits
            .acquire()
            .await
            .map_err(|e| ServiceError::Unexpected(format!("hashing permit: {e}").into()))?;
        let inner = self.0.clone();
        tokio::task::spawn_blocking(move || {
            let blocks = params.block_count();
            let reused = inner
                .memory
                .lock()
                .ok()
                .and_then(|mut pool| pool.pop())
                .filter(|m| m.len() == blocks);
            let mut memory = reused.unwrap_or_else(|| vec![Block::default(); blocks]);
            let mut out = vec![0u8; out_len];
            let result = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
                .hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, &mut memory);
            if let Ok(mut pool) = inner.memory.lock() {
                pool.push(memory);
            }
            result
                .map(|()| out)
                .map_err(|e| ServiceError::Unexpected(format!("argon2: {e}").into()))
        })
        .await
        .map_err(|e| ServiceError::Unexpected(format!("hashing task: {e}").into()))?
    }

    /// Hashes a password as a standard PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
    pub async fn hash(&self, password: String) -> Result<String, ServiceError> {
        let params = argon2_params()?;
        let salt = SaltString::encode_b64(&random_bytes::<16>()).map_err(phc_error)?;
        let mut salt_bytes = [0u8; 64];
        let raw_salt = salt
            .decode_b64(&mut salt_bytes)
            .map_err(phc_error)?
            .to_vec();
        let out = self
            .argon2id(params.clone(), password, raw_salt, 32)
            .await?;
        let hash = PasswordHash {
            algorithm: argon2::ARGON2ID_IDENT,
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params).map_err(phc_error)?,
            salt: Some(Salt::from(&salt)),
            hash: Some(Output::new(&out).map_err(phc_error)?),
        };
        Ok(hash.to_string())
    }

    /// Checks a password against a stored hash, or against the dummy hash when there is none.
    /// Always does the same Argon2 work; returns false for the dummy.
    pub async fn verify(
        &self,
        password: String,
        stored: Option<String>,
    ) -> Result<bool, ServiceError> {
        self.0
            .verifications
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let real = stored.is_some();
        let stored = match stored {
            Some(h) => h,
            None => self
                .0
                .dummy
                .get_or_try_init(|| self.hash(BASE64URL_NOPAD.encode(&random_bytes::<24>())))
                .await?
                .clone(),
        };
        let parsed = PasswordHash::new(&stored).map_err(phc_error)?;
        if parsed.algorithm != argon2::ARGON2ID_IDENT {
            return Err(ServiceError::Unexpected(
                "stored hash is not argon2id".into(),
            ));
        }
        let params = Params::try_from(&parsed).map_err(phc_error)?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Err(ServiceError::Unexpected(
                "stored hash lacks salt or output".into(),
            ));
        };
        let mut salt_bytes = [0u8; 64];
        let raw_salt = salt
            .decode_b64(&mut salt_bytes)
            .map_err(phc_error)?
            .to_vec();
        let out = self
            .argon2id(params, password, raw_salt, expected.len())
            .await?;
        Ok(real && constant_time_eq_bytes(&out, expected.as_bytes()))
    }
}

fn phc_error(e: argon2::password_hash::Error) -> ServiceError {
    ServiceError::Unexpected(format!("password hash: {e}").into())
}

fn constant_time_eq_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A random token for a cookie or a link: 256 bits, URL-safe.
pub fn new_token() -> String {
    BASE64URL_NOPAD.encode(&random_bytes::<32>())
}

/// How tokens are stored: SHA-256, hex. Tokens have 256 bits of entropy, so no salt is needed.
pub fn token_hash(token: &str) -> String {
    HEXLOWER.encode(&Sha256::digest(token.as_bytes()))
}

pub fn sha256_hex(data: &[u8]) -> String {
    HEXLOWER.encode(&Sha256::digest(data))
}

/// A new TOTP secret: 160 bits, base32 as authenticator apps expect.
pub fn new_totp_secret() -> String {
    BASE32_NOPAD.encode(&random_bytes::<20>())
}

pub const TOTP_STEP_SECONDS: i64 = 30;

/// The secret as a TOTP generator of the `totp-rs` crate: RFC 6238 defaults (HMAC-SHA1,
/// 6 digits, 30-second steps), no skew of its own (`totp_match` chooses the steps).
fn totp(secret_base32: &str) -> Option<totp_rs::Totp> {
    let secret = totp_rs::Secret::try_from_base32(secret_base32.trim().to_uppercase()).ok()?;
    totp_rs::Builder::new()
        .with_secret(secret)
        .with_skew(0)
        .build()
        .ok()
}

fn step_start(step: i64) -> Option<u64> {
    u64::try_from(step.checked_mul(TOTP_STEP_SECONDS)?).ok()
}

/// The RFC 6238 code (HMAC-SHA1, 6 digits) of a secret for one 30-second step.
pub fn totp_code(secret_base32: &str, step: i64) -> Option<String> {
    Some(totp(secret_base32)?.generate(step_start(step)?).to_string())
}

/// The step a code matches, allowing one step of clock drift either way, and never a step at or
/// before `last_used` (a code works once). The comparison is the crate's (constant time).
pub fn totp_match(
    secret: &str,
    code: &str,
    unix_seconds: i64,
    last_used: Option<i64>,
) -> Option<i64> {
    let totp = totp(secret)?;
    let now = unix_seconds.div_euclid(TOTP_STEP_SECONDS);
    [now, now - 1, now + 1].into_iter().find(|&step| {
        last_used.is_none_or(|last| step > last)
            && step_start(step).is_some_and(|start| totp.check(code.trim(), start).is_some())
    })
}

/// Ten recovery codes, shown once as `xxxxx-xxxxx`; stored as hashes of the bare ten characters.
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..10)
        .map(|_| {
            let raw: String = random_bytes::<10>()
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
                .collect();
            format!("{}-{}", &raw[..5], &raw[5..])
        })
        .collect()
}

/// A new claim code, bare (`domain::claim_codes::group_claim_code` prints it): 12 letters of 32.
pub fn new_claim_code() -> String {
    use crate::domain::claim_codes::{CLAIM_CODE_ALPHABET, CLAIM_CODE_LEN};
    // 256 is a multiple of 32: every letter is equally likely.
    random_bytes::<CLAIM_CODE_LEN>()
        .iter()
        .map(|b| char::from(CLAIM_CODE_ALPHABET[usize::from(*b) % CLAIM_CODE_ALPHABET.len()]))
        .collect()
}

/// Groups a base32 secret by four for people typing it into an app.
pub fn group_secret(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The otpauth:// URI authenticator apps read from the QR code.
pub fn otpauth_uri(secret: &str, account: &str) -> String {
    let label = crate::domain::agencies::encode_component(&format!("Hanh Trang:{account}"));
    format!("otpauth://totp/{label}?secret={secret}&issuer=Hanh%20Trang&algorithm=SHA1&digits=6&period=30")
}

/// The QR code of `data` as an SVG document.
pub fn qr_svg(data: &str) -> Option<String> {
    let code = qrcode::QrCode::new(data.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totp_matches_every_sha1_vector_of_rfc_6238_appendix_b() {
        // The appendix's 8-digit codes; authenticator apps show their last 6 digits.
        let secret = BASE32_NOPAD.encode(b"12345678901234567890");
        for (time, code) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(
                totp_code(&secret, time / 30).as_deref(),
                Some(&code[2..]),
                "T = {time}"
            );
            assert_eq!(totp_match(&secret, &code[2..], time, None), Some(time / 30));
        }
    }

    #[test]
    fn a_wrong_or_malformed_totp_code_matches_no_step() {
        let secret = BASE32_NOPAD.encode(b"12345678901234567890");
        assert_eq!(totp_match(&secret, "287083", 59, None), None);
        assert_eq!(totp_match(&secret, "28708", 59, None), None);
        assert_eq!(totp_match(&secret, "abcdef", 59, None), None);
        assert_eq!(totp_match("not base32!", "287082", 59, None), None);
    }

    #[test]
    fn a_totp_code_is_accepted_once_within_the_drift_window() {
        // RFC 6238's secret: fixed, so no neighbouring step can share the code by chance.
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        let now = 1_800_000_000;
        let code = totp_code(secret, now / 30).unwrap();
        let step = totp_match(secret, &code, now, None).unwrap();
        assert_eq!(totp_match(secret, &code, now, Some(step)), None);
        // One step of clock drift either way: with a fresh last-used step, the same code still
        // matches its own step half a minute later or earlier, and once used it does not.
        assert_eq!(totp_match(secret, &code, now + 30, None), Some(step));
        assert_eq!(totp_match(secret, &code, now - 30, None), Some(step));
        assert_eq!(totp_match(secret, &code, now + 30, Some(step)), None);
        assert_eq!(totp_match(secret, &code, now + 95, None), None);
    }

    #[test]
    fn recovery_codes_are_ten_distinct_codes_of_the_parsed_shape() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), 10);
        for c in &codes {
            assert!(matches!(
                crate::domain::accounts::SecondFactor::parse(c),
                Ok(crate::domain::accounts::SecondFactor::Recovery(_))
            ));
        }
    }

    #[tokio::test]
    async fn hashes_are_standard_phc_strings_that_the_reference_implementation_accepts() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let hasher = Hasher::default();
        let ours = hasher.hash("hoa sen trong đầm".into()).await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default()
            .verify_password("hoa sen trong đầm".as_bytes(), &parsed)
            .is_ok());
        let salt = SaltString::encode_b64(b"sixteen byte slt").unwrap();
        let reference = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            argon2_params().unwrap(),
        );
        let theirs = reference
            .hash_password("mật khẩu khác".as_bytes(), &salt)
            .unwrap()
            .to_string();
        let verify = |p: &str, h: &str| hasher.verify(p.to_owned(), Some(h.to_owned()));
        assert!(verify("mật khẩu khác", &theirs).await.unwrap());
        assert!(!verify("mật khẩu khac", &theirs).await.unwrap());
    }

    #[tokio::test]
    async fn a_password_verifies_against_its_hash_and_nothing_verifies_against_no_hash() {
        let hasher = Hasher::new(1);
        let hash = hasher.hash("hoa sen trong đầm".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        let verify = |p: &str, h: Option<&str>| hasher.verify(p.to_owned(), h.map(str::to_owned));
        assert!(verify("hoa sen trong đầm", Some(&hash)).await.unwrap());
        assert!(!verify("hoa sen", Some(&hash)).await.unwrap());
        assert!(!verify("anything", None).await.unwrap());
    }
}
