//! Why an artifact was refused.

/// Why [`Model::from_bytes`](crate::Model::from_bytes) refused an artifact.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The input does not start with `MFLM`.
    #[error(
        "This is not a Modelfund tinylm artifact: it does not start with the magic bytes MFLM."
    )]
    BadMagic,

    /// A format version this crate cannot read.
    #[error(
        "The artifact has format version {found}, but this runtime reads version {supported} only."
    )]
    UnsupportedVersion { found: u16, supported: u16 },

    /// The input ends before a field.
    #[error("The artifact is truncated: it ends before the {what} at byte {offset}.")]
    Truncated { what: &'static str, offset: usize },

    /// The trailing sha256 does not match the bytes before it.
    #[error("The artifact is corrupted: its checksum does not match its contents.")]
    ChecksumMismatch,

    /// A varint longer than 32 bits or not in its shortest form.
    #[error("The artifact has a malformed number for the {what} at byte {offset}.")]
    BadVarint { what: &'static str, offset: usize },

    /// A count or length above the format's bound.
    #[error("The artifact's {what} is {count}, above the limit of {max}.")]
    TooLarge {
        what: &'static str,
        count: u64,
        max: u64,
    },

    /// The name is not UTF-8 or holds control characters.
    #[error("The artifact's model name is not UTF-8 text without control characters.")]
    InvalidName,

    /// A vocabulary entry breaks a rule.
    #[error("Vocabulary entry {index} of the artifact is invalid: {reason}.")]
    InvalidVocabulary { index: usize, reason: &'static str },

    /// The n-gram trie breaks a rule.
    #[error("Node {node} of the artifact's n-gram trie is invalid: {reason}.")]
    InvalidTrie { node: usize, reason: &'static str },

    /// Bytes left between the trie and the checksum.
    #[error("The artifact has {count} unexpected bytes after its n-gram trie.")]
    TrailingBytes { count: usize },
}
