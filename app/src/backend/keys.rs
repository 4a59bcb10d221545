//! The server's own keys, from its configuration (`SECRET_KEY`, and `SECRET_KEY_PREVIOUS` while
//! a rotation is under way). They seal the audit trail (HMAC-SHA256) and encrypt TOTP secrets
//! (XChaCha20-Poly1305), and are never written to the database: someone who can write to the
//! database alone can neither forge an audit row nor read a second factor.
//!
//! One configured secret gives one key id and two keys, each derived for its own purpose, so a
//! key that seals audit rows is never also an encryption key.

use std::sync::Arc;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use data_encoding::{BASE64URL_NOPAD, HEXLOWER};
use hmac::{Hmac, Mac};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The shortest secret accepted: 256 bits.
pub const MIN_SECRET_BYTES: usize = 32;

/// What a stored, encrypted value starts with: its format's version.
const SEALED_PREFIX: &str = "v1.";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("a secret key must be at least {MIN_SECRET_BYTES} bytes, written in hex or base64url")]
    Malformed,
    #[error("two of the configured secret keys are the same")]
    Repeated,
    #[error("the value is not in the sealed format")]
    NotSealed,
    #[error("the value was sealed with key {0}, which is not configured")]
    UnknownKey(String),
    #[error("the value does not open with its key: changed, or sealed for another record")]
    Tampered,
}

#[derive(Clone)]
struct Key {
    id: String,
    audit: [u8; 32],
    encryption: [u8; 32],
    throttle: [u8; 32],
}

/// The current key (that seals everything new) and the previous ones (that still open and
/// verify what they sealed). Cheap to clone.
#[derive(Clone)]
pub struct Keys(Arc<Inner>);

struct Inner {
    current: Key,
    previous: Vec<Key>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the keys themselves.
        f.debug_struct("Keys")
            .field("current", &self.0.current.id)
            .field(
                "previous",
                &self.0.previous.iter().map(|k| &k.id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC takes a key of any length; the error case cannot happen.
    let Ok(mut mac) = <HmacSha256 as Mac>::new_from_slice(key) else {
        return [0; 32];
    };
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn decode_secret(text: &str) -> Result<Vec<u8>, KeyError> {
    let text = text.trim();
    let bytes = HEXLOWER
        .decode(text.to_ascii_lowercase().as_bytes())
        .or_else(|_| BASE64URL_NOPAD.decode(text.trim_end_matches('=').as_bytes()))
        .map_err(|_| KeyError::Malformed)?;
    if bytes.len() < MIN_SECRET_BYTES {
        return Err(KeyError::Malformed);
    }
    Ok(bytes)
}

impl Key {
    fn from_secret(secret: &[u8]) -> Key {
        Key {
            id: HEXLOWER.encode(&hmac(secret, b"hanh-trang key id v1")[..8]),
            audit: hmac(secret, b"hanh-trang audit seal v1"),
            encryption: hmac(secret, b"hanh-trang encryption v1"),
            throttle: hmac(secret, b"hanh-trang throttle v1"),
        }
    }
}

impl Keys {
    /// The keys from their configured text: the current secret and, during a rotation, the
    /// previous ones.
    pub fn parse(current: &str, previous: &[&str]) -> Result<Keys, KeyError> {
        let current = Key::from_secret(&decode_secret(current)?);
        let previous = previous
            .iter()
            .map(|p| decode_secret(p).map(|s| Key::from_secret(&s)))
            .collect::<Result<Vec<_>, _>>()?;
        let mut ids: Vec<&str> = previous.iter().map(|k| k.id.as_str()).collect();
        ids.push(&current.id);
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Err(KeyError::Repeated);
        }
        Ok(Keys(Arc::new(Inner { current, previous })))
    }

    /// A new random secret, in the text `parse` reads (for `server key new` and the demo).
    pub fn new_secret() -> String {
        let mut bytes = [0u8; MIN_SECRET_BYTES];
        OsRng.fill_bytes(&mut bytes);
        BASE64URL_NOPAD.encode(&bytes)
    }

    /// Keys from a fresh random secret: for tests and tools that keep nothing.
    pub fn random() -> Keys {
        match Keys::parse(&Keys::new_secret(), &[]) {
            Ok(keys) => keys,
            // A fresh secret always parses; this arm only satisfies the type.
            Err(_) => Keys(Arc::new(Inner {
                current: Key::from_secret(&[7; MIN_SECRET_BYTES]),
                previous: Vec::new(),
            })),
        }
    }

    /// The id of the key that seals everything new.
    pub fn current_id(&self) -> &str {
        &self.0.current.id
    }

    fn find(&self, id: &str) -> Option<&Key> {
        std::iter::once(&self.0.current)
            .chain(&self.0.previous)
            .find(|k| k.id == id)
    }

    /// The audit seal (HMAC-SHA256, hex) of `data` under the key `key_id`, if that key is here.
    /// A counter's key for `data` (an address, a contact) that nobody without the secret can
    /// turn back into it, the way a plain hash of an IPv4 address can be in minutes.
    pub fn throttle_key(&self, data: &str) -> String {
        HEXLOWER.encode(&hmac(&self.0.current.throttle, data.as_bytes())[..16])
    }

    pub fn audit_seal(&self, key_id: &str, data: &[u8]) -> Option<String> {
        self.find(key_id)
            .map(|k| HEXLOWER.encode(&hmac(&k.audit, data)))
    }

    /// Whether `seal` is the audit seal of `data` under `key_id`, compared in constant time.
    pub fn audit_seal_matches(&self, key_id: &str, data: &[u8], seal: &str) -> Option<bool> {
        let key = self.find(key_id)?;
        let Ok(mut mac) = <HmacSha256 as Mac>::new_from_slice(&key.audit) else {
            return Some(false);
        };
        mac.update(data);
        let Ok(expected) = HEXLOWER.decode(seal.as_bytes()) else {
            return Some(false);
        };
        Some(mac.verify_slice(&expected).is_ok())
    }

    /// Encrypts `plaintext` for one place (`context`, e.g. `users.totp_secret:42`): the value
    /// opens only there, so a sealed value copied onto another row does not open.
    pub fn seal(&self, context: &str, plaintext: &str) -> String {
        let key = &self.0.current;
        let cipher = XChaCha20Poly1305::new((&key.encryption).into());
        let mut nonce = [0u8; 24];
        OsRng.fill_bytes(&mut nonce);
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad: context.as_bytes(),
        };
        // Encryption into memory fails only past the algorithm's length limit (256 GiB).
        let ciphertext = cipher
            .encrypt(XNonce::from_slice(&nonce), payload)
            .unwrap_or_default();
        format!(
            "{SEALED_PREFIX}{}.{}.{}",
            key.id,
            BASE64URL_NOPAD.encode(&nonce),
            BASE64URL_NOPAD.encode(&ciphertext)
        )
    }

    /// Opens what `seal` made for the same context; any other value is an error, never taken
    /// as it is.
    pub fn open(&self, context: &str, sealed: &str) -> Result<String, KeyError> {
        let rest = sealed
            .strip_prefix(SEALED_PREFIX)
            .ok_or(KeyError::NotSealed)?;
        let mut parts = rest.split('.');
        let (Some(id), Some(nonce), Some(ciphertext), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(KeyError::NotSealed);
        };
        let key = self
            .find(id)
            .ok_or_else(|| KeyError::UnknownKey(id.to_owned()))?;
        let nonce = BASE64URL_NOPAD
            .decode(nonce.as_bytes())
            .map_err(|_| KeyError::NotSealed)?;
        let ciphertext = BASE64URL_NOPAD
            .decode(ciphertext.as_bytes())
            .map_err(|_| KeyError::NotSealed)?;
        if nonce.len() != 24 {
            return Err(KeyError::NotSealed);
        }
        let cipher = XChaCha20Poly1305::new((&key.encryption).into());
        let plain = cipher
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| KeyError::Tampered)?;
        String::from_utf8(plain).map_err(|_| KeyError::Tampered)
    }

    /// Whether a stored value is sealed with the current key (else it needs sealing anew).
    pub fn is_sealed_with_current(&self, stored: &str) -> bool {
        stored
            .strip_prefix(SEALED_PREFIX)
            .and_then(|rest| rest.split('.').next())
            .is_some_and(|id| id == self.0.current.id)
    }
}

/// Whether a stored value is in the sealed format at all (a value from before encryption is not).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(SEALED_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_in_its_own_context_and_only_unchanged() {
        let keys = Keys::random();
        let sealed = keys.seal("users.totp_secret:1", "JBSWY3DPEHPK3PXP");
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(
            keys.open("users.totp_secret:1", &sealed).as_deref(),
            Ok("JBSWY3DPEHPK3PXP")
        );
        assert_eq!(
            keys.open("users.totp_secret:2", &sealed),
            Err(KeyError::Tampered)
        );
        // One character of the ciphertext changed: its first, whose bits are all data (the last
        // character's spare bits would make it an encoding error instead, now and then).
        let mut changed = sealed.clone().into_bytes();
        let at = sealed.rfind('.').unwrap_or_default() + 1;
        changed[at] = if changed[at] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(changed).unwrap_or_default();
        assert_eq!(
            keys.open("users.totp_secret:1", &changed),
            Err(KeyError::Tampered)
        );
        assert_eq!(
            keys.open("users.totp_secret:1", "JBSWY3DPEHPK3PXP"),
            Err(KeyError::NotSealed)
        );
    }

    #[test]
    fn another_key_opens_nothing_and_a_previous_key_still_opens_what_it_sealed() {
        let old_secret = Keys::new_secret();
        let old = Keys::parse(&old_secret, &[]).unwrap_or_else(|_| Keys::random());
        let sealed = old.seal("c", "secret");
        let other = Keys::random();
        assert!(matches!(
            other.open("c", &sealed),
            Err(KeyError::UnknownKey(_))
        ));
        let rotated = Keys::parse(&Keys::new_secret(), &[old_secret.as_str()])
            .unwrap_or_else(|_| Keys::random());
        assert_eq!(rotated.open("c", &sealed).as_deref(), Ok("secret"));
        assert!(!rotated.is_sealed_with_current(&sealed));
        assert!(rotated.is_sealed_with_current(&rotated.seal("c", "secret")));
    }

    #[test]
    fn short_malformed_or_repeated_secrets_are_refused() {
        assert_eq!(Keys::parse("abcd", &[]).err(), Some(KeyError::Malformed));
        assert_eq!(
            Keys::parse("not a key at all, though long enough to be one", &[]).err(),
            Some(KeyError::Malformed)
        );
        let secret = Keys::new_secret();
        assert_eq!(
            Keys::parse(&secret, &[secret.as_str()]).err(),
            Some(KeyError::Repeated)
        );
        let hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        assert!(Keys::parse(hex, &[]).is_ok());
    }

    #[test]
    fn an_audit_seal_matches_only_its_data_and_its_key() {
        let keys = Keys::random();
        let id = keys.current_id().to_owned();
        let seal = keys.audit_seal(&id, b"row").unwrap_or_default();
        assert_eq!(keys.audit_seal_matches(&id, b"row", &seal), Some(true));
        assert_eq!(keys.audit_seal_matches(&id, b"row!", &seal), Some(false));
        assert_eq!(
            Keys::random().audit_seal_matches(&id, b"row", &seal),
            None,
            "a key id this server does not hold"
        );
    }
}
