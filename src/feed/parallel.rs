//! A streaming parse with its sink on a second thread: the reader parses the next items while
//! the sink checks the last ones, so one large feed keeps two cores busy.
//!
//! The sink gets the same view as in [`super::stream`] (the channel's elements so far, then the
//! item), rebuilt on its thread from what the reader sends at each item: the item's entries in
//! the document's lists (elements, attributes, child ids, arena texts), moved out of the reader's
//! document, and a copy of the channel's entries and of its list of children only when they
//! changed since the last item (in most feeds, once). The text itself is shared. Items go in batches (up to [`BATCH`] items or
//! [`BATCH_ELEMENTS`] elements), and at most [`IN_FLIGHT`] batches wait between the two
//! threads, so memory still follows the largest items, not their number.
//!
//! For the length of the read the two threads run on different halves of the CPUs
//! ([`super::cores`]): left to itself, Linux sometimes stacks them on one core.
//!
//! Nothing one thread allocates is freed by the other: glibc's allocator frees a block into the
//! arena that gave it, under that arena's lock, so the two threads would take turns on the
//! reader's lock (in a profile of a 10,000-episode feed, a sixth of the time went to the lock's
//! futex calls). The sink's thread sends every batch back once checked, the item's entries moved
//! back into it, and the reader drops them or fills the same buffers again. (Dropping them on the
//! sink's thread instead made the in-process validation with glibc's allocator 1.3 times slower,
//! 54.4 → 70.3 ms, though elements now hold no allocation of their own; with mimalloc, as the
//! binary is built, the two ways measure the same.)

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use super::cores::Apart;
use super::decode::{decode, decode_owned};
use super::parse::{ItemSink, Limits, Sink, build, too_large};
use super::{Attribute, Document, Element, ElementId, Marks};

/// Items sent to the sink's thread together, at most: one wake-up of that thread per batch,
/// not per item (a feed of a million tiny items would otherwise spend its time switching
/// threads).
const BATCH: usize = 64;

/// A batch is sent once its items hold this many elements (about 600 KB), whatever their
/// number: a few large items go alone.
const BATCH_ELEMENTS: usize = 4096;

/// Batches read but not yet checked, at most.
const IN_FLIGHT: usize = 4;

/// Whether a feed of `len` bytes is worth a second thread: it is large enough that the thread's
/// start and the copies cost little beside the work it takes over (a 1 MiB feed has a few
/// hundred items), and the machine has a second core.
pub fn worth_two_threads(len: usize) -> bool {
    len >= 1 << 20 && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// [`super::stream`], with `sink` on a second thread.
pub fn stream_parallel<S: ItemSink + Send>(bytes: &[u8], limits: Limits, sink: &mut S) -> Document {
    if bytes.len() > limits.max_bytes {
        return too_large(bytes.len(), limits);
    }
    on_two_threads(sink, |forward| {
        build(decode(bytes), limits, Some(Sink::Forward(forward)))
    })
}

/// [`super::stream_owned`], with `sink` on a second thread.
pub fn stream_owned_parallel<S: ItemSink + Send>(
    bytes: Vec<u8>,
    limits: Limits,
    sink: &mut S,
) -> Document {
    if bytes.len() > limits.max_bytes {
        return too_large(bytes.len(), limits);
    }
    on_two_threads(sink, |forward| {
        build(decode_owned(bytes), limits, Some(Sink::Forward(forward)))
    })
}

/// Runs `read` with a sink that forwards each item to `sink` on a scoped thread, and waits for
/// that thread to finish the items. A panic of the sink is the caller's panic.
fn on_two_threads<S: ItemSink + Send>(
    sink: &mut S,
    read: impl FnOnce(&mut Forward) -> Document,
) -> Document {
    // Dropped last, after the sink's thread has ended: the reader's CPUs come back then.
    let apart = Apart::split();
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<Vec<Piece>>(IN_FLIGHT);
        let (back_tx, back) = channel::<Vec<Piece>>();
        let apart = apart.as_ref();
        let worker = scope.spawn(move || {
            if let Some(apart) = apart {
                apart.confine_other();
            }
            receive(rx, &back_tx, sink)
        });
        let mut forward = Forward {
            tx,
            back,
            spare: Vec::new(),
            sent: None,
            batch: Vec::with_capacity(BATCH),
            elements: 0,
        };
        let doc = read(&mut forward);
        forward.send();
        let Forward { tx, back, .. } = forward;
        drop(tx);
        // The batches still to come back are dropped here, on the thread that allocated them.
        for batch in back {
            drop(batch);
        }
        if let Err(panic) = worker.join() {
            std::panic::resume_unwind(panic);
        }
        doc
    })
}

/// Some of a document's lists: the entries before an item (the channel's, with the channel's
/// list of children), or the item's own.
#[derive(Default)]
struct Lists {
    elements: Vec<Element>,
    attributes: Vec<Attribute>,
    child_ids: Vec<ElementId>,
    arena: String,
    channel_children: Vec<ElementId>,
}

impl Lists {
    /// A copy of `doc`'s entries before `to`.
    fn before(doc: &Document, to: Marks) -> Self {
        Lists {
            elements: doc.elements.get(..to.elements).unwrap_or_default().to_vec(),
            attributes: doc
                .attributes
                .get(..to.attributes)
                .unwrap_or_default()
                .to_vec(),
            child_ids: doc
                .child_ids
                .get(..to.child_ids)
                .unwrap_or_default()
                .to_vec(),
            arena: doc.arena.get(..to.arena).unwrap_or_default().to_owned(),
            channel_children: doc.channel_children.clone(),
        }
    }

    /// `doc`'s entries from `from` on, moved out of it (the reader would drop them next).
    fn take(&mut self, doc: &mut Document, from: Marks) {
        let tail = |from: usize, len: usize| from.min(len)..;
        let (elements, attributes) = (doc.elements.len(), doc.attributes.len());
        self.elements
            .extend(doc.elements.drain(tail(from.elements, elements)));
        self.attributes
            .extend(doc.attributes.drain(tail(from.attributes, attributes)));
        let child_ids = doc.child_ids.len();
        self.child_ids
            .extend(doc.child_ids.drain(tail(from.child_ids, child_ids)));
        self.arena
            .push_str(doc.arena.get(from.arena..).unwrap_or_default());
        doc.arena.truncate(from.arena);
    }

    fn clear(&mut self) {
        self.elements.clear();
        self.attributes.clear();
        self.child_ids.clear();
        self.arena.clear();
    }
}

/// What the reader sends at each item.
#[derive(Default)]
struct Piece {
    /// The text, the first time.
    text: Option<(Arc<String>, &'static str)>,
    /// The entries before the item, when they changed since the last item.
    before: Option<Lists>,
    /// The item and everything in it.
    item: Lists,
    /// The item's id (the number of elements before it).
    id: ElementId,
}

/// The room a spare piece may keep, at most: an ordinary item's elements and arena. A piece
/// grown by a large item is dropped, not kept (the spares would otherwise hold the largest items
/// a hostile feed can send, [`BATCH`] times over).
const SPARE_ELEMENTS: usize = 256;
const SPARE_ARENA: usize = 16 * 1024;

impl Piece {
    /// Whether the piece's buffers are small enough to keep for the next items.
    fn small(&self) -> bool {
        let item = &self.item;
        item.elements.capacity() <= SPARE_ELEMENTS
            && item.attributes.capacity() <= SPARE_ELEMENTS
            && item.child_ids.capacity() <= SPARE_ELEMENTS
            && item.arena.capacity() <= SPARE_ARENA
    }
}

/// The reader's sink: sends each item to the other thread.
pub(super) struct Forward {
    tx: SyncSender<Vec<Piece>>,
    /// The batches the sink's thread is done with, to drop or fill again on this thread.
    back: Receiver<Vec<Piece>>,
    /// Pieces come back, emptied, to be filled again.
    spare: Vec<Piece>,
    /// The item id and the channel's number of children at the last item sent: the elements
    /// before an item change only when a channel element is added (the channel's children list
    /// ends with the item itself, whose id is the number of elements before it).
    sent: Option<(ElementId, usize)>,
    /// The items not sent yet, and how many elements they hold.
    batch: Vec<Piece>,
    elements: usize,
}

impl Forward {
    /// Sends the batch. The receiver is gone only when the sink panicked; the join reports that.
    fn send(&mut self) {
        if !self.batch.is_empty() {
            let batch = match self.back.try_recv() {
                Ok(mut returned) => {
                    self.recycle(&mut returned);
                    std::mem::replace(&mut self.batch, returned)
                }
                Err(_) => std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH)),
            };
            self.elements = 0;
            let _ = self.tx.send(batch);
        }
    }

    /// Takes the pieces of a batch that came back, emptied here, for the next items.
    fn recycle(&mut self, returned: &mut Vec<Piece>) {
        for mut piece in returned.drain(..) {
            piece.text = None;
            piece.before = None;
            piece.item.clear();
            if self.spare.len() < BATCH && piece.small() {
                self.spare.push(piece);
            }
        }
    }
}

impl Forward {
    /// Item `item` of `doc` has closed: its entries are moved into a piece of the batch, which
    /// is sent when full.
    pub(super) fn take(&mut self, doc: &mut Document, item: ElementId) {
        let channel_children = doc
            .get(item)
            .and_then(|e| e.parent)
            .and_then(|ch| doc.get(ch))
            .map_or(0, |ch| doc.children(ch).len());
        let now = (item, channel_children);
        let marks = doc.item_marks;
        let before = (self.sent != Some(now)).then(|| Lists::before(doc, marks));
        let text = self
            .sent
            .is_none()
            .then(|| (Arc::clone(&doc.text), doc.encoding));
        self.sent = Some(now);
        self.elements += doc.elements.len().saturating_sub(item);
        let mut piece = self.spare.pop().unwrap_or_default();
        piece.text = text;
        piece.before = before;
        piece.item.take(doc, marks);
        piece.id = item;
        self.batch.push(piece);
        if self.batch.len() == BATCH || self.elements >= BATCH_ELEMENTS {
            self.send();
        }
    }
}

/// The sink's thread: rebuilds each item's view, hands it to `sink`, and sends each batch back
/// with the item's entries moved into it.
fn receive<S: ItemSink>(rx: Receiver<Vec<Piece>>, back: &Sender<Vec<Piece>>, sink: &mut S) {
    let mut doc = Document {
        text: Arc::default(),
        elements: Vec::new(),
        problems: Vec::new(),
        fatal: false,
        encoding: "UTF-8",
        doctype: None,
        arena: String::new(),
        attributes: Vec::new(),
        child_ids: Vec::new(),
        channel_children: Vec::new(),
        item_marks: Marks::default(),
    };
    for mut batch in rx {
        for piece in &mut batch {
            if let Some((text, encoding)) = piece.text.take() {
                doc.text = text;
                doc.encoding = encoding;
            }
            if let Some(mut before) = piece.before.take() {
                // The channel's entries as they were: dropped with the batch, on the reader.
                std::mem::swap(&mut doc.elements, &mut before.elements);
                std::mem::swap(&mut doc.attributes, &mut before.attributes);
                std::mem::swap(&mut doc.child_ids, &mut before.child_ids);
                std::mem::swap(&mut doc.arena, &mut before.arena);
                std::mem::swap(&mut doc.channel_children, &mut before.channel_children);
                piece.before = Some(before);
                doc.item_marks = doc.marks();
            }
            let before = doc.item_marks;
            let item = &mut piece.item;
            doc.elements.append(&mut item.elements);
            doc.attributes.append(&mut item.attributes);
            doc.child_ids.append(&mut item.child_ids);
            doc.arena.push_str(&item.arena);
            sink.item(&doc, piece.id);
            item.elements.extend(doc.elements.drain(before.elements..));
            item.attributes
                .extend(doc.attributes.drain(before.attributes..));
            item.child_ids
                .extend(doc.child_ids.drain(before.child_ids..));
            doc.arena.truncate(before.arena);
        }
        // Never refused: the reader takes batches back until this thread is done.
        let _ = back.send(batch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{Ns, stream};

    /// What a sink can see at each item: its path, its title (a copy in the arena, as it has
    /// a reference), and the channel's children so far with their text.
    #[derive(Default, PartialEq, Debug)]
    struct Views(Vec<String>);

    impl ItemSink for Views {
        fn item(&mut self, doc: &Document, item: ElementId) {
            let title = doc.child_text(item, &Ns::None, "title").unwrap_or_default();
            let channel = doc.elements[item].parent.expect("an item has a parent");
            let before: Vec<String> = doc
                .children(&doc.elements[channel])
                .iter()
                .map(|&c| format!("{}={}", doc.path(c), doc.text_of(&doc.elements[c])))
                .collect();
            self.0
                .push(format!("{} {title} [{}]", doc.path(item), before.join(" ")));
        }
    }

    /// `items` items, with a channel element after the item numbered `changed`.
    fn feed(items: usize, changed: usize) -> String {
        let mut s = String::from("<rss version=\"2.0\"><channel><title>T &amp; U</title>");
        for n in 1..=items {
            s.push_str(&format!("<item><title>E&amp;{n}</title></item>\n"));
            if n == changed {
                s.push_str("<copyright>C &amp; D</copyright>");
            }
            if n == changed + 1 {
                // A channel element with children of its own between two items.
                s.push_str("<image><url>https://h.example/a&amp;b.png</url></image>");
            }
        }
        s + "</channel></rss>"
    }

    #[test]
    fn a_piece_grown_by_a_large_item_is_not_kept_for_reuse() {
        let piece = |lists: Lists| Piece {
            item: lists,
            ..Piece::default()
        };
        let ordinary = piece(Lists {
            elements: Vec::with_capacity(40),
            arena: String::with_capacity(512),
            ..Lists::default()
        });
        assert!(ordinary.small());
        let large = piece(Lists {
            elements: Vec::with_capacity(SPARE_ELEMENTS + 1),
            ..Lists::default()
        });
        assert!(!large.small());
        let many_attributes = piece(Lists {
            attributes: Vec::with_capacity(SPARE_ELEMENTS + 1),
            ..Lists::default()
        });
        assert!(!many_attributes.small());
        let long_texts = piece(Lists {
            arena: String::with_capacity(SPARE_ARENA + 1),
            ..Lists::default()
        });
        assert!(!long_texts.small());
    }

    #[test]
    fn the_sink_on_a_second_thread_sees_what_it_sees_on_the_first() {
        // Many more items than wait between the threads (so batches come back and are filled
        // again, the last one short), and the channel changing midway.
        let items = BATCH * (IN_FLIGHT + 20) + 5;
        let text = feed(items, BATCH + 3);
        let mut one = Views::default();
        let doc_one = stream(text.as_bytes(), Limits::default(), &mut one);
        let mut two = Views::default();
        let doc_two = stream_parallel(text.as_bytes(), Limits::default(), &mut two);
        assert_eq!(one.0.len(), items);
        assert_eq!(one, two);
        assert!(
            one.0[BATCH + 3].contains("/rss/channel/copyright=C & D"),
            "{}",
            one.0[BATCH + 3]
        );
        assert!(
            one.0[BATCH + 4].ends_with("/rss/channel/image= /rss/channel/item[69]=]"),
            "{}",
            one.0[BATCH + 4]
        );
        assert_eq!(doc_one.elements.len(), doc_two.elements.len());
        assert_eq!(doc_one.arena, doc_two.arena);
    }
}
