//! Windows builds only: gives onshi-tray.exe its icon, version information and application manifest, so Explorer,
//! Task Manager, the Start menu and "Apps & features" show the app's name, icon and version.
//!
//! The icon is drawn here by the core's icon code (`core/src/icon.rs`, included below; it needs only `png`), one frame
//! for each size Explorer and the shell ask for (16 to 256 px), so there is one source of truth for it. Other targets
//! build nothing here.

use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "core/src/icon.rs"]
mod icon;

const ICON: &str = "core/src/icon.rs";
const MANIFEST: &str = "packaging/windows/onshi-tray.exe.manifest";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={ICON}");
    println!("cargo:rerun-if-changed={MANIFEST}");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let ico = out.join("onshi-tray.ico");
    std::fs::write(&ico, icon::ico(icon::Look::Idle, &icon::EXE_FRAMES)).expect("cannot write the icon");
    let manifest = std::fs::canonicalize(MANIFEST).unwrap_or_else(|e| panic!("cannot find {MANIFEST}: {e}"));
    let rc = out.join("onshi-tray.rc");
    std::fs::write(&rc, resource_script(&ico, &manifest)).expect("cannot write the resource script");
    embed_resource::compile(&rc, embed_resource::NONE).manifest_required().expect("cannot compile the resources");
}

fn rc_path(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

fn resource_script(ico: &Path, manifest: &Path) -> String {
    let version = |key: &str| std::env::var(key).ok().and_then(|v| v.parse::<u16>().ok()).unwrap_or(0);
    let numbers = format!(
        "{},{},{},0",
        version("CARGO_PKG_VERSION_MAJOR"),
        version("CARGO_PKG_VERSION_MINOR"),
        version("CARGO_PKG_VERSION_PATCH")
    );
    let text = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    // Task Manager shows FileDescription as the process name. 0x0411 = Japanese, 1200 = UTF-16.
    format!(
        r#"#pragma code_page(65001)
1 ICON "{ico}"
1 24 "{manifest}"
1 VERSIONINFO
FILEVERSION {numbers}
PRODUCTVERSION {numbers}
FILEFLAGSMASK 0x3f
FILEFLAGS 0x0
FILEOS 0x40004
FILETYPE 0x1
FILESUBTYPE 0x0
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "041104b0"
    BEGIN
      VALUE "CompanyName", "onshi-tray"
      VALUE "FileDescription", "onshi-tray オン資メンテナンス通知"
      VALUE "FileVersion", "{text}"
      VALUE "InternalName", "onshi-tray"
      VALUE "LegalCopyright", "MIT OR Apache-2.0"
      VALUE "OriginalFilename", "onshi-tray.exe"
      VALUE "ProductName", "onshi-tray"
      VALUE "ProductVersion", "{text}"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x0411, 1200
  END
END
"#,
        ico = rc_path(ico),
        manifest = rc_path(manifest),
    )
}
