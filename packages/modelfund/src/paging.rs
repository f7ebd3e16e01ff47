//! The one page-size rule of every list query: the `limit` asked for, a default when none is
//! given, never more than a maximum. Most lists use [`PAGE`]; a list whose entries are small
//! enough for longer pages names its own [`PageSize`] next to its message.

/// The default and the largest page of one list query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageSize {
    /// Entries returned when the query gives no `limit`.
    pub default: u32,
    /// Most entries returned, whatever `limit` asks for.
    pub max: u32,
}

impl PageSize {
    /// How many entries to take for `limit`: `default` when none, at most `max`.
    pub const fn take(&self, limit: Option<u32>) -> usize {
        let asked = match limit {
            Some(l) => l,
            None => self.default,
        };
        (if asked < self.max { asked } else { self.max }) as usize
    }
}

/// The page of every list query without its own [`PageSize`]: 10 by default, at most 30 (the
/// cw20-base and cw721-base values).
pub const PAGE: PageSize = PageSize {
    default: 10,
    max: 30,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_the_limit_asked_the_default_or_the_max() {
        let p = PageSize {
            default: 7,
            max: 20,
        };
        assert_eq!(p.take(None), 7);
        assert_eq!(p.take(Some(0)), 0);
        assert_eq!(p.take(Some(5)), 5);
        assert_eq!(p.take(Some(20)), 20);
        assert_eq!(p.take(Some(21)), 20);
        assert_eq!(p.take(Some(u32::MAX)), 20);
        assert_eq!(PAGE.take(None), 10);
        assert_eq!(PAGE.take(Some(1_000)), 30);
    }
}
