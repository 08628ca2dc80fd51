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

/// What is at an output path, as far as writing goes.
fn refusal(path: &Path) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let kind = fs::metadata(path).ok()?.file_type();
    if kind.is_dir() {
        Some("it is a folder")
    } else if kind.is_fifo() {
        // Opening a FIFO to write waits for a reader: it would hang the program.
        Some("it is a FIFO (a named pipe), not a regular file")
    } else if kind.is_socket() {
        Some("it is a socket, not a regular file")
    } else if kind.is_block_device() || (kind.is_char_device() && path != Path::new(DISCARD)) {
        Some("it is a device, not a regular file")
    } else {
        None
    }
}

/// The one device an output may name: what is written there is discarded.
const DISCARD: &str = "/dev/null";

/// Checks, before any work, that `path` can be written later: its folder exists, and it is
/// a regular file or nothing yet (or /dev/null); a folder, a FIFO, a socket or a device is
/// refused.
pub fn check_writable(path: &Path) -> Result<(), String> {
    let name = shown(path);
    if let Some(why) = refusal(path) {
        return Err(format!("cannot write {name}: {why}"));
    }
    let folder = folder_of(path);
    if !folder.is_dir() {
        return Err(format!("cannot write {name}: the folder {} does not exist", shown(&folder)));
    }
    Ok(())
}

/// Checks that `path` does not exist yet, for an output that must not replace a file
/// unless the user says so.
pub fn check_new(path: &Path, flag: &str) -> Result<(), String> {
    if fs::symlink_metadata(path).is_ok() {
        return Err(format!("{} exists already: give another name, or add {flag} to replace it", shown(path)));
    }
    Ok(())
}

/// Writes `bytes` to `path` whole or not at all: into a fresh temporary file beside it
/// (created exclusively under a random name, never through a link someone planted), flushed
/// and synced, then renamed over `path`. A link at `path` itself is replaced, not followed.
/// /dev/null takes the bytes; a folder, FIFO, socket or other device is an error.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if path == Path::new(DISCARD) {
        return Ok(());
    }
    if let Some(why) = refusal(path) {
        return Err(io::Error::other(why));
    }
    let mut file = temporary_beside(path)?;
    file.write_all(bytes)?;
    file.flush()?;
    file.as_file().sync_all()?;
    // On failure the temporary file is removed as it drops.
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A new temporary file in `path`'s folder: `O_CREAT | O_EXCL` under a random name, so it
/// can be neither guessed nor a link; mode 0666 as `File::create` would, less the umask.
pub fn temporary_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    use std::os::unix::fs::PermissionsExt;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    tempfile::Builder::new()
        .prefix(&format!(".{file_name}."))
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(0o666))
        .tempfile_in(folder_of(path))
}

pub fn folder_of(path: &Path) -> PathBuf {
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
        assert!(write_atomic(Path::new("/dev/full"), b"x").is_err(), "a device is an error");
        let file = temp("atomic");
        write_atomic(&file, b"whole").unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"whole");
        fs::remove_file(&file).unwrap();
    }

    /// The review's attack: a link planted where the old writer put its temporary file
    /// (`.NAME.PID.tmp`), and one at the output's own name. Neither victim changes; the
    /// output is a regular file with what was written.
    #[test]
    fn planted_links_are_never_written_through() {
        let dir = temp("links");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir(&dir).unwrap();
        let victim = dir.join("victim.txt");
        fs::write(&victim, "keep me").unwrap();
        let out = dir.join("out.gif");
        std::os::unix::fs::symlink(&victim, dir.join(format!(".out.gif.{}.tmp", std::process::id()))).unwrap();
        write_atomic(&out, b"GIF89a").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
        assert!(fs::symlink_metadata(&out).unwrap().file_type().is_file(), "out.gif is a file, not a link");
        let linked = dir.join("linked.gif");
        std::os::unix::fs::symlink(&victim, &linked).unwrap();
        write_atomic(&linked, b"GIF89a").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
        assert_eq!(fs::read(&linked).unwrap(), b"GIF89a");
        // Only the planted link and the outputs are left: no temporary file.
        let mut names: Vec<String> =
            fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names.len(), 4, "{names:?}");
        // The file gets the mode File::create would give it here (umask applied), not 0600.
        use std::os::unix::fs::PermissionsExt;
        let plain = dir.join("plain");
        File::create(&plain).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&out), mode(&plain));
        fs::remove_dir_all(&dir).unwrap();
    }

    /// A FIFO would hang the writer (opening it waits for a reader); a device other than
    /// /dev/null is not a file to write; both are refused before any work, and when writing.
    #[test]
    fn fifos_and_devices_are_refused_without_hanging() {
        let fifo = temp("fifo");
        let _ = fs::remove_file(&fifo);
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        assert!(check_writable(&fifo).unwrap_err().contains("FIFO"));
        assert!(write_atomic(&fifo, b"x").unwrap_err().to_string().contains("FIFO"));
        fs::remove_file(&fifo).unwrap();
        assert!(check_writable(Path::new("/dev/zero")).unwrap_err().contains("device"));
        check_writable(Path::new("/dev/null")).unwrap();
        write_atomic(Path::new("/dev/null"), b"discarded").unwrap();
    }
}
