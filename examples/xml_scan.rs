//! The floor `podfeed validate` is measured against (issue 15): a bare quick-xml event scan of a
//! feed file, whole process. It reads the file and counts the XML events, building nothing.
//!
//! ```sh
//! PODFEED_BENCH_EPISODES=10000 PODFEED_BENCH_FEED=/tmp/feed.xml PODFEED_BENCH_ONLY=write \
//!     cargo bench --bench validate
//! cargo run --release --example xml_scan -- /tmp/feed.xml
//! ```

use quick_xml::Reader;
use quick_xml::events::Event;

fn main() -> std::io::Result<()> {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: xml_scan FEED");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path)?;
    let mut reader = Reader::from_reader(bytes.as_slice());
    let mut events = 0u64;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(_) => events += 1,
            Err(e) => {
                eprintln!("xml_scan: {e} at byte {}", reader.error_position());
                std::process::exit(1);
            }
        }
    }
    println!("{events} events");
    Ok(())
}
