//! The one page-size rule of every list query: the `limit` asked for, a default when none is
//! given, never more than a maximum. Most lists use [`PAGE`]; a list whose entries are small
//! enough for longer pages names its own [`PageSize`] next to its message.
//!
//! `PAGE.after(start_after, limit).list(&MAP, storage, f)` reads one page of a [`Map`] or of a
//! map's [`Prefix`] in key order and turns each entry into its response: a list query is that.

use cosmwasm_std::{Addr, Api, Order, StdResult, Storage};
use cw_storage_plus::{Bound, KeyDeserialize, Map, Prefix, PrimaryKey};
use serde::{de::DeserializeOwned, Serialize};

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

    /// The page of a list query: the entries after `start_after` (from the first when `None`),
    /// at most [`take`](Self::take)`(limit)` of them. Read it with [`Page::list`].
    pub const fn after<K>(&self, start_after: Option<K>, limit: Option<u32>) -> Page<K> {
        Page {
            start_after,
            take: self.take(limit),
        }
    }
}

/// One page of a list, before it is read: where it starts and how many entries it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page<K> {
    /// The key the page starts after; `None` starts at the first entry.
    pub start_after: Option<K>,
    /// Most entries the page holds.
    pub take: usize,
}

impl<K> Page<K> {
    /// The page of `map` (a [`Map`] or a [`Prefix`] of one) in ascending key order, each entry
    /// `(key, value)` turned into a response by `f`.
    pub fn list<'k, M, R>(
        self,
        map: &M,
        store: &dyn Storage,
        f: impl FnMut(M::Entry) -> StdResult<R>,
    ) -> StdResult<Vec<R>>
    where
        M: Listed<'k, Key = K>,
        K: PrimaryKey<'k>,
    {
        self.list_in(Order::Ascending, map, store, f)
    }

    /// [`list`](Self::list) in the given key order: descending starts from the last entry, or
    /// from the one before `start_after`.
    pub fn list_in<'k, M, R>(
        self,
        order: Order,
        map: &M,
        store: &dyn Storage,
        mut f: impl FnMut(M::Entry) -> StdResult<R>,
    ) -> StdResult<Vec<R>>
    where
        M: Listed<'k, Key = K>,
        K: PrimaryKey<'k>,
    {
        let after = self.start_after.map(Bound::exclusive);
        let (min, max) = match order {
            Order::Ascending => (after, None),
            Order::Descending => (None, after),
        };
        map.entries(store, min, max, order)
            .take(self.take)
            .map(|entry| f(entry?))
            .collect()
    }
}

/// A list's `start_after` address, validated (a list keyed by address starts after it).
pub fn start_addr(api: &dyn Api, start_after: Option<String>) -> StdResult<Option<Addr>> {
    start_after.map(|a| api.addr_validate(&a)).transpose()
}

/// What [`Page::list`] reads a page from: a [`Map`], or one [`Prefix`] of it.
pub trait Listed<'k> {
    /// The key (or, for a prefix, the rest of the key) a page starts after.
    type Key: PrimaryKey<'k>;
    /// One entry as the map yields it: `(key, value)`.
    type Entry;
    /// The entries between `min` and `max` in `order`.
    fn entries<'s>(
        &self,
        store: &'s dyn Storage,
        min: Option<Bound<'k, Self::Key>>,
        max: Option<Bound<'k, Self::Key>>,
        order: Order,
    ) -> Box<dyn Iterator<Item = StdResult<Self::Entry>> + 's>;
}

/// [`Listed`] for a storage type whose inherent `range` yields `(K::Output, T)` for bounds of
/// its key type `$key`: [`Map`] and [`Prefix`] have the same `range`, but no shared trait.
macro_rules! listed_by_range {
    ($ty:ty, $key:ident, $($param:ident),+) => {
        impl<'k, $($param),+> Listed<'k> for $ty
        where
            $key: PrimaryKey<'k>,
            K: KeyDeserialize,
            K::Output: 'static,
            T: Serialize + DeserializeOwned + 'static,
        {
            type Key = $key;
            type Entry = (K::Output, T);

            fn entries<'s>(
                &self,
                store: &'s dyn Storage,
                min: Option<Bound<'k, $key>>,
                max: Option<Bound<'k, $key>>,
                order: Order,
            ) -> Box<dyn Iterator<Item = StdResult<Self::Entry>> + 's> {
                self.range(store, min, max, order)
            }
        }
    };
}

listed_by_range!(Map<K, T>, K, K, T);
listed_by_range!(Prefix<K, T, B>, B, K, T, B);

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

    const NUMBERS: Map<u64, String> = Map::new("numbers");
    const NESTED: Map<(&str, u64), u64> = Map::new("nested");

    #[test]
    fn a_list_reads_after_start_in_order_at_most_a_page() {
        let mut store = cosmwasm_std::testing::MockStorage::new();
        for n in 1..=5u64 {
            NUMBERS.save(&mut store, n, &n.to_string()).unwrap();
            NESTED.save(&mut store, ("a", n), &(n * 10)).unwrap();
            NESTED.save(&mut store, ("b", n), &0).unwrap();
        }
        let p = PageSize { default: 2, max: 3 };
        let key = |(k, _): (u64, String)| Ok(k);
        let asc = |after, limit| p.after(after, limit).list(&NUMBERS, &store, key).unwrap();
        assert_eq!(asc(None, None), [1, 2]);
        assert_eq!(asc(Some(2), Some(9)), [3, 4, 5]);
        assert_eq!(asc(Some(5), None), [] as [u64; 0]);
        let desc = |after| {
            let page = p.after(after, Some(3));
            page.list_in(Order::Descending, &NUMBERS, &store, key)
                .unwrap()
        };
        assert_eq!(desc(None), [5, 4, 3]);
        assert_eq!(desc(Some(2)), [1]);
        let a = NESTED.prefix("a");
        let values = p.after(Some(3), None).list(&a, &store, |(_, v)| Ok(v));
        assert_eq!(values.unwrap(), [40, 50]);
        // an error of `f` ends the page with that error
        let failing = p.after(None, None).list(&NUMBERS, &store, |_| {
            Err::<u64, _>(cosmwasm_std::StdError::generic_err("no"))
        });
        assert!(failing.is_err());
    }
}
