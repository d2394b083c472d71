//! Telling a file's media type from its first bytes, or else its name.

use std::path::Path;

/// How many leading bytes [`from_magic`] looks at.
pub const SNIFF_LEN: usize = 16;

/// The media type that a file's first bytes announce, if they announce one.
pub fn from_magic(head: &[u8]) -> Option<&'static str> {
    let at = |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
    if at(0, &[0xFF, 0xD8, 0xFF]) {
        return Some("image/jpeg");
    }
    if at(0, b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if at(0, b"GIF87a") || at(0, b"GIF89a") {
        return Some("image/gif");
    }
    if at(0, b"RIFF") {
        if at(8, b"WEBP") {
            return Some("image/webp");
        }
        if at(8, b"WAVE") {
            return Some("audio/wav");
        }
        if at(8, b"AVI ") {
            return Some("video/x-msvideo");
        }
        return None;
    }
    if at(4, b"ftyp") {
        return Some(match head.get(8..12) {
            Some(b"qt  ") => "video/quicktime",
            Some(b"avif") | Some(b"avis") => "image/avif",
            Some(b"heic") | Some(b"heix") | Some(b"mif1") => "image/heic",
            Some(b"M4A ") => "audio/mp4",
            _ => "video/mp4",
        });
    }
    if at(0, &[0x1A, 0x45, 0xDF, 0xA3]) {
        return Some("video/webm");
    }
    if at(0, b"BM") && head.len() >= 14 {
        return Some("image/bmp");
    }
    if at(0, b"II*\0") || at(0, b"MM\0*") {
        return Some("image/tiff");
    }
    if at(0, b"%PDF-") {
        return Some("application/pdf");
    }
    if at(0, b"ID3") || at(0, &[0xFF, 0xFB]) {
        return Some("audio/mpeg");
    }
    if at(0, b"OggS") {
        return Some("audio/ogg");
    }
    if at(0, &[0x1F, 0x8B]) {
        return Some("application/gzip");
    }
    if at(0, b"PK\x03\x04") {
        return Some("application/zip");
    }
    None
}

/// The media type a file name's extension usually means, if it is a known one.
pub fn from_extension(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "jpg" | "jpeg" | "jpe" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "heic" => "image/heic",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "svg" => "image/svg+xml",
        "mp4" | "m4v" => "video/mp4",
        "mov" | "qt" => "video/quicktime",
        "webm" => "video/webm",
        "avi" => "video/x-msvideo",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "wav" => "audio/wav",
        "ogg" | "oga" => "audio/ogg",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        _ => return None,
    })
}
