//! Value-for-value: `podcast:value` with its `podcast:valueRecipient`s and
//! `podcast:valueTimeSplit`s (SPEC.md §5.2).

use super::show_tags::RemoteItem;
pub use crate::namespace::value::RecipientType;

/// `podcast:value`: how listeners pay the show or an episode.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Value {
    /// `type`, e.g. `lightning`.
    pub kind: String,
    /// `method`, e.g. `keysend`.
    pub method: String,
    /// `suggested`: an amount suggested per minute, as written.
    pub suggested: Option<String>,
    /// The recipients (at least one).
    pub recipients: Vec<ValueRecipient>,
    /// Splits that replace the recipients for a stretch of the episode.
    pub time_splits: Vec<ValueTimeSplit>,
}

/// `podcast:valueRecipient`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ValueRecipient {
    /// `name`.
    pub name: Option<String>,
    /// `type`: `node` or `lnaddress`.
    pub kind: RecipientType,
    /// `address`: a node's public key or a Lightning address.
    pub address: String,
    /// `split`: shares of the payment.
    pub split: u64,
    /// `customKey`.
    pub custom_key: Option<String>,
    /// `customValue`.
    pub custom_value: Option<String>,
    /// `fee`: the recipient is a fee taken before the splits.
    pub fee: bool,
}

/// `podcast:valueTimeSplit`: other recipients from `start` for `duration` seconds.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ValueTimeSplit {
    /// `startTime`, seconds.
    pub start: f64,
    /// `duration`, seconds.
    pub duration: f64,
    /// `remoteStartTime`, seconds into the remote item.
    pub remote_start: Option<f64>,
    /// `remotePercentage`, 0–100.
    pub remote_percentage: Option<u32>,
    /// The remote item whose value block is paid, or its own recipients.
    pub to: SplitTo,
}

/// Who a time split pays: exactly one remote item, or recipients (the tag's doc).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SplitTo {
    /// The value block of another feed's item.
    Remote(RemoteItem),
    /// These recipients.
    Recipients(Vec<ValueRecipient>),
}
