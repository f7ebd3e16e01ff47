//! The tokenizer (fixed by the artifact format version) and the inverse that joins tokens.
//!
//! A token is one of:
//! - a **word**: a run of alphanumeric characters or `_`, which may continue across one `'`,
//!   `’` or `-` between two such characters (`model's`, `cw-multi-test`), and across one `.` or
//!   `,` between two ASCII digits (`2.3`, `1,000`);
//! - a **paragraph break** ([`PARA`]): a run of whitespace holding two or more newlines;
//! - any other non-whitespace character on its own (`.`, `(`, `:`, …).
//!
//! Other whitespace separates tokens and is not a token.

/// The paragraph-break token.
pub(crate) const PARA: &str = "\n\n";

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|rest| rest.chars().next())
}

/// Calls `emit` with every token of `text`, in order.
pub(crate) fn for_each_token<'a>(text: &'a str, mut emit: impl FnMut(&'a str)) {
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if c.is_whitespace() {
            let mut newlines = 0u32;
            while let Some(w) = char_at(text, i).filter(|w| w.is_whitespace()) {
                newlines += u32::from(w == '\n');
                i += w.len_utf8();
            }
            if newlines >= 2 {
                emit(PARA);
            }
        } else if is_word_char(c) {
            let end = word_end(text, i, c);
            emit(&text[i..end]);
            i = end;
        } else {
            let end = i + c.len_utf8();
            emit(&text[i..end]);
            i = end;
        }
    }
}

/// The end (byte offset) of the word that starts at `start` with the character `first`.
fn word_end(text: &str, start: usize, first: char) -> usize {
    let mut i = start + first.len_utf8();
    let mut last = first;
    loop {
        match char_at(text, i) {
            Some(d) if is_word_char(d) => {
                i += d.len_utf8();
                last = d;
            }
            Some(j @ ('\'' | '’' | '-')) => match char_at(text, i + j.len_utf8()) {
                Some(d) if is_word_char(d) => {
                    i += j.len_utf8() + d.len_utf8();
                    last = d;
                }
                _ => return i,
            },
            Some('.' | ',') if last.is_ascii_digit() => match char_at(text, i + 1) {
                Some(d) if d.is_ascii_digit() => {
                    i += 2;
                    last = d;
                }
                _ => return i,
            },
            _ => return i,
        }
    }
}

/// The number of tokens of `text`.
pub(crate) fn count(text: &str) -> usize {
    let mut n = 0usize;
    for_each_token(text, |_| n += 1);
    n
}

/// The tokens of `text`.
#[cfg(test)]
pub(crate) fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for_each_token(text, |t| out.push(t));
    out
}

/// True when `token` is exactly one token (what the artifact's vocabulary must hold).
pub(crate) fn is_single_token(token: &str) -> bool {
    let mut n = 0usize;
    let mut same = false;
    for_each_token(token, |t| {
        n += 1;
        same = t.len() == token.len();
    });
    n == 1 && same
}

/// Whether a space goes between `prev` and `next` when tokens are joined into text. The rules
/// never glue two tokens into one: two words are always separated, so joining and tokenizing
/// again gives the same tokens (the completion's token count is the count of its text).
pub(crate) fn space_between(prev: Option<&str>, next: &str) -> bool {
    let Some(prev) = prev else { return false };
    if prev == PARA || next == PARA {
        return false;
    }
    let closing = matches!(
        next,
        "." | "," | ";" | ":" | "!" | "?" | ")" | "]" | "}" | "%" | "/"
    );
    let opening = matches!(prev, "(" | "[" | "{" | "/");
    !(closing || opening)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_punctuation_and_paragraphs() {
        assert_eq!(
            tokens("The DAO's vote (on v2.3) passed: 1,000 shares.\n\nNext  para\nline"),
            vec![
                "The", "DAO's", "vote", "(", "on", "v2.3", ")", "passed", ":", "1,000", "shares",
                ".", PARA, "Next", "para", "line"
            ]
        );
        assert_eq!(tokens("cw-multi-test - x -y z- 'q'"), {
            vec!["cw-multi-test", "-", "x", "-", "y", "z", "-", "'", "q", "'"]
        });
        assert_eq!(tokens("ipfs://cid"), vec!["ipfs", ":", "/", "/", "cid"]);
        assert_eq!(tokens("   \n \t "), Vec::<&str>::new());
        assert_eq!(tokens("\r\n\r\nx"), vec![PARA, "x"]);
        assert_eq!(tokens("héllo wörld…"), vec!["héllo", "wörld", "…"]);
        assert_eq!(count("a b. c"), 4);
    }

    #[test]
    fn single_tokens() {
        for t in ["word", "DAO's", "2.3", ".", PARA, "é"] {
            assert!(is_single_token(t), "{t:?}");
        }
        for t in ["", " ", "a b", "a.", "\n\n\n x", " a", "a-", "2."] {
            assert!(!is_single_token(t), "{t:?}");
        }
    }
}
