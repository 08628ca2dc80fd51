//! Reading and writing the user's files safely: only regular files are read, never more
//! than a limit (a theme or a tape pointing at /dev/zero or a FIFO must not hang or fill
//! memory), and a file is written whole or not at all (a temporary file renamed into place,
//! every error reported).

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Themes and tapes are small; anything larger is not one.
pub const TEXT_LIMIT: u64 = 1 << 20;

/// Reads a UTF-8 text file of at most `limit` bytes; a byte-order mark is dropped. The
/// error is a sentence naming the file.
pub fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let name = shown(path);
    let meta = fs::metadata(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("cannot read {name}: not a regular file"));
    }
    let file = File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!("cannot read {name}: larger than {} KiB", limit / 1024));
    }
    let text = String::from_utf8(bytes).map_err(|e| format!("cannot read {name}: not UTF-8 text ({e})"))?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// Checks, before any work, that `path` can be written later: its folder exists and it is
/// not a folder itself.
pub fn check_writable(path: &Path) -> Result<(), String> {
    let name = shown(path);
    if path.is_dir() {
        return Err(format!("cannot write {name}: it is a folder"));
    }
    let folder = folder_of(path);
    if !folder.is_dir() {
        return Err(format!("cannot write {name}: the folder {} does not exist", shown(&folder)));
    }
    Ok(())
}

/// Writes `bytes` to `path` whole or not at all: into a temporary file beside it, flushed
/// and synced, then renamed over `path`. Special files (/dev/null, a terminal) are written
/// directly, since they cannot be replaced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut file = fs::OpenOptions::new().write(true).open(path)?;
        file.write_all(bytes)?;
        return file.flush();
    }
    let folder = folder_of(path);
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = folder.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        file.flush()?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A path as it can be shown safely in a message (control characters escaped).
pub fn shown(path: &Path) -> String {
    crate::text::printable(path.to_string_lossy().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("printer-panel-files-{}-{name}", std::process::id()))
    }

    #[test]
    fn reading_refuses_what_is_not_a_small_regular_file() {
        assert!(read_text(Path::new("/dev/zero"), TEXT_LIMIT).unwrap_err().contains("not a regular file"));
        assert!(read_text(&std::env::temp_dir(), TEXT_LIMIT).unwrap_err().contains("not a regular file"));
        let big = temp("big");
        fs::write(&big, vec![b'a'; 2048]).unwrap();
        assert!(read_text(&big, 1024).unwrap_err().contains("larger than 1 KiB"));
        fs::write(&big, "\u{feff}Sleep 1s").unwrap();
        assert_eq!(read_text(&big, 1024).unwrap(), "Sleep 1s", "the byte-order mark is dropped");
        fs::remove_file(&big).unwrap();
    }

    #[test]
    fn writing_reports_errors_and_leaves_no_half_file() {
        let missing = Path::new("/nonexistent-folder/capture.pcap");
        assert!(check_writable(missing).unwrap_err().contains("does not exist"));
        assert!(check_writable(&std::env::temp_dir()).unwrap_err().contains("is a folder"));
        assert!(write_atomic(Path::new("/dev/full"), b"x").is_err(), "a full device is an error");
        let file = temp("atomic");
        write_atomic(&file, b"whole").unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"whole");
        fs::remove_file(&file).unwrap();
    }
}
